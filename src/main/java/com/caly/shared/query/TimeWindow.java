package com.caly.shared.query;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * A half-open span of time [from, to) read from {@code from}, {@code to} and {@code tz}. A bound is a date, taken
 * in the zone ({@code to} as a date includes that whole day), or an instant with an offset, in the years
 * {@link #FIRST_YEAR} to {@link #LAST_YEAR}. The zone defaults to Asia/Kolkata, where the companies are; spans
 * longer than {@link #MAX_DAYS} days are refused.
 */
public record TimeWindow(@Nullable Instant from, @Nullable Instant to, ZoneId zone) {

    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Kolkata");
    public static final int MAX_DAYS = 366;

    /**
     * The years a bound may be written in: the four-digit ones. Whatever the zone or offset, and with the period
     * before a report's (at most {@link #MAX_DAYS} days more), they stay far inside what PostgreSQL's timestamptz
     * holds (4713 BC to 294276 AD), so no bound reaches the database as an error.
     */
    public static final int FIRST_YEAR = 1;

    public static final int LAST_YEAR = 9999;

    static final String YEARS = "0001 to 9999";

    /** The earliest and latest instants a bound of those years names, at the widest offsets (±18:00). */
    public static final Instant EARLIEST =
            LocalDate.of(FIRST_YEAR, 1, 1).atStartOfDay(ZoneOffset.MAX).toInstant();

    public static final Instant LATEST =
            LocalDate.of(LAST_YEAR + 1, 1, 1).atStartOfDay(ZoneOffset.MIN).toInstant();

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
            return parse(value, zone, end);
        } catch (YearOutOfRange e) {
            throw QueryParameters.invalid(name, "must lie in the years " + YEARS);
        } catch (DateTimeParseException e) {
            throw QueryParameters.invalid(
                    name, "must be a date (2026-11-30) or a time with an offset (2026-11-30T18:30:00Z)");
        }
    }

    /**
     * A bound as written: a date in the zone (with {@code end}, the end of that day) or a time with an offset.
     *
     * @throws YearOutOfRange when it is written in a year before {@link #FIRST_YEAR} or after {@link #LAST_YEAR}
     * @throws DateTimeParseException when it is neither
     */
    public static Instant parse(String value, ZoneId zone, boolean end) {
        if (value.length() == 10) {
            LocalDate date = LocalDate.parse(value);
            checkYear(date.getYear());
            return (end ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
        }
        OffsetDateTime time = OffsetDateTime.parse(value);
        checkYear(time.getYear());
        return time.toInstant();
    }

    /** Whether an instant lies where bounds can reach (what a cursor of this API may hold). */
    public static boolean reachable(Instant at) {
        return !at.isBefore(EARLIEST) && !at.isAfter(LATEST);
    }

    private static void checkYear(int year) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new YearOutOfRange(year);
        }
    }

    /** A bound written in a year the API does not take. */
    public static final class YearOutOfRange extends DateTimeException {
        YearOutOfRange(int year) {
            super("the year " + year + " is outside " + YEARS);
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
