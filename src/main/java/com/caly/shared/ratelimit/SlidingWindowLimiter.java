package com.caly.shared.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts events per key over a sliding window and says how long a key must wait once it reaches the limit.
 * In memory, per instance: it guards against floods from one source, it is not a quota.
 */
public final class SlidingWindowLimiter {

    private static final int SWEEP_EVERY = 1024;

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> events = new ConcurrentHashMap<>();
    private final AtomicInteger operations = new AtomicInteger();

    public SlidingWindowLimiter(int limit, Duration window, Clock clock) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("limit and window must be positive");
        }
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Records an event for the key if it is under the limit; returns zero then, otherwise how long to wait. */
    public Duration tryAcquire(String key) {
        Instant now = clock.instant();
        sweepOccasionally(now);
        Deque<Instant> times = events.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            if (times.size() >= limit) {
                return waitFor(times, now);
            }
            times.addLast(now);
            return Duration.ZERO;
        }
    }

    /** How long the key must wait before its next event is allowed; zero when it is under the limit. */
    public Duration retryAfter(String key) {
        Deque<Instant> times = events.get(key);
        if (times == null) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        synchronized (times) {
            prune(times, now);
            return times.size() >= limit ? waitFor(times, now) : Duration.ZERO;
        }
    }

    /** Records an event whatever the count. */
    public void record(String key) {
        Instant now = clock.instant();
        sweepOccasionally(now);
        Deque<Instant> times = events.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
            while (times.size() > limit) {
                times.removeFirst();
            }
        }
    }

    public void reset(String key) {
        events.remove(key);
    }

    private Duration waitFor(Deque<Instant> times, Instant now) {
        Duration wait = Duration.between(now, times.peekFirst().plus(window));
        return wait.isNegative() || wait.isZero() ? Duration.ofMillis(1) : wait;
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant oldestKept = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldestKept)) {
            times.removeFirst();
        }
    }

    private void sweepOccasionally(Instant now) {
        if (operations.incrementAndGet() % SWEEP_EVERY != 0) {
            return;
        }
        events.entrySet().removeIf(entry -> {
            Deque<Instant> times = entry.getValue();
            synchronized (times) {
                prune(times, now);
                return times.isEmpty();
            }
        });
    }
}
