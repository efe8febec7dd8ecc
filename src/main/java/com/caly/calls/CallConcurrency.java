package com.caly.calls;

import com.caly.shared.TenantId;
import com.caly.shared.query.QueryParameters;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;

/**
 * How close a company comes to its limit of simultaneous calls: its limit, its calls live now (on every instance),
 * and per day in its own time zone the most calls live at once and the calls refused for the limit. Peaks are
 * taken at each admission, so a day on which no call started has no row.
 */
@Component
class CallConcurrency {

    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 366;

    /**
     * @param limit the most calls the company may have live at once
     * @param defaultLimit whether that is COMPANY_MAX_CONCURRENT_CALLS (no limit of its own was set)
     * @param live calls live now, counted as admission counts them
     * @param from the first day covered, in the company's time zone
     * @param to the last day covered, included
     * @param peak the most calls live at once on those days, and when that was first reached
     * @param refusals calls refused on those days because the company was at its limit
     * @param byDay the days with calls, oldest first
     */
    record Concurrency(
            int limit,
            boolean defaultLimit,
            int live,
            LocalDate from,
            LocalDate to,
            Peak peak,
            long refusals,
            List<Day> byDay) {}

    /** @param at absent when no call started in the period */
    record Peak(int count, @Nullable Instant at) {}

    record Day(
            LocalDate day,

            @Schema(description = "The most calls live at once that day")
            int peak,

            @Nullable Instant peakAt,

            @Schema(description = "Calls refused that day for the company's limit")
            int refusals) {}

    private final JdbcClient jdbc;
    private final CompanyCallLimits limits;
    private final Clock clock;

    CallConcurrency(JdbcClient jdbc, CompanyCallLimits limits, Clock clock) {
        this.jdbc = jdbc;
        this.limits = limits;
        this.clock = clock;
    }

    Concurrency of(TenantId company, MultiValueMap<String, String> parameters) {
        QueryParameters query = QueryParameters.of(parameters, Set.of("from", "to"));
        Instant now = clock.instant();
        ZoneId zone = zone(company);
        LocalDate to = day(query, "to");
        LocalDate from = day(query, "from");
        if (to == null) {
            to = from == null ? now.atZone(zone).toLocalDate() : from.plusDays(DEFAULT_DAYS - 1);
        }
        if (from == null) {
            from = to.minusDays(DEFAULT_DAYS - 1);
        }
        if (from.isAfter(to)) {
            throw QueryParameters.invalid("from", "must not be after 'to'");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw QueryParameters.invalid("to", "is more than " + MAX_DAYS + " days after 'from'");
        }
        List<Day> days = jdbc.sql("""
                        select day, peak, peak_at, refusals from company_concurrency_days
                        where company_id = :company and day between :from and :to order by day""")
                .param("company", company.value())
                .param("from", from)
                .param("to", to)
                .query((rs, n) -> new Day(
                        rs.getObject("day", LocalDate.class),
                        rs.getInt("peak"),
                        rs.getTimestamp("peak_at") == null
                                ? null
                                : rs.getTimestamp("peak_at").toInstant(),
                        rs.getInt("refusals")))
                .list();
        Peak peak = new Peak(0, null);
        long refusals = 0;
        for (Day day : days) {
            if (day.peak() > peak.count()) {
                peak = new Peak(day.peak(), day.peakAt());
            }
            refusals += day.refusals();
        }
        boolean defaultLimit = limits.ownLimit(company).isEmpty();
        return new Concurrency(
                limits.limit(company), defaultLimit, limits.live(company, now), from, to, peak, refusals, days);
    }

    private ZoneId zone(TenantId company) {
        String timezone = jdbc.sql("select timezone from clients where id = :company")
                .param("company", company.value())
                .query(String.class)
                .optional()
                .orElse("Asia/Kolkata");
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            return ZoneId.of("Asia/Kolkata");
        }
    }

    private static @Nullable LocalDate day(QueryParameters query, String name) {
        String value = query.string(name);
        if (value == null) {
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(value);
            if (day.getYear() < 1 || day.getYear() > 9999 || value.length() != 10) {
                throw QueryParameters.invalid(name, "must lie in the years 0001 to 9999");
            }
            return day;
        } catch (DateTimeParseException e) {
            throw QueryParameters.invalid(name, "must be a day such as 2026-11-30, in the company's time zone");
        }
    }
}
