package com.caly.calls;

import com.caly.shared.TenantId;
import java.time.Instant;

/** A call reached the service. */
public record CallStarted(TenantId companyId, CallId callId, Instant startedAt) {}
