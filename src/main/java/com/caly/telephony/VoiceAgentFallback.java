package com.caly.telephony;

import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Until a voice agent is provided, every call goes straight to the human branch of the flow. */
@Configuration(proxyBeanMethods = false)
class VoiceAgentFallback {

    @Bean
    @ConditionalOnMissingBean(VoiceAgentGateway.class)
    VoiceAgentGateway noVoiceAgent() {
        return (call, listener) -> Optional.empty();
    }
}
