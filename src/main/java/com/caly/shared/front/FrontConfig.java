package com.caly.shared.front;

import com.caly.shared.live.CallLoops;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The servlet web server: Tomcat behind the front server. Declaring the factory makes Spring Boot's own back off;
 * Boot's customizers (port, address, remote IP valve, graceful shutdown...) still apply to it.
 */
@Configuration(proxyBeanMethods = false)
class FrontConfig {

    @Bean
    FrontedTomcatFactory tomcatServletWebServerFactory(
            FrontProperties properties,
            ObjectProvider<CallLoops> loops,
            ObjectProvider<FrontRoute> routes,
            ObjectProvider<TomcatConnectorCustomizer> connectorCustomizers,
            ObjectProvider<TomcatContextCustomizer> contextCustomizers,
            ObjectProvider<TomcatProtocolHandlerCustomizer<?>> protocolHandlerCustomizers) {
        FrontedTomcatFactory factory = new FrontedTomcatFactory();
        factory.getConnectorCustomizers()
                .addAll(connectorCustomizers.orderedStream().toList());
        factory.getContextCustomizers()
                .addAll(contextCustomizers.orderedStream().toList());
        factory.getProtocolHandlerCustomizers()
                .addAll(protocolHandlerCustomizers.orderedStream().toList());
        if (properties.enabled()) {
            factory.frontWith(
                    () -> loops.getObject().group(),
                    () -> routes.orderedStream().toList());
        }
        return factory;
    }
}
