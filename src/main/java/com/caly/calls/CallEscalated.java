package com.caly.calls;

import com.caly.shared.TenantId;
import java.util.UUID;

/**
 * A call was escalated to a person (the agent asked for one, a rule or a failure sent it, or a member did);
 * published after the row, in its transaction, with the hand-off brief written with it.
 */
public record CallEscalated(
        TenantId companyId, CallId callId, UUID escalationId, String reason, String urgency, HandoffBrief brief) {}
