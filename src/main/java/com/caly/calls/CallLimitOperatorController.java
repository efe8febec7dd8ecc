package com.caly.calls;

import com.caly.shared.TenantId;
import com.caly.shared.openapi.ApiDocs;
import com.caly.shared.openapi.ProblemResponse;
import com.caly.shared.query.QueryParameters;
import com.caly.shared.web.ApiException;
import com.caly.shared.web.OperatorAccess;
import com.caly.shared.web.ProblemTypes;
import com.caly.shared.web.PublicEndpoints;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators set how many calls each company may have live at once, behind OPERATOR_TOKEN and a 404 to anyone else,
 * as if the path were not there. The operator is checked before anything else is read, the body included.
 */
@RestController
class CallLimitOperatorController {

    static final String PATH = "/internal/companies/{companyId}/call-limits";

    private final CompanyCallLimits limits;
    private final OperatorAccess operators;
    private final CallsProperties properties;

    CallLimitOperatorController(CompanyCallLimits limits, OperatorAccess operators, CallsProperties properties) {
        this.limits = limits;
        this.operators = operators;
        this.properties = properties;
    }

    /** @param maxConcurrentCalls the company's own limit; null or absent: back to COMPANY_MAX_CONCURRENT_CALLS */
    record LimitRequest(
            @Min(1) @Max(CallsProperties.MAX_CONCURRENT_CALLS) @Nullable
            Integer maxConcurrentCalls) {}

    /**
     * @param maxConcurrentCalls the company's own limit, absent when it has the default
     * @param limit the limit in force
     * @param defaultLimit COMPANY_MAX_CONCURRENT_CALLS
     */
    record CompanyLimit(String companyId, @Nullable Integer maxConcurrentCalls, int limit, int defaultLimit) {}

    @Operation(summary = "A company's limit of simultaneous live calls (operators)")
    @GetMapping(PATH)
    @SecurityRequirement(name = ApiDocs.OPERATOR_TOKEN)
    @ProblemResponse(status = 404, description = "The operator token is missing or wrong, or no such company")
    CompanyLimit limit(
            @PathVariable String companyId,
            @Parameter(hidden = true) @RequestHeader(name = OperatorAccess.HEADER, required = false) @Nullable
                    String token) {
        requireOperator(token);
        TenantId company = company(companyId);
        if (!limits.companyExists(company)) {
            throw ApiException.notFound("company-not-found", "The company");
        }
        return view(company);
    }

    @Operation(
            summary = "Set a company's limit of simultaneous live calls (operators)",
            description = "Counted across every instance. Calls already live stay; the next call over the limit goes"
                    + " to the flow's fallback branch. null sets the company back to the default.")
    @PutMapping(PATH)
    @SecurityRequirement(name = ApiDocs.OPERATOR_TOKEN)
    @ProblemResponse(status = 404, description = "The operator token is missing or wrong, or no such company")
    CompanyLimit setLimit(
            @PathVariable String companyId,
            @RequestBody LimitRequest request,
            @Parameter(hidden = true) @RequestHeader(name = OperatorAccess.HEADER, required = false) @Nullable
                    String token) {
        requireOperator(token);
        TenantId company = company(companyId);
        Integer max = request.maxConcurrentCalls();
        if (max != null && (max < 1 || max > CallsProperties.MAX_CONCURRENT_CALLS)) {
            String message = "must be between 1 and " + CallsProperties.MAX_CONCURRENT_CALLS + ", or null";
            throw new ApiException(
                            HttpStatus.BAD_REQUEST,
                            ProblemTypes.VALIDATION_FAILED,
                            "Validation failed",
                            "maxConcurrentCalls " + message)
                    .with("errors", List.of(Map.of("field", "maxConcurrentCalls", "message", message)));
        }
        if (!limits.setLimit(company, max)) {
            throw ApiException.notFound("company-not-found", "The company");
        }
        return view(company);
    }

    private CompanyLimit view(TenantId company) {
        return new CompanyLimit(
                company.value().toString(),
                limits.ownLimit(company).orElse(null),
                limits.limit(company),
                properties.limits().defaultMaxConcurrentCalls());
    }

    private void requireOperator(@Nullable String token) {
        if (!operators.grants(token)) {
            throw ApiException.notFound("not-found", "The resource");
        }
    }

    private static TenantId company(String id) {
        try {
            return new TenantId(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw QueryParameters.invalid("companyId", "is not an id");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Endpoints {

        /** The path checks its own operator token; it is not for signed-in members. */
        @Bean
        PublicEndpoints operatorCallLimits() {
            return PublicEndpoints.of("/internal/companies/*/call-limits");
        }
    }
}
