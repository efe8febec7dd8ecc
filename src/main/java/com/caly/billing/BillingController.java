package com.caly.billing;

import com.caly.shared.CurrentUser;
import com.caly.shared.Role;
import com.caly.shared.Secrets;
import com.caly.shared.openapi.ApiDocs;
import com.caly.shared.openapi.ProblemResponse;
import com.caly.shared.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A company's usage by month and its telephony rate (the rate is the owner's to set), and the operators' margin
 * report across companies, behind OPERATOR_TOKEN.
 */
@RestController
class BillingController {

    static final String MARGIN_PATH = "/internal/billing/margin";

    private final BillingReports reports;
    private final BillingProperties properties;
    private final JdbcClient jdbc;
    private final Clock clock;

    BillingController(BillingReports reports, BillingProperties properties, JdbcClient jdbc, Clock clock) {
        this.reports = reports;
        this.properties = properties;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Operation(summary = "The company's calls and charges in a month")
    @GetMapping("/api/billing/usage")
    @Parameter(
            name = "month",
            in = ParameterIn.QUERY,
            description = "The calendar month (this month unless given)",
            example = "2026-11",
            schema = @Schema(type = "string", pattern = "^[0-9]{4}-[0-9]{2}$"))
    @Parameter(
            name = "tz",
            in = ParameterIn.QUERY,
            description = "The IANA time zone the month is read in",
            schema = @Schema(type = "string", defaultValue = "Asia/Kolkata"))
    BillingReports.Usage usage(CurrentUser user, @RequestParam MultiValueMap<String, String> query) {
        return reports.usage(user.companyId(), BillingMonth.from(query, clock));
    }

    @Operation(summary = "The telephony rate the company pays (owners)")
    @GetMapping("/api/billing/rates")
    Rates rates(CurrentUser user) {
        user.requireAnyRole(Role.OWNER);
        BigDecimal own = jdbc.sql("select rate_per_minute from clients where id = :company")
                .param("company", user.companyId().value())
                .query(BigDecimal.class)
                .optional()
                .orElse(null);
        return new Rates(own != null ? own : properties.defaultRatePerPulse(), own == null, properties.pulseSeconds());
    }

    @Operation(summary = "Set the company's telephony rate (owners)")
    @PutMapping("/api/billing/rates")
    Rates setRates(CurrentUser user, @Valid @RequestBody NewRates request) {
        user.requireAnyRole(Role.OWNER);
        jdbc.sql("update clients set rate_per_minute = :rate, updated_at = now() where id = :company")
                .param("rate", request.ratePerPulse())
                .param("company", user.companyId().value())
                .update();
        return rates(user);
    }

    @Operation(summary = "What each company was charged against the provider fees (operators)")
    @GetMapping(MARGIN_PATH)
    @SecurityRequirement(name = ApiDocs.OPERATOR_TOKEN)
    @Parameter(
            name = "month",
            in = ParameterIn.QUERY,
            description = "The calendar month (this month unless given)",
            example = "2026-11",
            schema = @Schema(type = "string", pattern = "^[0-9]{4}-[0-9]{2}$"))
    @Parameter(
            name = "tz",
            in = ParameterIn.QUERY,
            description = "The IANA time zone the month is read in",
            schema = @Schema(type = "string", defaultValue = "Asia/Kolkata"))
    @ProblemResponse(status = 404, description = "The operator token is missing or wrong, or OPERATOR_TOKEN is unset")
    List<BillingReports.Margin> margins(
            @Parameter(hidden = true) @RequestHeader(name = "X-Operator-Token", required = false) @Nullable
                    String token,
            @RequestParam MultiValueMap<String, String> query) {
        String expected = properties.operatorToken();
        if (expected == null
                || expected.isBlank()
                || token == null
                || !Secrets.constantTimeEquals(
                        token.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            throw ApiException.notFound("not-found", "The resource");
        }
        return reports.margins(BillingMonth.from(query, clock));
    }

    /** {@code isDefault}: the company has no rate of its own and pays the service's default. */
    record Rates(BigDecimal ratePerPulse, boolean isDefault, int pulseSeconds) {}

    record NewRates(
            @NotNull @DecimalMin("0") @DecimalMax("1000") @Digits(integer = 4, fraction = 4)
            BigDecimal ratePerPulse) {}
}
