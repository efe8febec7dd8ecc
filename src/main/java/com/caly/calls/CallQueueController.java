package com.caly.calls;

import com.caly.shared.CurrentUser;
import com.caly.shared.Role;
import com.caly.shared.openapi.ProblemResponse;
import com.caly.shared.query.Page;
import com.caly.shared.query.PageParameters;
import com.caly.shared.query.TimeWindowParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The work that calls leave for people: escalations to take and resolve (any member), return requests to decide
 * (owners and admins: they move money), and the log of what the agent did.
 */
@RestController
class CallQueueController {

    private final EscalationQueue escalations;
    private final ReturnRequests returns;
    private final ActionLog actions;

    CallQueueController(EscalationQueue escalations, ReturnRequests returns, ActionLog actions) {
        this.escalations = escalations;
        this.returns = returns;
        this.actions = actions;
    }

    @Operation(summary = "The escalations, newest first")
    @GetMapping("/api/escalations")
    @Parameter(
            name = "status",
            in = ParameterIn.QUERY,
            description = "Escalations in any of these statuses (comma-separated)",
            explode = Explode.FALSE,
            array = @ArraySchema(schema = @Schema(allowableValues = {"open", "assigned", "resolved"}), maxItems = 20))
    @Parameter(
            name = "urgency",
            in = ParameterIn.QUERY,
            description = "Escalations of any of these urgencies (comma-separated)",
            explode = Explode.FALSE,
            array =
                    @ArraySchema(
                            schema = @Schema(allowableValues = {"low", "normal", "high", "urgent"}),
                            maxItems = 20))
    @Parameter(
            name = "assignedTo",
            in = ParameterIn.QUERY,
            description = "Escalations assigned to this member",
            schema = @Schema(type = "string", format = "uuid"))
    @Parameter(
            name = "callId",
            in = ParameterIn.QUERY,
            description = "Escalations of this call",
            schema = @Schema(type = "string", format = "uuid"))
    @TimeWindowParameters
    @PageParameters
    Page<CallViews.Escalation> escalations(CurrentUser user, @RequestParam MultiValueMap<String, String> query) {
        return escalations.list(user.companyId(), query);
    }

    @Operation(summary = "Assign or resolve an escalation")
    @PatchMapping("/api/escalations/{id}")
    @ProblemResponse(status = 409, description = "The escalation is already resolved")
    CallViews.Escalation updateEscalation(
            CurrentUser user, @PathVariable UUID id, @Valid @RequestBody EscalationChange change) {
        return escalations.update(user.companyId(), id, change.status(), change.assignedTo(), change.resolutionNote());
    }

    @Operation(summary = "The return, refund and exchange requests, newest first")
    @GetMapping("/api/returns")
    @Parameter(
            name = "status",
            in = ParameterIn.QUERY,
            description = "Return requests in any of these statuses (comma-separated)",
            explode = Explode.FALSE,
            array =
                    @ArraySchema(
                            schema = @Schema(allowableValues = {"requested", "approved", "rejected", "refunded"}),
                            maxItems = 20))
    @Parameter(
            name = "kind",
            in = ParameterIn.QUERY,
            description = "Return requests of any of these kinds (comma-separated)",
            explode = Explode.FALSE,
            array = @ArraySchema(schema = @Schema(allowableValues = {"return", "refund", "exchange"}), maxItems = 20))
    @Parameter(name = "orderId", in = ParameterIn.QUERY, schema = @Schema(type = "string", maxLength = 100))
    @Parameter(
            name = "callId",
            in = ParameterIn.QUERY,
            description = "Return requests of this call",
            schema = @Schema(type = "string", format = "uuid"))
    @TimeWindowParameters
    @PageParameters
    Page<CallViews.ReturnRequest> returns(CurrentUser user, @RequestParam MultiValueMap<String, String> query) {
        return returns.list(user.companyId(), query);
    }

    @Operation(summary = "Approve, reject or refund a return request (owners and admins)")
    @PatchMapping("/api/returns/{id}")
    @ProblemResponse(
            status = 409,
            description = "The request cannot move to that status (requested → approved or rejected;"
                    + " approved → refunded, never for an exchange)")
    CallViews.ReturnRequest moveReturn(
            CurrentUser user, @PathVariable UUID id, @Valid @RequestBody ReturnChange change) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        return returns.move(user.companyId(), id, change.status());
    }

    @Operation(summary = "What the agent did on calls (tool calls), newest first")
    @GetMapping("/api/actions")
    @Parameter(
            name = "tool",
            in = ParameterIn.QUERY,
            description = "Actions of this tool",
            schema = @Schema(type = "string", maxLength = 100))
    @Parameter(
            name = "status",
            in = ParameterIn.QUERY,
            description = "Actions that ended in any of these ways (comma-separated)",
            explode = Explode.FALSE,
            array =
                    @ArraySchema(
                            schema = @Schema(allowableValues = {"ok", "error", "invalid_arguments", "timeout"}),
                            maxItems = 20))
    @Parameter(
            name = "callId",
            in = ParameterIn.QUERY,
            description = "Actions taken on this call",
            schema = @Schema(type = "string", format = "uuid"))
    @TimeWindowParameters
    @PageParameters
    Page<CallViews.Action> actions(CurrentUser user, @RequestParam MultiValueMap<String, String> query) {
        return actions.list(user.companyId(), query);
    }

    record EscalationChange(
            @NotNull
            @Pattern(regexp = "assigned|resolved", message = "must be assigned or resolved")
            @Schema(allowableValues = {"assigned", "resolved"})
            String status,

            @Nullable UUID assignedTo,
            @Nullable @Size(max = 2000) String resolutionNote) {}

    record ReturnChange(
            @NotNull
            @Pattern(regexp = "approved|rejected|refunded", message = "must be approved, rejected or refunded")
            @Schema(allowableValues = {"approved", "rejected", "refunded"})
            String status) {}
}
