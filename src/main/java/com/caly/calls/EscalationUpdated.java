package com.caly.calls;

import com.caly.shared.TenantId;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An escalation was assigned or resolved; published in the transaction that changed it. */
public record EscalationUpdated(
        TenantId companyId, @Nullable CallId callId, UUID escalationId) {}
