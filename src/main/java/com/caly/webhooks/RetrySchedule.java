package com.caly.webhooks;

import java.time.Duration;

/**
 * When a failed delivery is tried again: {@code base * 2^(attempt-1)}, capped at {@code max}, of which a random
 * part up to a half is taken off ("equal jitter"), so endpoints that failed together are not retried in step.
 */
record RetrySchedule(Duration base, Duration max) {

    /** The wait after attempt {@code attempt} (1 for the first) failed; {@code random} is in [0, 1). */
    Duration after(int attempt, double random) {
        long baseMillis = base.toMillis();
        long capped = max.toMillis();
        int doublings = Math.max(0, Math.min(attempt - 1, 40));
        long full = baseMillis > (capped >> doublings) ? capped : Math.min(capped, baseMillis << doublings);
        long half = full / 2;
        return Duration.ofMillis(full - (long) (half * random));
    }
}
