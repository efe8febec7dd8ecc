package com.caly.voice.conversation;

import com.caly.shared.live.CallLoop;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Who has the turn, and what to do when the caller speaks over the agent. The caller's own frames say at once that
 * someone is speaking (the model's VAD reports it a round trip later); the model's speech events and transcripts
 * say how long and what it was.
 *
 * <ul>
 *   <li>{@code PAUSE_RESUME}: the first loud frame over the agent pauses it. Speech that lasts longer than a
 *       backchannel, or words that are not one, interrupt it; a backchannel, or nothing intelligible within the
 *       resume time after the caller stopped, resumes it where the caller stopped hearing it.
 *   <li>{@code TALK_THROUGH}: the agent goes on; speech longer than a backchannel, or words that are not one,
 *       interrupt it.
 *   <li>{@code IMMEDIATE}: any speech over the agent interrupts it.
 * </ul>
 *
 * Speech in the first {@code echoGuardMs} of an agent turn is taken for the agent's own echo. When the caller's
 * turn ends (the model's speech_stopped) and it was not a backchannel, the agent is asked to respond.
 */
public final class TurnTaking {

    /**
     * A loud frame within this long of the last loud one continues the same run of speech; the run's length, from
     * its first loud frame, is what is held against the backchannel limit.
     */
    static final long STILL_SPEAKING_MS = 150;

    public enum Mode {
        PAUSE_RESUME,
        TALK_THROUGH,
        IMMEDIATE;

        public static Mode of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    public record Policy(Mode mode, long backchannelMaxMs, long resumeAfterMs, long echoGuardMs, long wordsWaitMs) {}

    /** What the decisions ask of the conversation; all are called on the loop. */
    public interface Decisions {
        /** Stop handing agent audio to the line at once, keeping what was not heard. */
        void pause();

        /** Go on from where the caller stopped hearing. {@code backchannel}: their words were one. */
        void resume(boolean backchannel);

        /** The caller took the turn: stop the agent for good at what the caller heard. */
        void interrupt();

        /** The caller said it was only a backchannel while the agent went on talking. */
        void ignoredBackchannel();

        /** The caller's turn is over: the agent should answer. */
        void respond();
    }

    private enum State {
        /** No speech over the agent. */
        CLEAR,
        /** The caller speaks over the agent (talk-through), or the agent is paused for it, undecided. */
        OVERLAP,
        /** The overlap is decided an interruption; the caller's turn goes on until speech stops. */
        INTERRUPTED
    }

    private final CallLoop loop;
    private final Policy policy;
    private final Backchannels backchannels;
    private final Decisions decisions;
    private State state = State.CLEAR;
    private boolean paused;
    private long agentTurnStartedAt = Long.MIN_VALUE / 2;
    private long lastLoudAt = Long.MIN_VALUE / 2;
    /** When the caller's current run of speech began: its first loud frame after a quiet gap. */
    private long loudSince = Long.MIN_VALUE / 2;

    private @Nullable String overlapItem;
    private boolean speechStoppedInOverlap;
    private CallLoop.Timer resumeTimer = CallLoop.Timer.NONE;

    public TurnTaking(CallLoop loop, Policy policy, Backchannels backchannels, Decisions decisions) {
        this.loop = loop;
        this.policy = policy;
        this.backchannels = backchannels;
        this.decisions = decisions;
    }

    /** The agent began a turn (its first audio of a response went to the line). */
    public void agentTurnStarted() {
        agentTurnStartedAt = loop.now();
    }

    /**
     * A caller frame. {@code agentAudible}: agent audio is playing or queued to play. Returns nothing: a pause
     * decided here happens before the method returns, within the frame.
     */
    public void callerFrame(boolean loud, boolean agentAudible) {
        if (!loud) {
            return;
        }
        long now = loop.now();
        if (now - lastLoudAt > STILL_SPEAKING_MS) {
            loudSince = now;
        }
        lastLoudAt = now;
        long overAgentSince = Math.max(loudSince, agentTurnStartedAt + policy.echoGuardMs());
        if (state == State.OVERLAP && !speechStoppedInOverlap && now - overAgentSince >= policy.backchannelMaxMs()) {
            interrupt(); // the speech has outlasted a backchannel and goes on
            return;
        }
        if (state != State.CLEAR || !agentAudible || policy.mode() == Mode.TALK_THROUGH || inEchoGuard()) {
            return;
        }
        if (policy.mode() == Mode.IMMEDIATE) {
            beginOverlap(null);
            interrupt();
            return;
        }
        beginOverlap(null);
        paused = true;
        decisions.pause();
        // a blip the model never takes for speech: the agent goes on once the line has been quiet long enough
        resumeTimer = loop.schedule(policy.resumeAfterMs(), this::quietSincePause);
    }

    /** The model's VAD heard speech start. */
    public void speechStarted(String item, boolean agentAudible) {
        if (state == State.OVERLAP && overlapItem == null) {
            overlapItem = item; // the speech the caller's frames already paused the agent for
            return;
        }
        if (state != State.CLEAR || !agentAudible || inEchoGuard()) {
            return;
        }
        if (policy.mode() == Mode.IMMEDIATE) {
            beginOverlap(item);
            interrupt();
            return;
        }
        beginOverlap(item);
        if (policy.mode() == Mode.PAUSE_RESUME) {
            paused = true;
            decisions.pause();
        }
    }

    /** The model's VAD heard speech stop; {@code spokenMs} is how long it lasted without the VAD's padding. */
    public void speechStopped(String item, long spokenMs) {
        if (state == State.INTERRUPTED) {
            finishOverlap();
            decisions.respond();
            return;
        }
        if (state != State.OVERLAP || (overlapItem != null && !overlapItem.equals(item))) {
            decisions.respond(); // an ordinary turn
            return;
        }
        overlapItem = item;
        if (spokenMs > policy.backchannelMaxMs()) {
            interrupt();
            finishOverlap();
            decisions.respond();
            return;
        }
        // short speech over the agent: its words decide, if they come in time
        speechStoppedInOverlap = true;
        resumeTimer.cancel();
        long wait = paused ? policy.resumeAfterMs() : policy.wordsWaitMs();
        resumeTimer = loop.schedule(wait, this::noWordsInTime);
    }

    /** The caller's words for a speech item. */
    public void transcribed(String item, String words) {
        if (state == State.CLEAR || overlapItem == null || !overlapItem.equals(item)) {
            return;
        }
        boolean backchannel = words.isBlank() || backchannels.isBackchannel(words);
        if (state == State.INTERRUPTED) {
            return; // decided already; speech_stopped answers
        }
        if (backchannel) {
            if (!speechStoppedInOverlap) {
                return; // still speaking: the length decides, or speech_stopped
            }
            endOverlapGoingOn(!words.isBlank());
            return;
        }
        interrupt();
        if (speechStoppedInOverlap) {
            finishOverlap();
            decisions.respond();
        }
    }

    /** Whether the agent is paused for the caller, undecided. */
    public boolean paused() {
        return paused;
    }

    /** Forget the overlap (the agent's speech ended on its own, or the session changed). */
    public void reset() {
        finishOverlap();
    }

    private boolean inEchoGuard() {
        return loop.now() - agentTurnStartedAt < policy.echoGuardMs();
    }

    private void beginOverlap(@Nullable String item) {
        state = State.OVERLAP;
        overlapItem = item;
        speechStoppedInOverlap = false;
    }

    private void quietSincePause() {
        if (state != State.OVERLAP || speechStoppedInOverlap || overlapItem != null) {
            return; // the model heard speech: its speech_stopped and words decide
        }
        long quiet = loop.now() - lastLoudAt;
        if (quiet >= policy.resumeAfterMs()) {
            endOverlapGoingOn(false);
        } else {
            resumeTimer = loop.schedule(policy.resumeAfterMs() - quiet, this::quietSincePause);
        }
    }

    private void noWordsInTime() {
        if (state != State.OVERLAP) {
            return;
        }
        if (paused) {
            endOverlapGoingOn(false); // nothing intelligible: go on
        } else {
            interrupt(); // talk-through keeps today's rule: words that never come are not a backchannel
            finishOverlap();
            decisions.respond();
        }
    }

    private void endOverlapGoingOn(boolean backchannel) {
        boolean wasPaused = paused;
        finishOverlap();
        if (wasPaused) {
            decisions.resume(backchannel);
        } else if (backchannel) {
            decisions.ignoredBackchannel();
        }
    }

    private void interrupt() {
        state = State.INTERRUPTED;
        paused = false;
        resumeTimer.cancel();
        decisions.interrupt();
    }

    private void finishOverlap() {
        state = State.CLEAR;
        paused = false;
        overlapItem = null;
        speechStoppedInOverlap = false;
        resumeTimer.cancel();
    }
}
