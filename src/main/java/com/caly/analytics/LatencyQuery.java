package com.caly.analytics;

import com.caly.shared.TenantId;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Voice-to-voice percentiles (nearest rank, as PostgreSQL's percentile_disc) of the turns taken in a period. In
 * the company's own zone, whole days come from the per-day latency counts of the read model and only partial
 * days from the turns; in any other zone, everything from the turns.
 */
@Component
class LatencyQuery {

    private final JdbcClient jdbc;

    LatencyQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * p50 and p95 of the whole period; nulls when no turn was taken. In the company's zone, the whole days inside
     * the period come from the per-day counts and only the partial days at either end from the turns.
     */
    Integer[] whole(TenantId company, AnalyticsPeriod period, Map<String, Object> params) {
        java.time.ZoneId zone = period.zone();
        LocalDate firstWholeDay = period.from().atZone(zone).toLocalDate();
        if (!period.from().atZone(zone).toLocalTime().equals(LocalTime.MIDNIGHT)) {
            firstWholeDay = firstWholeDay.plusDays(1);
        }
        LocalDate endOfWholeDays = period.to().atZone(zone).toLocalDate();
        if (!firstWholeDay.isBefore(endOfWholeDays) || !inCompanyZone(company, period)) {
            return jdbc.sql("""
                            select percentile_disc(0.5) within group (order by voice_to_voice_ms) as p50,
                                   percentile_disc(0.95) within group (order by voice_to_voice_ms) as p95
                            from call_turns where company_id = :company and created_at >= :from and created_at < :to""")
                    .params(params)
                    .query((rs, n) -> new Integer[] {(Integer) rs.getObject("p50"), (Integer) rs.getObject("p95")})
                    .single();
        }
        TreeMap<Integer, Long> counts = new TreeMap<>();
        jdbc.sql("""
                        select latency_ms, sum(turns) as turns from analytics_latency_days
                        where company_id = :company and day >= :firstDay and day < :endDay group by 1""")
                .param("company", company.value())
                .param("firstDay", firstWholeDay)
                .param("endDay", endOfWholeDays)
                .query((rs, n) -> counts.merge(rs.getInt("latency_ms"), rs.getLong("turns"), Long::sum))
                .list();
        jdbc.sql("""
                        select voice_to_voice_ms, count(*) as turns from call_turns
                        where company_id = :company
                          and ((created_at >= :from and created_at < :wholeFrom) or (created_at >= :wholeTo and created_at < :to))
                        group by 1""")
                .params(params)
                .param(
                        "wholeFrom",
                        java.sql.Timestamp.from(firstWholeDay.atStartOfDay(zone).toInstant()))
                .param(
                        "wholeTo",
                        java.sql.Timestamp.from(
                                endOfWholeDays.atStartOfDay(zone).toInstant()))
                .query((rs, n) -> counts.merge(rs.getInt("voice_to_voice_ms"), rs.getLong("turns"), Long::sum))
                .list();
        return counts.isEmpty()
                ? new Integer[] {null, null}
                : new Integer[] {nearestRank(counts, 0.5), nearestRank(counts, 0.95)};
    }

    /** p50 and p95 of each step (hour, day or week) that had turns, keyed by the step's local start. */
    Map<LocalDateTime, Integer[]> bySteps(TenantId company, AnalyticsPeriod period, Map<String, Object> params) {
        if (!period.granularity().equals("hour") && wholeDaysInCompanyZone(company, period)) {
            return percentiles(
                    counts(company, period, day -> ReportQuery.stepOf(day.atStartOfDay(), period.granularity())));
        }
        Map<LocalDateTime, Integer[]> latency = new HashMap<>();
        jdbc.sql("select " + CallSteps.stepOf("t.created_at", period) + " as step," + """
                               percentile_disc(0.5) within group (order by t.voice_to_voice_ms) as p50,
                               percentile_disc(0.95) within group (order by t.voice_to_voice_ms) as p95
                        from call_turns t
                        where t.company_id = :company and t.created_at >= :from and t.created_at < :to
                        group by 1""")
                .params(params)
                .query((rs, n) -> latency.put(
                        LocalDateTime.ofInstant(rs.getTimestamp("step").toInstant(), period.zone()),
                        new Integer[] {rs.getInt("p50"), rs.getInt("p95")}))
                .list();
        return latency;
    }

    private boolean wholeDaysInCompanyZone(TenantId company, AnalyticsPeriod period) {
        boolean midnights = period.from().atZone(period.zone()).toLocalTime().equals(LocalTime.MIDNIGHT)
                && period.to().atZone(period.zone()).toLocalTime().equals(LocalTime.MIDNIGHT);
        return midnights && inCompanyZone(company, period);
    }

    private boolean inCompanyZone(TenantId company, AnalyticsPeriod period) {
        return jdbc.sql("select timezone from clients where id = :company")
                .param("company", company.value())
                .query(String.class)
                .optional()
                .map(zone -> zone.equals(period.zone().getId()))
                .orElse(false);
    }

    /** How many turns took each millisecond, per step. */
    private Map<LocalDateTime, TreeMap<Integer, Long>> counts(
            TenantId company, AnalyticsPeriod period, Function<LocalDate, LocalDateTime> stepOf) {
        Map<LocalDateTime, TreeMap<Integer, Long>> steps = new HashMap<>();
        jdbc.sql("""
                        select day, latency_ms, turns from analytics_latency_days
                        where company_id = :company and day >= :from and day < :to""")
                .param("company", company.value())
                .param("from", period.from().atZone(period.zone()).toLocalDate())
                .param("to", period.to().atZone(period.zone()).toLocalDate())
                .query((rs, n) -> steps.computeIfAbsent(
                                stepOf.apply(rs.getObject("day", LocalDate.class)), step -> new TreeMap<>())
                        .merge(rs.getInt("latency_ms"), rs.getLong("turns"), Long::sum))
                .list();
        return steps;
    }

    private static Map<LocalDateTime, Integer[]> percentiles(Map<LocalDateTime, TreeMap<Integer, Long>> steps) {
        Map<LocalDateTime, Integer[]> result = new HashMap<>();
        steps.forEach((step, counts) ->
                result.put(step, new Integer[] {nearestRank(counts, 0.5), nearestRank(counts, 0.95)}));
        return result;
    }

    /** The first value whose rank reaches ceil(p × n), as PostgreSQL's percentile_disc computes it. */
    static Integer nearestRank(TreeMap<Integer, Long> counts, double p) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        long rank = Math.max(1, (long) Math.ceil(p * total));
        long seen = 0;
        for (Map.Entry<Integer, Long> entry : counts.entrySet()) {
            seen += entry.getValue();
            if (seen >= rank) {
                return entry.getKey();
            }
        }
        return counts.lastKey();
    }
}
