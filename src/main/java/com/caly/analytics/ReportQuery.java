package com.caly.analytics;

import com.caly.shared.TenantId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The comprehensive report. Steps, weekdays and hours are those of the caller's zone; weeks start on Monday. The
 * series has a step for every hour, day or week of the period, empty ones included. Definitions are those of
 * {@link DashboardQuery}.
 */
@Component
class ReportQuery {

    static final String[] DURATION_BANDS = {"0-30s", "30-60s", "1-2m", "2-5m", "5-10m", "10m+"};
    private static final String BREAKDOWN = "with " + CallSteps.SQL + """
            select e.key, sum(e.value::bigint) as n from parts, jsonb_each_text(parts.{column}) e
            group by 1 order by n desc, key""";
    private static final String IN_PERIOD = " c.company_id = :company and c.started_at >= :from and c.started_at < :to";

    private final JdbcClient jdbc;
    private final ReportExecutor executor;
    private final LatencyQuery latencies;

    ReportQuery(JdbcClient jdbc, ReportExecutor executor, LatencyQuery latencies) {
        this.jdbc = jdbc;
        this.executor = executor;
        this.latencies = latencies;
    }

    Report report(TenantId company, AnalyticsPeriod period) {
        Map<String, Object> params = CallSteps.params(company, period);
        var latency = executor.start(() -> latencies.bySteps(company, period, params));
        var intents = executor.start(() -> counts(
                "select coalesce(c.intent, 'unknown') as key, count(*) as n from calls c where " + IN_PERIOD
                        + " group by 1 order by n desc, key limit 20",
                params));
        var reasons = executor.start(() -> counts("""
                        select lower(btrim(e.reason)) as key, count(*) as n from escalations e
                        where e.company_id = :company and e.created_at >= :from and e.created_at < :to
                        group by 1 order by n desc, key limit 20""", params));
        var tools = executor.start(() -> tools(params));
        var outcomes = executor.start(() -> counts(BREAKDOWN.replace("{column}", "outcomes"), params));
        var sentiments = executor.start(() -> counts(BREAKDOWN.replace("{column}", "sentiments"), params));
        var durations = executor.start(() -> durations(params));
        List<List<Long>> heatMap = heatMap(params);
        List<Report.Point> series = series(params, period, ReportExecutor.join(latency));
        return new Report(
                period.from(),
                period.to(),
                period.zone().getId(),
                period.granularity(),
                series,
                ReportExecutor.join(outcomes),
                ReportExecutor.join(intents),
                ReportExecutor.join(sentiments),
                ReportExecutor.join(durations),
                heatMap,
                ReportExecutor.join(reasons),
                ReportExecutor.join(tools));
    }

    private List<Report.Count> counts(String sql, Map<String, Object> params) {
        return jdbc.sql(sql)
                .params(params)
                .query((rs, n) -> new Report.Count(rs.getString("key"), rs.getLong("n")))
                .list();
    }

    private List<Report.Point> series(
            Map<String, Object> params, AnalyticsPeriod period, Map<LocalDateTime, Integer[]> latency) {
        record Row(long calls, long answered, long resolved, long escalated, long abandoned, long seconds) {}
        Map<LocalDateTime, Row> rows = new HashMap<>();
        Map<LocalDateTime, BigDecimal> cost = new HashMap<>();
        jdbc.sql("with " + CallSteps.SQL + " select " + CallSteps.stepOf("at", period) + " as step," + """
                               sum(calls) as calls,
                               sum(answered) as answered, sum(resolved_by_agent) as resolved, sum(escalated) as escalated,
                               sum(abandoned) as abandoned, sum(answered_seconds) as seconds,
                               sum(telephony + ai + storage + other) as cost
                        from parts group by 1""")
                .params(params)
                .query((rs, n) -> {
                    LocalDateTime step = local(rs, period);
                    cost.put(step, rs.getBigDecimal("cost"));
                    return rows.put(
                            step,
                            new Row(
                                    rs.getLong("calls"),
                                    rs.getLong("answered"),
                                    rs.getLong("resolved"),
                                    rs.getLong("escalated"),
                                    rs.getLong("abandoned"),
                                    rs.getLong("seconds")));
                })
                .list();
        List<Report.Point> points = new ArrayList<>();
        LocalDateTime end = LocalDateTime.ofInstant(period.to(), period.zone());
        for (LocalDateTime step = stepOf(LocalDateTime.ofInstant(period.from(), period.zone()), period.granularity());
                step.isBefore(end);
                step = next(step, period.granularity())) {
            Row row = rows.getOrDefault(step, new Row(0, 0, 0, 0, 0, 0));
            Integer[] percentiles = latency.getOrDefault(step, new Integer[] {null, null});
            points.add(new Report.Point(
                    step.atZone(period.zone()).toOffsetDateTime(),
                    row.calls(),
                    row.answered(),
                    row.resolved(),
                    row.escalated(),
                    row.abandoned(),
                    BigDecimal.valueOf(row.seconds()).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP),
                    cost.getOrDefault(step, BigDecimal.ZERO),
                    percentiles[0],
                    percentiles[1]));
        }
        return points;
    }

    private static LocalDateTime local(java.sql.ResultSet rs, AnalyticsPeriod period) throws java.sql.SQLException {
        return LocalDateTime.ofInstant(rs.getTimestamp("step").toInstant(), period.zone());
    }

    static LocalDateTime stepOf(LocalDateTime time, String granularity) {
        return switch (granularity) {
            case "hour" -> time.truncatedTo(ChronoUnit.HOURS);
            case "week" ->
                time.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
            default -> time.truncatedTo(ChronoUnit.DAYS);
        };
    }

    private static LocalDateTime next(LocalDateTime step, String granularity) {
        return switch (granularity) {
            case "hour" -> step.plusHours(1);
            case "week" -> step.plusWeeks(1);
            default -> step.plusDays(1);
        };
    }

    private List<Report.Count> durations(Map<String, Object> params) {
        long[] bands = jdbc.sql("with " + CallSteps.SQL + """
                        select coalesce(sum(duration_bands[1]), 0), coalesce(sum(duration_bands[2]), 0),
                               coalesce(sum(duration_bands[3]), 0), coalesce(sum(duration_bands[4]), 0),
                               coalesce(sum(duration_bands[5]), 0), coalesce(sum(duration_bands[6]), 0)
                        from parts""")
                .params(params)
                .query((rs, n) -> new long[] {
                    rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)
                })
                .single();
        List<Report.Count> counts = new ArrayList<>();
        for (int i = 0; i < DURATION_BANDS.length; i++) {
            counts.add(new Report.Count(DURATION_BANDS[i], bands[i]));
        }
        return counts;
    }

    /** Seven rows, Monday first, of 24 hourly counts each. */
    private List<List<Long>> heatMap(Map<String, Object> params) {
        long[][] cells = new long[7][24];
        jdbc.sql("with " + CallSteps.SQL + """
                        select extract(isodow from at at time zone :tz)::int as weekday,
                               extract(hour from at at time zone :tz)::int as hour, sum(calls) as n
                        from parts group by 1, 2""")
                .params(params)
                .query((rs, n) -> cells[rs.getInt("weekday") - 1][rs.getInt("hour")] = rs.getLong("n"))
                .list();
        List<List<Long>> rows = new ArrayList<>();
        for (long[] day : cells) {
            rows.add(java.util.Arrays.stream(day).boxed().toList());
        }
        return rows;
    }

    private List<Report.ToolUse> tools(Map<String, Object> params) {
        return jdbc.sql("""
                        select a.tool, count(*) as n, count(*) filter (where a.status <> 'ok') as failures,
                               avg(a.duration_ms) as average
                        from actions a
                        where a.company_id = :company and a.created_at >= :from and a.created_at < :to
                        group by 1 order by n desc, a.tool""")
                .params(params)
                .query((rs, n) -> new Report.ToolUse(
                        rs.getString("tool"),
                        rs.getLong("n"),
                        rs.getLong("failures"),
                        rs.getBigDecimal("average").setScale(1, RoundingMode.HALF_UP)))
                .list();
    }
}
