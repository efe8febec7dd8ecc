package com.caly.billing;

import com.caly.shared.web.PublicEndpoints;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class BillingWebConfig {

    /** The margin report checks its own operator token; it is not for signed-in members. */
    @Bean
    PublicEndpoints operatorReports() {
        return PublicEndpoints.of(BillingController.MARGIN_PATH);
    }
}
