package com.caly.calls;

import org.jspecify.annotations.Nullable;

/**
 * A figure a provider reported about a call that could not be believed as sent. {@code field} is the figure
 * ({@link #STARTED_AT}, {@link #ENDED_AT} or {@link #DURATION}), {@code reported} what the provider sent, {@code
 * problem} why it was not taken as it was, and {@code used} what it was replaced by when it was cut to a bound (a
 * duration cut to the call's length, an end replaced by the moment the end reached us); null when the figure was
 * simply ignored.
 */
public record ProviderAnomaly(
        String field,
        String reported,
        String problem,
        @Nullable String used) {

    public static final String STARTED_AT = "startedAt";
    public static final String ENDED_AT = "endedAt";
    public static final String DURATION = "durationSeconds";

    /** Not a time or not a whole number. */
    public static final String UNREADABLE = "unreadable";
    /** A negative duration. */
    public static final String NEGATIVE = "negative";
    /** A duration past 2^31 - 1 seconds. */
    public static final String OUT_OF_RANGE = "out_of_range";
    /** A time earlier than the call can have begun: more than the longest call before our first report of it. */
    public static final String BEFORE_CALL = "before_call";
    /** A time later than now (allowing for the provider's clock running a little ahead). */
    public static final String IN_FUTURE = "in_future";
    /** An end before the call's start. */
    public static final String BEFORE_START = "before_start";
    /** A duration longer than from the call's start to its end. */
    public static final String LONGER_THAN_CALL = "longer_than_call";

    public static ProviderAnomaly unreadable(String field, String reported) {
        return new ProviderAnomaly(field, reported, UNREADABLE, null);
    }
}
