package com.caly.analytics;

import com.caly.shared.TenantId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
    private static final String IN_PERIOD = " c.company_id = :company and c.started_at >= :from and c.started_at < :to";

    private final JdbcClient jdbc;

    ReportQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Report report(TenantId company, AnalyticsPeriod period) {
        Map<String, Object> params = new HashMap<>();
        params.put("company", company.value());
        params.put("from", Timestamp.from(period.from()));
        params.put("to", Timestamp.from(period.to()));
        params.put("tz", period.zone().getId());
        params.put("unit", period.granularity());
        return new Report(
                period.from(),
                period.to(),
                period.zone().getId(),
                period.granularity(),
                series(params, period),
                counts(
                        "select coalesce(c.outcome, 'unknown') as key, count(*) as n from calls c where " + IN_PERIOD
                                + " group by 1 order by n desc, key",
                        params),
                counts(
                        "select coalesce(c.intent, 'unknown') as key, count(*) as n from calls c where " + IN_PERIOD
                                + " group by 1 order by n desc, key limit 20",
                        params),
                counts(
                        "select coalesce(c.sentiment, 'unknown') as key, count(*) as n from calls c where " + IN_PERIOD
                                + " group by 1 order by n desc, key",
                        params),
                durations(params),
                heatMap(params),
                counts("""
                        select lower(btrim(e.reason)) as key, count(*) as n
                        from escalations e join calls c on c.id = e.call_id
                        where e.company_id = :company and """ + IN_PERIOD + " group by 1 order by n desc, key limit 20", params),
                tools(params));
    }

    private List<Report.Count> counts(String sql, Map<String, Object> params) {
        return jdbc.sql(sql)
                .params(params)
                .query((rs, n) -> new Report.Count(rs.getString("key"), rs.getLong("n")))
                .list();
    }

    private List<Report.Point> series(Map<String, Object> params, AnalyticsPeriod period) {
        record Row(long calls, long answered, long resolved, long escalated, long abandoned, long seconds) {}
        Map<LocalDateTime, Row> rows = new HashMap<>();
        jdbc.sql("""
                        select date_trunc(:unit, c.started_at at time zone :tz) as step,
                               count(*) as calls, count(c.answered_at) as answered,
                               count(*) filter (where c.outcome = 'resolved' and not c.escalated) as resolved,
                               count(*) filter (where c.escalated) as escalated,
                               count(*) filter (where c.outcome = 'abandoned' or c.status in ('canceled', 'no_answer')) as abandoned,
                               coalesce(sum(c.duration_seconds) filter (where c.answered_at is not null), 0) as seconds
                        from calls c where """ + IN_PERIOD + " group by 1")
                .params(params)
                .query((rs, n) -> rows.put(
                        rs.getObject("step", LocalDateTime.class),
                        new Row(
                                rs.getLong("calls"),
                                rs.getLong("answered"),
                                rs.getLong("resolved"),
                                rs.getLong("escalated"),
                                rs.getLong("abandoned"),
                                rs.getLong("seconds"))))
                .list();
        Map<LocalDateTime, BigDecimal> cost = new HashMap<>();
        jdbc.sql("""
                        select date_trunc(:unit, c.started_at at time zone :tz) as step, sum(ch.amount) as amount
                        from call_charges ch join calls c on c.id = ch.call_id
                        where ch.company_id = :company and """ + IN_PERIOD + " group by 1")
                .params(params)
                .query((rs, n) -> cost.put(rs.getObject("step", LocalDateTime.class), rs.getBigDecimal("amount")))
                .list();
        Map<LocalDateTime, Integer[]> latency = new HashMap<>();
        jdbc.sql("""
                        select date_trunc(:unit, c.started_at at time zone :tz) as step,
                               percentile_disc(0.5) within group (order by t.voice_to_voice_ms) as p50,
                               percentile_disc(0.95) within group (order by t.voice_to_voice_ms) as p95
                        from call_turns t join calls c on c.id = t.call_id
                        where t.company_id = :company and """ + IN_PERIOD + " group by 1")
                .params(params)
                .query((rs, n) -> latency.put(
                        rs.getObject("step", LocalDateTime.class), new Integer[] {rs.getInt("p50"), rs.getInt("p95")}))
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
        Map<String, Long> bands = new LinkedHashMap<>();
        for (String band : DURATION_BANDS) {
            bands.put(band, 0L);
        }
        jdbc.sql("""
                        select case when c.duration_seconds < 30 then 0 when c.duration_seconds < 60 then 1
                                    when c.duration_seconds < 120 then 2 when c.duration_seconds < 300 then 3
                                    when c.duration_seconds < 600 then 4 else 5 end as band, count(*) as n
                        from calls c where c.answered_at is not null and c.duration_seconds is not null and """ + IN_PERIOD + " group by 1")
                .params(params)
                .query((rs, n) -> bands.put(DURATION_BANDS[rs.getInt("band")], rs.getLong("n")))
                .list();
        return bands.entrySet().stream()
                .map(e -> new Report.Count(e.getKey(), e.getValue()))
                .toList();
    }

    /** Seven rows, Monday first, of 24 hourly counts each. */
    private List<List<Long>> heatMap(Map<String, Object> params) {
        long[][] cells = new long[7][24];
        jdbc.sql("""
                        select extract(isodow from c.started_at at time zone :tz)::int as weekday,
                               extract(hour from c.started_at at time zone :tz)::int as hour, count(*) as n
                        from calls c where """ + IN_PERIOD + " group by 1, 2")
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
                        from actions a join calls c on c.id = a.call_id
                        where a.company_id = :company and """ + IN_PERIOD + " group by 1 order by n desc, a.tool")
                .params(params)
                .query((rs, n) -> new Report.ToolUse(
                        rs.getString("tool"),
                        rs.getLong("n"),
                        rs.getLong("failures"),
                        rs.getBigDecimal("average").setScale(1, RoundingMode.HALF_UP)))
                .list();
    }
}
