package com.caly.billing;

import com.caly.calls.CallId;
import com.caly.shared.TenantId;

/**
 * The telephony meter has run for a call that ended (a charge written, or none for a web or refused call);
 * published in its transaction, so what reports a call's end with its charges can be written with it.
 */
public record CallMetered(TenantId companyId, CallId callId) {}
