package com.caly.telephony.exotel;

import com.caly.telephony.VoiceAgentGateway;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A small stand-in for the voice module's agent: it answers the caller's first audio with one second of speech
 * and hands over to a person on key 9; key 2 asks for three seconds more, key 1 interrupts it, key 3 pauses it and
 * key 4 resumes it. It notes how much of its audio the caller has heard, and where the last pause left off.
 */
@TestConfiguration
class StandInVoiceAgent {

    static final AtomicLong opened = new AtomicLong();
    static final AtomicLong callerBytes = new AtomicLong();
    static final AtomicLong heard = new AtomicLong();
    static final AtomicLong pausedAt = new AtomicLong(-1);

    @Bean
    @Primary
    VoiceAgentGateway standInAgent() {
        return (call, listener) -> {
            opened.incrementAndGet();
            return conversation(call, listener);
        };
    }

    private static Optional<VoiceAgentGateway.Conversation> conversation(
            VoiceAgentGateway.CallContext call, VoiceAgentGateway.Listener listener) {
        return Optional.of(new VoiceAgentGateway.Conversation() {
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
                } else if (digit.equals("2")) {
                    listener.agentAudio(CallSimulator.tone(call.sampleRate(), 3.0));
                } else if (digit.equals("1")) {
                    listener.clear();
                } else if (digit.equals("3")) {
                    pausedAt.set(listener.pause());
                } else if (digit.equals("4")) {
                    listener.resume();
                }
            }

            @Override
            public void heard(long agentBytes) {
                heard.set(agentBytes);
            }

            @Override
            public void close() {}
        });
    }
}
