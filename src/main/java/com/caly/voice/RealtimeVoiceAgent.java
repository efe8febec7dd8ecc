package com.caly.voice;

import com.caly.telephony.VoiceAgentGateway;
import com.caly.tenants.RedactionSettings;
import com.caly.tenants.TenantService;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The voice agent telephony talks to: a realtime conversation per call on the call's loop, opened at the stream's
 * start (before the caller speaks). Without OPENAI_API_KEY there is no agent, and calls go to a person.
 */
@Component
class RealtimeVoiceAgent implements VoiceAgentGateway {

    private final VoiceAgentRuntime runtime;
    private final AgentSettingsService settings;
    private final TenantService tenants;

    RealtimeVoiceAgent(VoiceAgentRuntime runtime, AgentSettingsService settings, TenantService tenants) {
        this.runtime = runtime;
        this.settings = settings;
        this.tenants = tenants;
    }

    @Override
    public Optional<Conversation> open(CallContext call, Listener listener) {
        if (!runtime.properties().configured()) {
            return Optional.empty();
        }
        // the database reads happen here, on the caller's thread, never on the call's loop
        AgentSettings agent = settings.settings(call.companyId());
        RedactionSettings redaction = tenants.getCompany(call.companyId()).redaction();
        byte[] greeting = runtime.greetings()
                .find(call.companyId(), GreetingCache.fingerprint(agent), AudioPath.formatName(call.sampleRate()))
                .orElse(null);
        LiveConversation conversation = new LiveConversation(call, listener, agent, redaction, runtime, greeting);
        // after the line's own set-up, posted before this; a hang-up posted later runs first and start does nothing
        call.loop().post(conversation::start);
        return Optional.of(conversation);
    }
}
