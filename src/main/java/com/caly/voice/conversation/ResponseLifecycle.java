package com.caly.voice.conversation;

import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * The model's responses, one at a time: a create asked for while one is on its way waits for it to end; a cancelled
 * response's late events are dropped; a create the caller's interruption overtook is cancelled as soon as the
 * model names it. The greeting is the first response when the model speaks it.
 */
public final class ResponseLifecycle {

    private static final int DROPPED_KEPT = 32;

    private enum State {
        IDLE,
        /** response.create sent; response.created not yet seen. */
        REQUESTED,
        ACTIVE
    }

    private State state = State.IDLE;
    private @Nullable String active;
    private boolean queued;
    private boolean cancelOnCreated;
    private boolean greetingRequested;
    private @Nullable String greeting;
    private final Deque<String> dropped = new ArrayDeque<>();

    /** Asks for a response: true when response.create should go now, false when it waits for the active one. */
    public boolean request() {
        if (state != State.IDLE) {
            queued = true;
            return false;
        }
        state = State.REQUESTED;
        return true;
    }

    /** The greeting's response.create goes now (at the start of the session). */
    public void requestGreeting() {
        state = State.REQUESTED;
        greetingRequested = true;
    }

    /** The model named the response. Returns true when it must be cancelled at once (an interruption overtook it). */
    public boolean created(String id) {
        active = id;
        state = State.ACTIVE;
        if (greetingRequested) {
            greeting = id;
            greetingRequested = false;
        }
        if (cancelOnCreated) {
            cancelOnCreated = false;
            drop(id);
            return true;
        }
        return false;
    }

    /** The model said a response is already active: the create waits for it. */
    public void alreadyActive() {
        queued = true;
        if (state == State.REQUESTED) {
            state = State.ACTIVE; // someone else's, unnamed: its response.done frees the way
            active = null;
        }
    }

    /** Whether events of this response are still wanted. */
    public boolean accepts(String responseId) {
        return !dropped.contains(responseId);
    }

    /** Stops the response on its way: returns the id to send response.cancel for, or null when none is named yet. */
    public @Nullable String cancel() {
        queued = false;
        if (state == State.ACTIVE && active != null && accepts(active)) {
            drop(active);
            return active;
        }
        if (state == State.REQUESTED) {
            cancelOnCreated = true;
        }
        return null;
    }

    /** A response ended (response.done); a create waiting for it is taken with {@link #takeQueued}. */
    public void done(String id) {
        if (state != State.IDLE && (active == null || id.equals(active))) {
            state = State.IDLE;
            active = null;
        }
        if (id.equals(greeting)) {
            greeting = null;
        }
    }

    /** The create asked for could not be sent (no session): it waits. */
    public void unsent() {
        if (state == State.REQUESTED) {
            state = State.IDLE;
        }
        queued = true;
    }

    /** A response is on its way (asked for, or named and not done). */
    public boolean busy() {
        return state != State.IDLE || queued;
    }

    public boolean isGreeting(String responseId) {
        return responseId.equals(greeting);
    }

    /** The session changed (renewed, or reconnected): nothing of the old one is on its way any more. */
    public void reset() {
        state = State.IDLE;
        active = null;
        cancelOnCreated = false;
        greetingRequested = false;
        greeting = null;
    }

    /** A create that waited may go now: true when one waits and nothing is on its way. */
    public boolean takeQueued() {
        if (state == State.IDLE && queued) {
            queued = false;
            state = State.REQUESTED;
            return true;
        }
        return false;
    }

    private void drop(String id) {
        dropped.addLast(id);
        if (dropped.size() > DROPPED_KEPT) {
            dropped.removeFirst();
        }
    }
}
