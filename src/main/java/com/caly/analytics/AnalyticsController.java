package com.caly.analytics;

import com.caly.shared.CurrentUser;
import com.caly.shared.query.TimeWindowParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The company's KPIs and detailed report for a period (30 days to now unless given), in its zone. */
@RestController
@RequestMapping("/api/analytics")
class AnalyticsController {

    private final DashboardQuery dashboard;
    private final ReportQuery report;
    private final ReportExecutor executor;
    private final Clock clock;

    AnalyticsController(DashboardQuery dashboard, ReportQuery report, ReportExecutor executor, Clock clock) {
        this.dashboard = dashboard;
        this.report = report;
        this.executor = executor;
        this.clock = clock;
    }

    @Operation(summary = "The KPIs of a period against the period just before")
    @GetMapping("/dashboard")
    @TimeWindowParameters
    Dashboard.Comparison dashboard(CurrentUser user, @RequestParam MultiValueMap<String, String> query) {
        AnalyticsPeriod period = AnalyticsPeriod.dashboard(query, clock.instant());
        AnalyticsPeriod previous = period.previous();
        var before = executor.start(() -> dashboard.figures(user.companyId(), previous));
        Dashboard now = dashboard.figures(user.companyId(), period);
        return new Dashboard.Comparison(
                period.from(),
                period.to(),
                period.zone().getId(),
                now,
                new Dashboard.Period(previous.from(), previous.to(), ReportExecutor.join(before)));
    }

    @Operation(summary = "A period's time series and breakdowns")
    @GetMapping("/comprehensive")
    @TimeWindowParameters
    @Parameter(
            name = "granularity",
            in = ParameterIn.QUERY,
            description = "The step of the series; hour covers at most 31 days",
            schema =
                    @Schema(
                            type = "string",
                            allowableValues = {"hour", "day", "week"},
                            defaultValue = "day"))
    Report comprehensive(CurrentUser user, @RequestParam MultiValueMap<String, String> query) {
        return report.report(user.companyId(), AnalyticsPeriod.comprehensive(query, clock.instant()));
    }
}
