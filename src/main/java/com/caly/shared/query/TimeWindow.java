package com.caly.shared.query;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * A half-open span of time [from, to) read from {@code from}, {@code to} and {@code tz}. A bound is a date, taken
 * in the zone ({@code to} as a date includes that whole day), or an instant with an offset. The zone defaults to
 * Asia/Kolkata, where the companies are; spans longer than {@link #MAX_DAYS} days are refused.
 */
public record TimeWindow(@Nullable Instant from, @Nullable Instant to, ZoneId zone) {

    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Kolkata");
    public static final int MAX_DAYS = 366;

    /** The window the parameters give; either bound may be absent. */
    public static TimeWindow open(QueryParameters query) {
        ZoneId zone = zone(query);
        Instant from = bound(query, "from", zone, false);
        Instant to = bound(query, "to", zone, true);
        check(from, to);
        return new TimeWindow(from, to, zone);
    }

    /** The window the parameters give, both bounds filled: {@code to} defaults to now and {@code from} to so many days before it. */
    public static TimeWindow closed(QueryParameters query, Instant now, int defaultDays) {
        ZoneId zone = zone(query);
        Instant to = bound(query, "to", zone, true);
        Instant from = bound(query, "from", zone, false);
        if (to == null) {
            to = now;
        }
        if (from == null) {
            from = to.minus(Duration.ofDays(defaultDays));
        }
        check(from, to);
        return new TimeWindow(from, to, zone);
    }

    public Duration length() {
        return from == null || to == null ? Duration.ZERO : Duration.between(from, to);
    }

    /** The window of the same length just before this one, to compare against. */
    public TimeWindow previous() {
        if (from == null || to == null) {
            throw new IllegalStateException("an open window has no previous one");
        }
        return new TimeWindow(from.minus(length()), from, zone);
    }

    private static ZoneId zone(QueryParameters query) {
        String tz = query.string("tz");
        if (tz == null) {
            return DEFAULT_ZONE;
        }
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw QueryParameters.invalid("tz", "is not a time zone such as Asia/Kolkata or UTC");
        }
    }

    private static @Nullable Instant bound(QueryParameters query, String name, ZoneId zone, boolean end) {
        String value = query.string(name);
        if (value == null) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate date = LocalDate.parse(value);
                return (end ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw QueryParameters.invalid(
                    name, "must be a date (2026-11-30) or a time with an offset (2026-11-30T18:30:00Z)");
        }
    }

    private static void check(@Nullable Instant from, @Nullable Instant to) {
        if (from != null && to != null) {
            if (!from.isBefore(to)) {
                throw QueryParameters.invalid("from", "must be before 'to'");
            }
            if (Duration.between(from, to).compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
                throw QueryParameters.invalid("to", "is more than " + MAX_DAYS + " days after 'from'");
            }
        }
    }
}
