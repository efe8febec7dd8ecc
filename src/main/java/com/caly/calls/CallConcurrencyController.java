package com.caly.calls;

import com.caly.shared.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The company's limit of simultaneous calls, its calls live now, and its peaks and refusals by day. */
@RestController
class CallConcurrencyController {

    private final CallConcurrency concurrency;

    CallConcurrencyController(CallConcurrency concurrency) {
        this.concurrency = concurrency;
    }

    @Operation(
            summary = "The company's limit of simultaneous calls, its live calls, and its peaks and refusals by day",
            description = "Counts every instance's calls. A call over the limit goes to the flow's fallback branch"
                    + " (a person) and is kept with status refused and end reason company_limit. Days are in the"
                    + " company's time zone; 30 days to today by default, at most 366.")
    @GetMapping("/api/calls/concurrency")
    @Parameter(
            name = "from",
            in = ParameterIn.QUERY,
            description = "The first day, in the company's time zone",
            example = "2026-11-01",
            schema = @Schema(type = "string", format = "date"))
    @Parameter(
            name = "to",
            in = ParameterIn.QUERY,
            description = "The last day, included (today by default)",
            example = "2026-11-30",
            schema = @Schema(type = "string", format = "date"))
    CallConcurrency.Concurrency concurrency(CurrentUser user, @RequestParam MultiValueMap<String, String> query) {
        return concurrency.of(user.companyId(), query);
    }
}
