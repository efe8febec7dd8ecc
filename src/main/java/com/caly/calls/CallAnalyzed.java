package com.caly.calls;

import com.caly.shared.TenantId;

/** The analysis of a call's transcript (summary, outcome, sentiment, intent) is stored; published in its transaction. */
public record CallAnalyzed(TenantId companyId, CallId callId) {}
