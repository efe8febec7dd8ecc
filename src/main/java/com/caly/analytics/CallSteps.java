package com.caly.analytics;

import com.caly.shared.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The calls of a period as rows to add up: the period's whole 15-minute steps from the read model, and the calls
 * of the partial steps at either end (a period given to the second) from the calls themselves. Every report reads
 * {@link #SQL} as the common table {@code parts}, with the parameters {@link #params} gives.
 */
final class CallSteps {

    static final long STEP_SECONDS = 900;

    static final String SQL = """
            parts as (
                select bucket_start as at, calls, answered, resolved_by_agent, escalated, abandoned, answered_seconds,
                       telephony, ai, storage, other, outcomes, sentiments, duration_bands
                from analytics_call_buckets
                where company_id = :company and bucket_start >= :innerFrom and bucket_start < :innerTo
                union all
                select started_at, 1, answered, resolved_by_agent, escalated, abandoned, answered_seconds,
                       telephony, ai, storage, other, jsonb_build_object(outcome, 1), jsonb_build_object(sentiment, 1),
                       array[(duration_band = 0)::int, (duration_band = 1)::int, (duration_band = 2)::int,
                             (duration_band = 3)::int, (duration_band = 4)::int, (duration_band = 5)::int]
                from analytics_call_facts
                where company_id = :company
                  and ((started_at >= :from and started_at < :headEnd) or (started_at >= :innerTo and started_at < :to))
            )""";

    private CallSteps() {}

    static Map<String, Object> params(TenantId company, AnalyticsPeriod period) {
        Instant innerFrom = ceil(period.from());
        Instant innerTo = floor(period.to());
        if (innerTo.isBefore(innerFrom)) {
            innerTo = innerFrom;
        }
        Instant headEnd = innerFrom.isAfter(period.to()) ? period.to() : innerFrom;
        Map<String, Object> params = new HashMap<>();
        params.put("company", company.value());
        params.put("from", Timestamp.from(period.from()));
        params.put("to", Timestamp.from(period.to()));
        params.put("innerFrom", Timestamp.from(innerFrom));
        params.put("innerTo", Timestamp.from(innerTo));
        params.put("headEnd", Timestamp.from(headEnd));
        params.put("tz", period.zone().getId());
        params.put("unit", period.granularity());
        params.put("origin", Timestamp.from(origin(period)));
        params.put("stepInterval", period.granularity().equals("week") ? "7 days" : "1 " + period.granularity());
        return params;
    }

    /**
     * The SQL for the start of the step (hour, day or week, in the period's zone) that a moment falls in, as a
     * timestamptz. Where the zone keeps one offset through the period, a plain {@code date_bin} from a local
     * Monday midnight, several times cheaper per row than converting each moment to local time; otherwise (a
     * daylight-saving change inside the period) the conversion.
     */
    static String stepOf(String column, AnalyticsPeriod period) {
        java.time.zone.ZoneOffsetTransition change = period.zone().getRules().nextTransition(origin(period));
        boolean fixed = change == null || !change.getInstant().isBefore(period.to());
        return fixed
                ? "date_bin(cast(:stepInterval as interval), " + column + ", :origin)"
                : "(date_trunc(:unit, " + column + " at time zone :tz) at time zone :tz)";
    }

    /** Midnight of the Monday on or before the period's start, in its zone. */
    private static Instant origin(AnalyticsPeriod period) {
        return period.from()
                .atZone(period.zone())
                .toLocalDate()
                .with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY))
                .atStartOfDay(period.zone())
                .toInstant();
    }

    static Instant floor(Instant at) {
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), STEP_SECONDS) * STEP_SECONDS);
    }

    static Instant ceil(Instant at) {
        Instant floor = floor(at);
        return floor.equals(at) ? at : floor.plusSeconds(STEP_SECONDS);
    }
}
