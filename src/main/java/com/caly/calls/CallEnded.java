package com.caly.calls;

import com.caly.shared.TenantId;
import java.time.Instant;

/**
 * A call is over; {@code billableSeconds} counts from the answer (zero when it was never answered), and
 * {@code channel} says whether a telephony provider carried it.
 */
public record CallEnded(
        TenantId companyId,
        CallId callId,
        CallStatus status,
        long billableSeconds,
        Instant endedAt,
        CallChannel channel) {}
