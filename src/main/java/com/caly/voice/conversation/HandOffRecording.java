package com.caly.voice.conversation;

import com.caly.shared.live.CallLoop;
import org.jspecify.annotations.Nullable;

/**
 * The escalations a call is writing, and the end of the line that waits for them. Ending the line is what makes
 * the flow's after-bot answer connect a person, so a hand-off whose escalation (with its brief) is still being
 * written ends once it is recorded, or after {@code waitMs} when the database is slow: the caller is never kept
 * from a person for long, and in the usual case the person's phone rings after the brief exists.
 */
public final class HandOffRecording {

    /** Where the call's hand-off records are: none being written, or some. */
    public enum State {
        IDLE,
        RECORDING
    }

    private final CallLoop loop;
    private final long waitMs;
    private int pending;
    private @Nullable Runnable end;
    private CallLoop.Timer deadline = CallLoop.Timer.NONE;

    public HandOffRecording(CallLoop loop, long waitMs) {
        this.loop = loop;
        this.waitMs = waitMs;
    }

    public State state() {
        return pending > 0 ? State.RECORDING : State.IDLE;
    }

    /** An escalation is being written off the loop; {@link #recorded()} follows on the loop, however it went. */
    public void recording() {
        pending++;
    }

    /** An escalation was written, or failed to be. */
    public void recorded() {
        pending = Math.max(0, pending - 1);
        if (pending == 0) {
            ending();
        }
    }

    /** Ends the line now when nothing is being written, else once it is, and at the latest after {@code waitMs}. */
    public void endWhenRecorded(Runnable endLine) {
        if (end != null) {
            return; // the line is already ending
        }
        end = endLine;
        if (pending == 0) {
            ending();
        } else {
            deadline = loop.schedule(waitMs, this::ending);
        }
    }

    private void ending() {
        Runnable endLine = end;
        if (endLine == null) {
            return;
        }
        end = () -> {}; // once only: a later call of endWhenRecorded finds it ending
        deadline.cancel();
        endLine.run();
    }
}
