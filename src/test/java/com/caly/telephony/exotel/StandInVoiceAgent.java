package com.caly.telephony.exotel;

import com.caly.telephony.VoiceAgentGateway;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A small stand-in for the voice module's agent: it answers the caller's first audio with one second of speech
 * and hands over to a person on key 9.
 */
@TestConfiguration
class StandInVoiceAgent {

    static final AtomicLong callerBytes = new AtomicLong();

    @Bean
    @Primary
    VoiceAgentGateway standInAgent() {
        return (call, listener) -> Optional.of(new VoiceAgentGateway.Conversation() {
            private boolean answered;

            @Override
            public void callerAudio(byte[] pcm) {
                callerBytes.addAndGet(pcm.length);
                if (!answered) {
                    answered = true;
                    listener.agentAudio(CallSimulator.tone(call.sampleRate(), 1.0));
                }
            }

            @Override
            public void dtmf(String digit) {
                if (digit.equals("9")) {
                    listener.end("caller asked for a person", true);
                }
            }

            @Override
            public void close() {}
        });
    }
}
