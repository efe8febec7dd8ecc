package com.caly.recordings;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait before the next try: exponential from {@code initial}, capped at {@code max}, with "equal
 * jitter" (half fixed, half random) so that jobs failed by one outage do not all come back at the same instant.
 */
record UploadBackoff(Duration initial, Duration max) {

    Duration afterFailure(int failures, RandomGenerator random) {
        long initialMs = initial.toMillis();
        long capMs = max.toMillis();
        int doublings = Math.min(Math.max(failures - 1, 0), 30);
        long exponential = initialMs > capMs >> doublings ? capMs : Math.min(capMs, initialMs << doublings);
        long half = exponential / 2;
        return Duration.ofMillis(half + (half == 0 ? 0 : random.nextLong(half + 1)));
    }
}
