package com.caly.calls;

import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * A hand-off was decided: by whom ({@code tool}, {@code rule}, {@code model_failure}, {@code max_length},
 * {@code api}) and how long ago. The brief written with the escalation is timed from it, on the clock of whoever
 * decided (a live call's loop, or the request's clock).
 */
public record HandoffDecision(String source, LongSupplier elapsedMs) {

    public static final String TOOL = "tool";
    public static final String RULE = "rule";
    public static final String MODEL_FAILURE = "model_failure";
    public static final String MAX_LENGTH = "max_length";
    public static final String API = "api";

    /** Decided now, on a monotonic clock in milliseconds (a call loop's {@code now}); read it from any thread. */
    public static HandoffDecision now(String source, LongSupplier clockMs) {
        long at = clockMs.getAsLong();
        return new HandoffDecision(source, () -> Math.max(0, clockMs.getAsLong() - at));
    }

    /** Decided now, by the wall clock. */
    public static HandoffDecision now(String source, Clock clock) {
        return now(source, clock::millis);
    }

    long elapsed() {
        return elapsedMs.getAsLong();
    }
}
