package com.caly.analytics;

import com.caly.shared.query.QueryParameters;
import com.caly.shared.query.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.springframework.util.MultiValueMap;

/** The period a report covers: [from, to) with both bounds, read in the caller's zone (30 days to now by default). */
record AnalyticsPeriod(Instant from, Instant to, java.time.ZoneId zone, String granularity) {

    static final int DEFAULT_DAYS = 30;
    static final Set<String> GRANULARITIES = Set.of("hour", "day", "week");

    static AnalyticsPeriod dashboard(MultiValueMap<String, String> parameters, Instant now) {
        QueryParameters query = QueryParameters.of(parameters, Set.of("from", "to", "tz"));
        return of(TimeWindow.closed(query, now, DEFAULT_DAYS), "day");
    }

    static AnalyticsPeriod comprehensive(MultiValueMap<String, String> parameters, Instant now) {
        QueryParameters query = QueryParameters.of(parameters, Set.of("from", "to", "tz", "granularity"));
        TimeWindow window = TimeWindow.closed(query, now, DEFAULT_DAYS);
        String granularity =
                query.oneOf("granularity", GRANULARITIES).stream().findFirst().orElse("day");
        if (granularity.equals("hour") && window.length().compareTo(Duration.ofDays(31)) > 0) {
            throw QueryParameters.invalid("granularity", "hour covers at most 31 days; use day or week");
        }
        return of(window, granularity);
    }

    private static AnalyticsPeriod of(TimeWindow window, String granularity) {
        return new AnalyticsPeriod(
                Objects.requireNonNull(window.from()), Objects.requireNonNull(window.to()), window.zone(), granularity);
    }

    AnalyticsPeriod previous() {
        Duration length = Duration.between(from, to);
        return new AnalyticsPeriod(from.minus(length), from, zone, granularity);
    }
}
