package com.caly.recordings;

import com.caly.shared.openapi.ApiDocs;
import com.caly.shared.openapi.ProblemResponse;
import com.caly.shared.web.ApiException;
import com.caly.shared.web.OperatorAccess;
import com.caly.shared.web.PublicEndpoints;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The account-wide storage figures (every company together, with Wasabi's monthly minimum), for operators only:
 * behind OPERATOR_TOKEN, and a 404 to anyone else, as if it were not there.
 */
@RestController
class RecordingOperatorController {

    static final String ACCOUNT_STATS_PATH = "/internal/recordings/storage/stats";

    private final RecordingService recordings;
    private final OperatorAccess operators;

    RecordingOperatorController(RecordingService recordings, OperatorAccess operators) {
        this.recordings = recordings;
        this.operators = operators;
    }

    @Operation(summary = "Storage figures of every company together, with Wasabi's monthly minimum (operators)")
    @GetMapping(ACCOUNT_STATS_PATH)
    @SecurityRequirement(name = ApiDocs.OPERATOR_TOKEN)
    @ProblemResponse(status = 404, description = "The operator token is missing or wrong, or OPERATOR_TOKEN is unset")
    RecordingService.AccountStats accountStats(
            @Parameter(hidden = true) @RequestHeader(name = OperatorAccess.HEADER, required = false) @Nullable
                    String token) {
        if (!operators.grants(token)) {
            throw ApiException.notFound("not-found", "The resource");
        }
        return recordings.accountStats();
    }

    @Configuration(proxyBeanMethods = false)
    static class Endpoints {

        /** The path checks its own operator token; it is not for signed-in members. */
        @Bean
        PublicEndpoints operatorStorageStats() {
            return PublicEndpoints.of(ACCOUNT_STATS_PATH);
        }
    }
}
