package com.caly.telephony;

import com.caly.calls.CallId;
import com.caly.calls.CallService;
import com.caly.calls.EscalationQueue;
import com.caly.calls.HandoffDecision;
import com.caly.shared.CurrentUser;
import com.caly.shared.openapi.ProblemResponse;
import com.caly.shared.web.ApiException;
import com.caly.telephony.exotel.LiveCallCommands;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A person asks for a call: a live call is handed over at once (its stream ends on whichever instance holds it, and
 * the flow connects a human); a finished call gets an escalation for someone to follow up.
 */
@RestController
class CallEscalationController {

    private final CallService calls;
    private final EscalationQueue escalations;
    private final LiveCallCommands commands;
    private final TransactionTemplate transaction;
    private final Clock clock;

    CallEscalationController(
            CallService calls,
            EscalationQueue escalations,
            LiveCallCommands commands,
            TransactionTemplate transaction,
            Clock clock) {
        this.calls = calls;
        this.escalations = escalations;
        this.commands = commands;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Operation(summary = "Hand a live call to a person now, or file an escalation for a finished call")
    @PostMapping("/api/calls/escalate")
    @ResponseStatus(HttpStatus.CREATED)
    @ProblemResponse(status = 404, description = "The company has no such call")
    Escalated escalate(CurrentUser user, @Valid @RequestBody EscalateCall request) {
        HandoffDecision decided = HandoffDecision.now(HandoffDecision.API, clock);
        CallId call = new CallId(request.callId());
        String urgency = request.urgency() == null ? "high" : request.urgency();
        return transaction.execute(status -> {
            boolean live = calls.isLive(user.companyId(), call)
                    .orElseThrow(() -> ApiException.notFound("call-not-found", "The call"));
            UUID escalation = escalations.open(user.companyId(), call, request.reason(), urgency, decided);
            if (live) {
                // the notification is delivered when this transaction commits, with the escalation row and its
                // brief: the stream ends, and the flow's after-bot answer rings a person, only after both exist
                commands.handOff(user.companyId(), call, escalation);
            } else {
                calls.markEscalated(user.companyId(), call);
            }
            return new Escalated(escalation.toString(), call.toString(), live);
        });
    }

    record EscalateCall(
            @NotNull UUID callId,
            @NotBlank @Size(max = 2000) String reason,

            @Nullable
            @Pattern(regexp = "low|normal|high|urgent", message = "must be low, normal, high or urgent")
            @Schema(
                    allowableValues = {"low", "normal", "high", "urgent"},
                    defaultValue = "high")
            String urgency) {}

    /** {@code handedOff}: the call was live and is being handed to a person now. */
    record Escalated(String escalationId, String callId, boolean handedOff) {}
}
