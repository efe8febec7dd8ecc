package com.caly.voice;

import com.caly.telephony.VoiceAgentGateway;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The voice agent telephony talks to: a realtime conversation per call, opened at the stream's start (before
 * the caller speaks). Without OPENAI_API_KEY there is no agent, and calls go to a person.
 */
@Component
class RealtimeVoiceAgent implements VoiceAgentGateway {

    private final VoiceAgentRuntime runtime;
    private final AgentSettingsService settings;

    RealtimeVoiceAgent(VoiceAgentRuntime runtime, AgentSettingsService settings) {
        this.runtime = runtime;
        this.settings = settings;
    }

    @Override
    public Optional<Conversation> open(CallContext call, Listener listener) {
        if (!runtime.properties().configured()) {
            return Optional.empty();
        }
        RealtimeConversation conversation =
                new RealtimeConversation(call, listener, settings.settings(call.companyId()), runtime);
        conversation.start();
        return Optional.of(conversation);
    }
}
