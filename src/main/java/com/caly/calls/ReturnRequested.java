package com.caly.calls;

import com.caly.shared.TenantId;
import java.util.UUID;

/** A return, refund or exchange request was filed on a call; published in the transaction that stored it. */
public record ReturnRequested(TenantId companyId, CallId callId, UUID returnId) {}
