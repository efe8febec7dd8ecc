package com.caly.calls;

import com.caly.shared.TenantId;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A return request moved on (approved, rejected, refunded); published in the transaction that changed it. */
public record ReturnUpdated(TenantId companyId, @Nullable CallId callId, UUID returnId) {}
