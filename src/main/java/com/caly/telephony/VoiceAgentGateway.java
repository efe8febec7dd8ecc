package com.caly.telephony;

import com.caly.calls.CallId;
import com.caly.shared.TenantId;
import java.util.Optional;

/**
 * The voice agent a live call talks to: caller audio goes in, agent audio and control events come out. The
 * telephony module owns this port; the voice module provides the agent. Without one, calls go to a person.
 */
public interface VoiceAgentGateway {

    /** Opens a conversation for the call, or empty when no agent is configured or available. */
    Optional<Conversation> open(CallContext call, Listener listener);

    record CallContext(TenantId companyId, CallId callId, String callSid, String from, String to, int sampleRate) {}

    /** A live conversation with the agent. */
    interface Conversation extends AutoCloseable {

        /** 16-bit little-endian mono PCM at the stream's sample rate. */
        void callerAudio(byte[] pcm);

        /** The caller pressed a key. */
        default void dtmf(String digit) {}

        /**
         * The caller has heard the agent's audio up to this position: a count of the bytes handed to
         * {@link Listener#agentAudio} since the call began (audio dropped by a clear counts as handed over, never
         * as heard). Learnt from Exotel's mark echoes, so it trails the playback by up to one chunk.
         */
        default void heard(long agentBytes) {}

        @Override
        void close();
    }

    /** What the agent asks of the call. */
    interface Listener {

        /** Agent speech to play, 16-bit little-endian mono PCM at the stream's sample rate. */
        void agentAudio(byte[] pcm);

        /** Drop agent audio not yet played (the caller interrupted). */
        void clear();

        /** End the agent's part of the call; {@code toHuman} sends the caller on to a person. */
        void end(String reason, boolean toHuman);
    }
}
