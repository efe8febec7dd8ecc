package com.caly.calls;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a provider's times and durations may say about a call (README, "Provider figures"). A time is believed
 * only between the longest call before our first report of the call and a little past now; an end only at or
 * after the start; billable seconds only up to the call's length from its start to its end (a started second
 * counts). Whatever is ignored or cut is noted as a {@link ProviderAnomaly}.
 */
final class ProviderFigures {

    /** The longest call a provider places (Exotel's TimeLimit is at most 14,400 s). */
    static final Duration LONGEST_CALL = Duration.ofHours(4);
    /** How far ahead of ours the provider's clock may run. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

    private ProviderFigures() {}

    /** Why a reported time cannot be believed for a call first reported at {@code firstSeen}; null when it can. */
    static @Nullable String implausible(Instant time, Instant firstSeen, Instant now) {
        if (time.isBefore(firstSeen.minus(LONGEST_CALL))) {
            return ProviderAnomaly.BEFORE_CALL;
        }
        if (time.isAfter(now.plus(CLOCK_SKEW))) {
            return ProviderAnomaly.IN_FUTURE;
        }
        return null;
    }

    /** The call's start: the earlier of the one it has and a believable reported one. */
    static Instant start(
            Instant known, @Nullable Instant reported, Instant firstSeen, Instant now, List<ProviderAnomaly> notes) {
        if (reported == null) {
            return known;
        }
        String problem = implausible(reported, firstSeen, now);
        if (problem != null) {
            notes.add(new ProviderAnomaly(ProviderAnomaly.STARTED_AT, reported.toString(), problem, null));
            return known;
        }
        return reported.isBefore(known) ? reported : known;
    }

    /** The call's end: a believable reported end not before its start, else the moment the end reached us. */
    static Instant end(
            Instant started, @Nullable Instant reported, Instant firstSeen, Instant now, List<ProviderAnomaly> notes) {
        Instant arrival = now.isBefore(started) ? started : now;
        if (reported == null) {
            return arrival;
        }
        String problem = implausible(reported, firstSeen, now);
        if (problem == null && reported.isBefore(started)) {
            problem = ProviderAnomaly.BEFORE_START;
        }
        if (problem != null) {
            notes.add(new ProviderAnomaly(ProviderAnomaly.ENDED_AT, reported.toString(), problem, arrival.toString()));
            return arrival;
        }
        return reported;
    }

    /**
     * The billable seconds of a completed call: the reported duration, at most the call's length from its start to
     * its end (rounded up to the second: the provider counts whole seconds on its own clock). Without a usable
     * duration, the seconds from its answer (else its start) to its end.
     */
    static long billableSeconds(
            @Nullable Long reported,
            Instant started,
            @Nullable Instant answered,
            Instant ended,
            List<ProviderAnomaly> notes) {
        Long duration = reported;
        if (duration != null && duration < 0) {
            notes.add(
                    new ProviderAnomaly(ProviderAnomaly.DURATION, duration.toString(), ProviderAnomaly.NEGATIVE, null));
            duration = null;
        } else if (duration != null && duration > Integer.MAX_VALUE) {
            notes.add(new ProviderAnomaly(
                    ProviderAnomaly.DURATION, duration.toString(), ProviderAnomaly.OUT_OF_RANGE, null));
            duration = null;
        }
        long length = Math.min(Integer.MAX_VALUE, ceilSeconds(Duration.between(started, ended)));
        if (duration == null) {
            Instant from = answered != null && answered.isAfter(started) ? answered : started;
            return Math.max(0, Math.min(length, Duration.between(from, ended).toSeconds()));
        }
        if (duration > length) {
            notes.add(new ProviderAnomaly(
                    ProviderAnomaly.DURATION,
                    duration.toString(),
                    ProviderAnomaly.LONGER_THAN_CALL,
                    Long.toString(length)));
            return length;
        }
        return duration;
    }

    /** When a call the provider connected was answered, had nothing else said: its billable seconds before its end. */
    static Instant answeredAt(Instant started, Instant ended, long billableSeconds) {
        Instant answered = ended.minusSeconds(billableSeconds);
        return answered.isBefore(started) ? started : answered;
    }

    private static long ceilSeconds(Duration duration) {
        if (duration.isNegative()) {
            return 0;
        }
        return duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
    }
}
