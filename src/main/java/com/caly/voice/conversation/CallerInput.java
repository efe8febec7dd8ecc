package com.caly.voice.conversation;

import com.caly.shared.live.CallLoop;
import com.caly.voice.realtime.ClientEvents;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.UnaryOperator;

/**
 * The caller's audio on its way to the model. Frames go one by one while the caller speaks or might; once the line
 * has been quiet for well longer than the model's VAD needs to end a turn, silence goes in batches of
 * {@link #BATCHED_SILENCE_MS}, and a loud frame sends what is held at once. It keeps the offset between the call's
 * audio and the current session's (the model's VAD speaks in session milliseconds), and when recent session audio
 * reached us, for the turn latency.
 */
public final class CallerInput {

    static final long BATCHED_SILENCE_MS = 100;
    private static final int ARRIVALS_KEPT = 512;

    private final CallLoop loop;
    private final ModelSession session;
    private final CallerLoudness loudness = new CallerLoudness();
    private final UnaryOperator<byte[]> toModel;
    private final int lineBytesPerMs;
    private final long quietBeforeBatchingMs;
    private byte[] held = new byte[2_400];
    private int heldLength;
    private long heldMs;
    private long callerMs;
    private long lastLoudCallerMs;
    private long sessionStartCallMs;
    private long sessionMs;
    // session ms -> loop time at which that audio arrived, for the newest appends
    private final long[] arrivalSessionMs = new long[ARRIVALS_KEPT];
    private final long[] arrivalAt = new long[ARRIVALS_KEPT];
    private int arrivals;

    public CallerInput(
            CallLoop loop,
            ModelSession session,
            UnaryOperator<byte[]> toModel,
            int lineBytesPerMs,
            long quietBeforeBatchingMs) {
        this.loop = loop;
        this.session = session;
        this.toModel = toModel;
        this.lineBytesPerMs = lineBytesPerMs;
        this.quietBeforeBatchingMs = quietBeforeBatchingMs;
    }

    /** A caller frame (the line's PCM). Returns whether it was loud. */
    public boolean frame(byte[] pcm) {
        long ms = pcm.length / lineBytesPerMs;
        callerMs += ms;
        boolean loud = loudness.loud(pcm);
        if (loud) {
            lastLoudCallerMs = callerMs;
        }
        hold(toModel.apply(pcm), ms);
        if (callerMs - lastLoudCallerMs >= quietBeforeBatchingMs && heldMs < BATCHED_SILENCE_MS) {
            return loud;
        }
        flush();
        return loud;
    }

    /** Sends what is held (before an event that must come after it). */
    public void flush() {
        if (heldMs == 0) {
            return;
        }
        long ms = heldMs;
        String event =
                ClientEvents.AudioAppend.json(Base64.getEncoder().encodeToString(Arrays.copyOf(held, heldLength)));
        heldLength = 0;
        heldMs = 0;
        session.append(event, ms);
        sessionMs += ms;
        int slot = arrivals++ % ARRIVALS_KEPT;
        arrivalSessionMs[slot] = sessionMs;
        arrivalAt[slot] = loop.now();
    }

    /** A new session begins with the audio waiting for it (already counted in {@code waitingMs}). */
    public void sessionStarted(long waitingMs) {
        sessionStartCallMs = callerMs - heldMs - waitingMs;
        sessionMs = waitingMs;
        arrivals = 0;
    }

    /** The call's millisecond of a millisecond of the session's input audio. */
    public long callMs(long sessionAudioMs) {
        return sessionStartCallMs + sessionAudioMs;
    }

    /** The caller's audio so far, in milliseconds. */
    public long callerMs() {
        return callerMs;
    }

    /** The session's input audio so far, in milliseconds. */
    public long sessionMs() {
        return sessionMs;
    }

    /** When the session's audio at {@code sessionAudioMs} reached us (loop time); now when not known. */
    public long arrivalOf(long sessionAudioMs) {
        long arrival = loop.now();
        int kept = Math.min(arrivals, ARRIVALS_KEPT);
        for (int i = 1; i <= kept; i++) {
            int slot = (arrivals - i) % ARRIVALS_KEPT;
            if (arrivalSessionMs[slot] < sessionAudioMs) {
                break;
            }
            arrival = arrivalAt[slot];
        }
        return arrival;
    }

    private void hold(byte[] audio, long ms) {
        if (heldLength + audio.length > held.length) {
            held = Arrays.copyOf(held, Math.max(held.length * 2, heldLength + audio.length));
        }
        System.arraycopy(audio, 0, held, heldLength, audio.length);
        heldLength += audio.length;
        heldMs += ms;
    }
}
