package com.caly.shared.live;

import io.netty.channel.EventLoop;

/**
 * One live call's serial loop. Everything that touches a call's state runs here one task at a time, so the state
 * needs no locks: caller frames, model events, mark echoes, timers and the results of work done elsewhere are posted
 * to it. Urgent tasks (a hang-up, a barge-in, a failure) run before the ordinary ones already queued.
 */
public interface CallLoop {

    /** Milliseconds on the loop's monotonic clock: only differences mean something. */
    long now();

    /** Runs the task on the loop after the tasks already posted. */
    void post(Runnable task);

    /** Runs the task on the loop before the ordinary tasks already posted. */
    void postUrgent(Runnable task);

    /** Runs the task on the loop once {@code delayMs} have passed on its clock. */
    Timer schedule(long delayMs, Runnable task);

    /** Whether the current thread is this loop's. */
    boolean inLoop();

    /** The event loop the call runs on: channels of this call opened on it deliver their events with no hand-off. */
    EventLoop eventLoop();

    /** A scheduled task; cancelling one that has run, or was cancelled, does nothing. */
    interface Timer {
        void cancel();

        Timer NONE = () -> {};
    }
}
