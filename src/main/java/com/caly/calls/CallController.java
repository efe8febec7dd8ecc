package com.caly.calls;

import com.caly.shared.CurrentUser;
import com.caly.shared.query.Page;
import com.caly.shared.query.PageParameters;
import com.caly.shared.query.TimeWindowParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.UUID;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The company's call history and each call's full record. */
@RestController
@RequestMapping("/api/calls")
class CallController {

    private final CallHistory history;

    CallController(CallHistory history) {
        this.history = history;
    }

    @Operation(summary = "The company's calls, newest first, filtered")
    @GetMapping
    @TimeWindowParameters
    @Parameter(
            name = "status",
            in = ParameterIn.QUERY,
            description = "Calls in any of these statuses (comma-separated)",
            explode = Explode.FALSE,
            array =
                    @ArraySchema(
                            schema =
                                    @Schema(
                                            allowableValues = {
                                                "initiated",
                                                "ringing",
                                                "in_progress",
                                                "completed",
                                                "busy",
                                                "no_answer",
                                                "failed",
                                                "canceled",
                                                "refused"
                                            }),
                            maxItems = 20))
    @Parameter(
            name = "outcome",
            in = ParameterIn.QUERY,
            description = "Calls with any of these outcomes (comma-separated)",
            explode = Explode.FALSE,
            array =
                    @ArraySchema(
                            schema =
                                    @Schema(
                                            allowableValues = {
                                                "resolved",
                                                "escalated",
                                                "abandoned",
                                                "voicemail",
                                                "failed",
                                                "unresolved"
                                            }),
                            maxItems = 20))
    @Parameter(
            name = "direction",
            in = ParameterIn.QUERY,
            description = "Inbound or outbound calls",
            explode = Explode.FALSE,
            array = @ArraySchema(schema = @Schema(allowableValues = {"inbound", "outbound"}), maxItems = 20))
    @Parameter(
            name = "channel",
            in = ParameterIn.QUERY,
            description = "Phone calls, web calls (test calls from the console), or both (comma-separated)",
            explode = Explode.FALSE,
            array = @ArraySchema(schema = @Schema(allowableValues = {"phone", "web"}), maxItems = 20))
    @Parameter(
            name = "caller",
            in = ParameterIn.QUERY,
            description = "The caller's number, digits with an optional leading +",
            schema = @Schema(type = "string", pattern = "^\\+?[0-9]{3,20}$"))
    @Parameter(name = "escalated", in = ParameterIn.QUERY, schema = @Schema(type = "boolean"))
    @Parameter(name = "hasRecording", in = ParameterIn.QUERY, schema = @Schema(type = "boolean"))
    @Parameter(
            name = "q",
            in = ParameterIn.QUERY,
            description = "Words said on the call (full text, no stemming)",
            schema = @Schema(type = "string", maxLength = 200))
    @PageParameters
    Page<CallViews.CallItem> list(CurrentUser user, @RequestParam MultiValueMap<String, String> query) {
        return history.list(user.companyId(), CallFilter.from(query));
    }

    @Operation(summary = "One call with everything it left: transcript, actions, returns, escalations, charges, turns")
    @GetMapping("/{id}")
    CallViews.CallDetail detail(CurrentUser user, @PathVariable UUID id) {
        return history.detail(user.companyId(), id);
    }
}
