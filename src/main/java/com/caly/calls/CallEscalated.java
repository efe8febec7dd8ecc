package com.caly.calls;

import com.caly.shared.TenantId;
import java.util.UUID;

/** A call was escalated to a person (the agent asked for one, or a member did); published after the row. */
public record CallEscalated(TenantId companyId, CallId callId, UUID escalationId, String reason, String urgency) {}
