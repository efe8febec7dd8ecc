package com.caly.analytics;

import com.caly.shared.TenantId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.util.HashMap;
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
 *   <li>cost: the charge lines of those calls, by category; returns: requests filed within the period;
 *   <li>voice-to-voice percentiles: nearest rank over every agent turn of those calls.
 * </ul>
 */
@Component
class DashboardQuery {

    private final JdbcClient jdbc;

    DashboardQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Dashboard figures(TenantId company, AnalyticsPeriod period) {
        Map<String, Object> params = new HashMap<>();
        params.put("company", company.value());
        params.put("from", Timestamp.from(period.from()));
        params.put("to", Timestamp.from(period.to()));
        record Counts(
                long calls,
                long answered,
                @Nullable BigDecimal average,
                @Nullable Double median,
                long resolved,
                long escalated,
                long abandoned,
                long seconds) {}
        Counts counts = jdbc.sql("""
                        select count(*) as calls,
                               count(answered_at) as answered,
                               avg(duration_seconds) filter (where answered_at is not null) as average,
                               percentile_cont(0.5) within group (order by duration_seconds)
                                   filter (where answered_at is not null and duration_seconds is not null) as median,
                               count(*) filter (where outcome = 'resolved' and not escalated) as resolved,
                               count(*) filter (where escalated) as escalated,
                               count(*) filter (where outcome = 'abandoned' or status in ('canceled', 'no_answer')) as abandoned,
                               coalesce(sum(duration_seconds) filter (where answered_at is not null), 0) as seconds
                        from calls
                        where company_id = :company and started_at >= :from and started_at < :to""")
                .params(params)
                .query((rs, n) -> new Counts(
                        rs.getLong("calls"),
                        rs.getLong("answered"),
                        rs.getBigDecimal("average"),
                        (Double) rs.getObject("median"),
                        rs.getLong("resolved"),
                        rs.getLong("escalated"),
                        rs.getLong("abandoned"),
                        rs.getLong("seconds")))
                .single();
        Map<String, BigDecimal> byCategory = new HashMap<>();
        jdbc.sql("""
                        select ch.category, sum(ch.amount) as amount
                        from call_charges ch join calls c on c.id = ch.call_id
                        where c.company_id = :company and c.started_at >= :from and c.started_at < :to
                          and ch.company_id = :company
                        group by ch.category""")
                .params(params)
                .query((rs, n) -> byCategory.put(rs.getString("category"), rs.getBigDecimal("amount")))
                .list();
        String currency = jdbc.sql("select currency from clients where id = :company")
                .params(params)
                .query(String.class)
                .single();
        BigDecimal telephony = byCategory.getOrDefault("telephony", BigDecimal.ZERO);
        BigDecimal ai = byCategory.getOrDefault("ai", BigDecimal.ZERO);
        BigDecimal storage = byCategory.getOrDefault("storage", BigDecimal.ZERO);
        BigDecimal total = byCategory.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        long returns = jdbc.sql("""
                        select count(*) from returns
                        where company_id = :company and created_at >= :from and created_at < :to""").params(params).query(Long.class).single();
        Integer[] latency = jdbc.sql("""
                        select percentile_disc(0.5) within group (order by t.voice_to_voice_ms) as p50,
                               percentile_disc(0.95) within group (order by t.voice_to_voice_ms) as p95
                        from call_turns t join calls c on c.id = t.call_id
                        where c.company_id = :company and c.started_at >= :from and c.started_at < :to
                          and t.company_id = :company""")
                .params(params)
                .query((rs, n) -> new Integer[] {(Integer) rs.getObject("p50"), (Integer) rs.getObject("p95")})
                .single();
        return new Dashboard(
                counts.calls(),
                counts.answered(),
                counts.average() == null ? null : counts.average().setScale(1, RoundingMode.HALF_UP),
                counts.median() == null
                        ? null
                        : BigDecimal.valueOf(counts.median()).setScale(1, RoundingMode.HALF_UP),
                counts.resolved(),
                counts.escalated(),
                ratio(counts.escalated(), counts.answered()),
                counts.abandoned(),
                ratio(counts.abandoned(), counts.calls()),
                BigDecimal.valueOf(counts.seconds()).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP),
                new Dashboard.Cost(telephony, ai, storage, total, currency),
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
