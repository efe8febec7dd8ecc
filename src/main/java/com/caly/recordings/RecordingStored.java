package com.caly.recordings;

import com.caly.calls.CallId;
import com.caly.shared.TenantId;
import java.math.BigDecimal;

/**
 * A call's recording is in storage. {@code gbMonths} is what the provider will bill for it at least: its size in
 * GB times the provider's minimum storage duration in months (Wasabi bills 90 days for any object), at
 * {@code pricePerGbMonth} in {@code currency}.
 */
public record RecordingStored(
        TenantId companyId,
        CallId callId,
        long bytes,
        BigDecimal gbMonths,
        BigDecimal pricePerGbMonth,
        String currency) {}
