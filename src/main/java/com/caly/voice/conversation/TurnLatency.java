package com.caly.voice.conversation;

import com.caly.shared.live.CallLoop;
import org.jspecify.annotations.Nullable;

/**
 * How long each turn of the caller's waited for the agent's voice: from when the end of the caller's speech reached
 * us to when the agent's first audio went to the line, split into the model's part (create sent to first audio) and
 * ours (the rest).
 */
public final class TurnLatency {

    public record Turn(int number, long speechEndedCallMs, long voiceToVoiceMs, long modelMs, long serverMs) {}

    private final CallLoop loop;
    private boolean open;
    private boolean awaitingAudio;
    private long speechArrivedAt;
    private long speechStoppedAt;
    private long speechEndedCallMs;
    private long createSentAt;
    private int turns;

    public TurnLatency(CallLoop loop) {
        this.loop = loop;
    }

    /** The caller's turn ended: its last audio reached us at {@code arrivedAt} (loop time). */
    public void callerTurnEnded(long arrivedAt, long endedCallMs) {
        open = true;
        awaitingAudio = false;
        speechArrivedAt = arrivedAt;
        speechStoppedAt = loop.now();
        speechEndedCallMs = endedCallMs;
    }

    public void createSent() {
        createSentAt = loop.now();
        awaitingAudio = true;
    }

    /** The first audio of a response arrived at {@code receivedAt} and has just gone to the line. */
    public @Nullable Turn audioHanded(long receivedAt) {
        if (!open || !awaitingAudio) {
            return null;
        }
        open = false;
        awaitingAudio = false;
        long handedAt = loop.now();
        turns++;
        return new Turn(
                turns,
                speechEndedCallMs,
                handedAt - speechArrivedAt,
                receivedAt - createSentAt,
                (createSentAt - speechStoppedAt) + (handedAt - receivedAt));
    }
}
