package com.caly.analytics;

import com.caly.shared.TenantId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The dashboard's figures for one period, by the calls that started in it:
 * <ul>
 *   <li>durations and minutes: answered calls' billable seconds; the median is the middle value (or the mean of
 *       the two middle values);
 *   <li>resolved by the agent: outcome resolved and not escalated; escalation rate: escalated / answered;
 *   <li>abandoned: outcome abandoned, or the caller hung up before an answer (canceled, no answer); abandonment
 *       rate: abandoned / calls;
 *   <li>cost: the charge lines of those calls, by category; returns: requests filed within the period (tool
 *       runs and escalation reasons in the report are also those of the period);
 *   <li>voice-to-voice percentiles: nearest rank over the agent turns taken within the period.
 * </ul>
 * Sums come from the 15-minute steps of the read model; the median and percentiles from the calls and turns.
 */
@Component
class DashboardQuery {

    private final JdbcClient jdbc;
    private final LatencyQuery latencies;

    DashboardQuery(JdbcClient jdbc, LatencyQuery latencies) {
        this.jdbc = jdbc;
        this.latencies = latencies;
    }

    Dashboard figures(TenantId company, AnalyticsPeriod period) {
        Map<String, Object> params = CallSteps.params(company, period);
        record Counts(
                long calls,
                long answered,
                long withDuration,
                long resolved,
                long escalated,
                long abandoned,
                long seconds,
                BigDecimal telephony,
                BigDecimal ai,
                BigDecimal storage,
                BigDecimal other) {}
        Counts counts = jdbc.sql("with " + CallSteps.SQL + """
                        select coalesce(sum(calls), 0) as calls, coalesce(sum(answered), 0) as answered,
                               coalesce(sum(duration_bands[1] + duration_bands[2] + duration_bands[3] + duration_bands[4]
                                            + duration_bands[5] + duration_bands[6]), 0) as with_duration,
                               coalesce(sum(resolved_by_agent), 0) as resolved, coalesce(sum(escalated), 0) as escalated,
                               coalesce(sum(abandoned), 0) as abandoned, coalesce(sum(answered_seconds), 0) as seconds,
                               coalesce(sum(telephony), 0) as telephony, coalesce(sum(ai), 0) as ai,
                               coalesce(sum(storage), 0) as storage, coalesce(sum(other), 0) as other
                        from parts""")
                .params(params)
                .query((rs, n) -> new Counts(
                        rs.getLong("calls"),
                        rs.getLong("answered"),
                        rs.getLong("with_duration"),
                        rs.getLong("resolved"),
                        rs.getLong("escalated"),
                        rs.getLong("abandoned"),
                        rs.getLong("seconds"),
                        rs.getBigDecimal("telephony"),
                        rs.getBigDecimal("ai"),
                        rs.getBigDecimal("storage"),
                        rs.getBigDecimal("other")))
                .single();
        List<Double> median = jdbc.sql("""
                        select percentile_cont(0.5) within group (order by duration_seconds) from calls
                        where company_id = :company and started_at >= :from and started_at < :to
                          and answered_at is not null and duration_seconds is not null""")
                .params(params)
                .query((rs, n) -> (Double) rs.getObject(1))
                .list();
        String currency = jdbc.sql("select currency from clients where id = :company")
                .params(params)
                .query(String.class)
                .single();
        long returns = jdbc.sql("""
                        select count(*) from returns
                        where company_id = :company and created_at >= :from and created_at < :to""").params(params).query(Long.class).single();
        Integer[] latency = latencies.whole(company, period, params);
        BigDecimal total =
                counts.telephony().add(counts.ai()).add(counts.storage()).add(counts.other());
        return new Dashboard(
                counts.calls(),
                counts.answered(),
                counts.withDuration() == 0
                        ? null
                        : BigDecimal.valueOf(counts.seconds())
                                .divide(BigDecimal.valueOf(counts.withDuration()), 1, RoundingMode.HALF_UP),
                median.isEmpty() || median.get(0) == null
                        ? null
                        : BigDecimal.valueOf(median.get(0)).setScale(1, RoundingMode.HALF_UP),
                counts.resolved(),
                counts.escalated(),
                ratio(counts.escalated(), counts.answered()),
                counts.abandoned(),
                ratio(counts.abandoned(), counts.calls()),
                BigDecimal.valueOf(counts.seconds()).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP),
                new Dashboard.Cost(counts.telephony(), counts.ai(), counts.storage(), total, currency),
                counts.resolved() == 0
                        ? null
                        : total.divide(BigDecimal.valueOf(counts.resolved()), 2, RoundingMode.HALF_UP),
                returns,
                latency[0],
                latency[1]);
    }

    static @Nullable BigDecimal ratio(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }
}
