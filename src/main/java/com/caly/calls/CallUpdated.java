package com.caly.calls;

import com.caly.shared.TenantId;

/**
 * Something a report sums changed on a call that already exists: its outcome, an escalation, a charge line. Any
 * module that writes such a change publishes it in the same transaction.
 */
public record CallUpdated(TenantId companyId, CallId callId) {}
