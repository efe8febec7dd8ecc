package com.caly.billing;

import com.caly.shared.query.QueryParameters;
import com.caly.shared.query.TimeWindow;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Set;
import org.springframework.util.MultiValueMap;

/** A calendar month in the caller's zone (this month unless given): the calls that started in it. */
record BillingMonth(YearMonth month, ZoneId zone, Instant from, Instant to) {

    static BillingMonth from(MultiValueMap<String, String> parameters, Clock clock) {
        QueryParameters query = QueryParameters.of(parameters, Set.of("month", "tz"));
        ZoneId zone = TimeWindow.open(query).zone();
        String text = query.string("month");
        YearMonth month;
        try {
            month = text == null ? YearMonth.now(clock.withZone(zone)) : YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw QueryParameters.invalid("month", "must be a month such as 2026-11");
        }
        if (month.getYear() < 2000 || month.getYear() > 2100) {
            throw QueryParameters.invalid("month", "must be a month such as 2026-11");
        }
        return new BillingMonth(
                month,
                zone,
                month.atDay(1).atStartOfDay(zone).toInstant(),
                month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
    }
}
