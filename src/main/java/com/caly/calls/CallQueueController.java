package com.caly.calls;

import com.caly.shared.CurrentUser;
import com.caly.shared.Role;
import com.caly.shared.query.Page;
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

    @GetMapping("/api/escalations")
    Page<CallViews.Escalation> escalations(CurrentUser user, @RequestParam MultiValueMap<String, String> query) {
        return escalations.list(user.companyId(), query);
    }

    @PatchMapping("/api/escalations/{id}")
    CallViews.Escalation updateEscalation(
            CurrentUser user, @PathVariable UUID id, @Valid @RequestBody EscalationChange change) {
        return escalations.update(user.companyId(), id, change.status(), change.assignedTo(), change.resolutionNote());
    }

    @GetMapping("/api/returns")
    Page<CallViews.ReturnRequest> returns(CurrentUser user, @RequestParam MultiValueMap<String, String> query) {
        return returns.list(user.companyId(), query);
    }

    @PatchMapping("/api/returns/{id}")
    CallViews.ReturnRequest moveReturn(
            CurrentUser user, @PathVariable UUID id, @Valid @RequestBody ReturnChange change) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        return returns.move(user.companyId(), id, change.status());
    }

    @GetMapping("/api/actions")
    Page<CallViews.Action> actions(CurrentUser user, @RequestParam MultiValueMap<String, String> query) {
        return actions.list(user.companyId(), query);
    }

    record EscalationChange(
            @NotNull @Pattern(regexp = "assigned|resolved", message = "must be assigned or resolved")
            String status,

            @Nullable UUID assignedTo,
            @Nullable @Size(max = 2000) String resolutionNote) {}

    record ReturnChange(
            @NotNull @Pattern(regexp = "approved|rejected|refunded", message = "must be approved, rejected or refunded")
            String status) {}
}
