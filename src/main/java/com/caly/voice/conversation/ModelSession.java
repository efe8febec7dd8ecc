package com.caly.voice.conversation;

import com.caly.shared.live.CallLoop;
import com.caly.voice.realtime.ServerEvents;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * The call's session with the realtime model: connect, configure (session.update), ready. Caller audio sent before
 * the session is ready waits (the last ten seconds of it). One unexpected loss of the model, or a failed connect,
 * is retried with the conversation carried over; a second gives up, and the caller goes to a person. Before the
 * API's cap on a session's age a second session is opened and configured, and takes over at the first quiet
 * moment.
 */
public final class ModelSession {

    static final long MAX_WAITING_AUDIO_MS = 10_000;

    public enum Start {
        FIRST,
        /** after the model was lost: the conversation so far must be carried over */
        RECONNECTED,
        /** a renewed session took over: the conversation so far must be carried over */
        RENEWED
    }

    public interface Listener {
        /** The session.update event that configures a new session. */
        String configuration();

        /** A session is ready on {@code link}; events from now on come from it. */
        void ready(Start start);

        /** An event of the live session. */
        void event(ServerEvents.ServerEvent event);

        /** The model cannot be had: hand the caller to a person. */
        void gaveUp(String why);

        /** A renewed session is ready to take over: call {@link #quietMoment} now if it is one. */
        void renewalReady();
    }

    private enum State {
        CONNECTING,
        CONFIGURING,
        READY,
        GONE
    }

    private record Waiting(String event, long ms) {}

    private final CallLoop loop;
    private final ModelLink.Opener opener;
    private final long maxAgeMs;
    private final Listener listener;
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    private long waitingMs;
    private State state = State.CONNECTING;
    private @Nullable ModelLink live;
    private @Nullable ModelLink renewing;
    private boolean renewalReady;
    private int failures;
    private int sessions;
    private CallLoop.Timer renewal = CallLoop.Timer.NONE;

    public ModelSession(CallLoop loop, ModelLink.Opener opener, long maxAgeMs, Listener listener) {
        this.loop = loop;
        this.opener = opener;
        this.maxAgeMs = maxAgeMs;
        this.listener = listener;
    }

    public void start() {
        connect();
    }

    public boolean ready() {
        return state == State.READY;
    }

    /** Sends an event to the ready session; false when there is none (the event is not sent). */
    public boolean send(String json) {
        if (state != State.READY || live == null) {
            return false;
        }
        live.send(json);
        return true;
    }

    /** Sends caller audio, or keeps it until the session is ready. Returns true when it went out now. */
    public boolean append(String event, long ms) {
        if (send(event)) {
            return true;
        }
        if (state == State.GONE) {
            return false;
        }
        waiting.addLast(new Waiting(event, ms));
        waitingMs += ms;
        while (waitingMs > MAX_WAITING_AUDIO_MS) {
            waitingMs -= waiting.removeFirst().ms();
        }
        return false;
    }

    /** Milliseconds of caller audio waiting for the session. */
    public long waitingMs() {
        return waitingMs;
    }

    /** A quiet moment (nobody speaking, nothing on its way): a renewed session may take over now. */
    public void quietMoment() {
        if (!renewalReady || renewing == null || state != State.READY) {
            return;
        }
        ModelLink old = live;
        live = renewing;
        renewing = null;
        renewalReady = false;
        if (old != null) {
            old.close();
        }
        scheduleRenewal();
        listener.ready(Start.RENEWED);
    }

    public int sessions() {
        return sessions;
    }

    /** The call is over: every connection closes and nothing more is reported. */
    public void close() {
        state = State.GONE;
        renewal.cancel();
        waiting.clear();
        waitingMs = 0;
        if (live != null) {
            live.close();
        }
        if (renewing != null) {
            renewing.close();
        }
        live = null;
        renewing = null;
    }

    private void connect() {
        state = State.CONNECTING;
        live = open(false);
    }

    private ModelLink open(boolean renewal) {
        ModelLink[] self = new ModelLink[1];
        self[0] = opener.open(new ModelLink.Events() {
            @Override
            public void opened() {
                ModelSession.this.opened(self[0], renewal);
            }

            @Override
            public void text(String json) {
                ModelSession.this.text(self[0], json);
            }

            @Override
            public void closed(int code, String reason) {
                lost(self[0], "closed " + code + " " + reason);
            }

            @Override
            public void failed(String why) {
                lost(self[0], "connect failed: " + why);
            }
        });
        return self[0];
    }

    private void opened(ModelLink link, boolean renewal) {
        if (state == State.GONE) {
            link.close();
            return;
        }
        sessions++;
        if (link == live && state == State.CONNECTING) {
            state = State.CONFIGURING;
        }
        link.send(listener.configuration());
    }

    private void text(ModelLink link, String json) {
        if (state == State.GONE) {
            return;
        }
        ServerEvents.ServerEvent event = ServerEvents.parse(json);
        boolean updated = event instanceof ServerEvents.SessionUpdated;
        if (link == renewing) {
            if (updated && !renewalReady) {
                renewalReady = true;
                listener.renewalReady();
            }
            return; // the new session's early events
        }
        if (link != live) {
            return; // the old session's last words
        }
        if (updated && state == State.CONFIGURING) {
            boolean resumed = sessions > 1;
            state = State.READY;
            scheduleRenewal();
            listener.ready(resumed ? Start.RECONNECTED : Start.FIRST);
            for (Waiting audio : waiting) {
                link.send(audio.event());
            }
            waiting.clear();
            waitingMs = 0;
            return;
        }
        listener.event(event);
    }

    private void lost(ModelLink link, String why) {
        if (state == State.GONE) {
            return;
        }
        if (link == renewing) {
            renewing = null; // the current session runs on until its cap
            renewalReady = false;
            return;
        }
        if (link != live) {
            return;
        }
        failures++;
        live = null;
        renewal.cancel();
        if (failures > 1) {
            state = State.GONE;
            listener.gaveUp(why);
            return;
        }
        connect();
    }

    private void scheduleRenewal() {
        renewal.cancel();
        renewal = loop.schedule(maxAgeMs, () -> {
            if (state == State.READY && renewing == null) {
                renewing = open(true);
            }
        });
    }
}
