package com.caly.shared.live;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.PriorityQueue;

/**
 * A call loop on a virtual clock, for tests of the live call's parts: time moves only when the test says, and
 * posted tasks and due timers run in the order the real loop would run them.
 */
public final class ManualCallLoop implements CallLoop {

    private record Due(long at, long order, Runnable task, boolean[] cancelled) {}

    private final Deque<Runnable> urgent = new ArrayDeque<>();
    private final Deque<Runnable> ordinary = new ArrayDeque<>();
    private final PriorityQueue<Due> timers = new PriorityQueue<>(
            (a, b) -> a.at() != b.at() ? Long.compare(a.at(), b.at()) : Long.compare(a.order(), b.order()));
    private long now;
    private long order;

    public ManualCallLoop() {
        this(0);
    }

    public ManualCallLoop(long startMs) {
        this.now = startMs;
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public void post(Runnable task) {
        ordinary.addLast(task);
    }

    @Override
    public void postUrgent(Runnable task) {
        urgent.addLast(task);
    }

    @Override
    public Timer schedule(long delayMs, Runnable task) {
        boolean[] cancelled = {false};
        timers.add(new Due(now + Math.max(0, delayMs), order++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public boolean inLoop() {
        return true;
    }

    @Override
    public EventLoop eventLoop() {
        throw new UnsupportedOperationException("a virtual loop has no channels");
    }

    /** Runs every posted task (and those they post), without moving the clock. */
    public ManualCallLoop runPending() {
        while (true) {
            Runnable next = urgent.pollFirst();
            if (next == null) {
                next = ordinary.pollFirst();
            }
            if (next == null) {
                return this;
            }
            next.run();
        }
    }

    /** Moves the clock on by {@code ms}, running the timers that fall due on the way, each at its own time. */
    public ManualCallLoop advance(long ms) {
        return advanceTo(now + ms);
    }

    /** Moves the clock to {@code atMs}, running what falls due on the way. */
    public ManualCallLoop advanceTo(long atMs) {
        runPending();
        while (!timers.isEmpty() && timers.peek().at() <= atMs) {
            Due due = timers.poll();
            if (due.cancelled()[0]) {
                continue;
            }
            now = Math.max(now, due.at());
            due.task().run();
            runPending();
        }
        now = Math.max(now, atMs);
        return this;
    }

    /** Timers not yet run nor cancelled. */
    public long pendingTimers() {
        return timers.stream().filter(due -> !due.cancelled()[0]).count();
    }
}
