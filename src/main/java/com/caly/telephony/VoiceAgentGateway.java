package com.caly.telephony;

import com.caly.calls.CallId;
import com.caly.shared.TenantId;
import com.caly.shared.live.CallLoop;
import java.util.Optional;

/**
 * The voice agent a live call talks to: caller audio goes in, agent audio and control events come out. The
 * telephony module owns this port; the voice module provides the agent. Without one, calls go to a person.
 *
 * <p>Both sides run on the call's {@link CallContext#loop loop}: telephony calls the {@link Conversation} there,
 * and the {@link Listener} expects its calls there (called from another thread, it posts them to the loop).
 */
public interface VoiceAgentGateway {

    /**
     * Opens a conversation for the call, or empty when no agent is configured or available. Called off the loop
     * (it may read the database); what the listener is told from here on plays in order.
     */
    Optional<Conversation> open(CallContext call, Listener listener);

    /** @param loop the call's serial loop: every event of the call runs on it */
    record CallContext(
            TenantId companyId, CallId callId, String callSid, String from, String to, int sampleRate, CallLoop loop) {}

    /** A live conversation with the agent; every method is called on the call's loop. */
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

    /** What the agent asks of the call; every method belongs on the call's loop. */
    interface Listener {

        /** Agent speech to play, 16-bit little-endian mono PCM at the stream's sample rate. */
        void agentAudio(byte[] pcm);

        /** Drop agent audio not yet played (the caller interrupted), kept audio of a pause included; ends a pause. */
        void clear();

        /**
         * Stop handing agent audio to the line at once, and keep every byte the caller has not heard. Returns the
         * position (counted as in {@link Conversation#heard}) the caller will have heard up to: the line finishes
         * the chunk it is playing, so that is where the chunk playing now ends. Pausing while paused returns the
         * same position. Agent audio handed while paused is kept, after the rest.
         */
        long pause();

        /** Play the kept audio from the position {@link #pause} returned on, byte for byte, then what came after. */
        void resume();

        /** End the agent's part of the call; {@code toHuman} sends the caller on to a person. */
        void end(String reason, boolean toHuman);
    }
}
