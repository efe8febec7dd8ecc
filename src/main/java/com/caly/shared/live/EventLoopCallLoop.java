package com.caly.shared.live;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.Ticker;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's loop on one thread of the shared event-loop group. Posted tasks wait in the call's own two queues and
 * are drained by one task on the event loop at a time; a drain runs a bounded batch, so one busy call cannot
 * starve the others sharing its thread. A task that throws is logged and the loop goes on.
 */
final class EventLoopCallLoop implements CallLoop {

    private static final Logger log = LoggerFactory.getLogger(EventLoopCallLoop.class);
    private static final int BATCH = 64;

    private final EventLoop loop;
    private final Ticker ticker;
    private final Queue<Runnable> urgent = new ConcurrentLinkedQueue<>();
    private final Queue<Runnable> ordinary = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;

    EventLoopCallLoop(EventLoop loop) {
        this.loop = loop;
        // the clock the loop's own timers run on
        this.ticker =
                loop instanceof AbstractScheduledEventExecutor scheduled ? scheduled.ticker() : Ticker.systemTicker();
    }

    @Override
    public long now() {
        return TimeUnit.NANOSECONDS.toMillis(ticker.nanoTime());
    }

    @Override
    public void post(Runnable task) {
        ordinary.add(task);
        wake();
    }

    @Override
    public void postUrgent(Runnable task) {
        urgent.add(task);
        wake();
    }

    @Override
    public Timer schedule(long delayMs, Runnable task) {
        boolean[] cancelled = {false};
        ScheduledFuture<?> future = loop.schedule(
                () -> {
                    if (!cancelled[0]) {
                        run(task);
                    }
                },
                Math.max(0, delayMs),
                TimeUnit.MILLISECONDS);
        // cancelled on the loop (where a call's timers live): the flag settles a timer that is already due
        return () -> {
            cancelled[0] = true;
            future.cancel(false);
        };
    }

    @Override
    public boolean inLoop() {
        return loop.inEventLoop();
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }

    private void wake() {
        if (scheduled.compareAndSet(false, true)) {
            loop.execute(drain);
        }
    }

    private void drain() {
        for (int i = 0; i < BATCH; i++) {
            Runnable next = urgent.poll();
            if (next == null) {
                next = ordinary.poll();
            }
            if (next == null) {
                break;
            }
            run(next);
        }
        scheduled.set(false);
        if (!urgent.isEmpty() || !ordinary.isEmpty()) {
            wake();
        }
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("A live-call task failed", e);
        }
    }
}
