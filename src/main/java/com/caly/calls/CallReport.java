package com.caly.calls;

import com.caly.shared.TenantId;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a provider reports about a call, start or end, in provider-neutral terms. Fields it did not report are
 * null and leave what is known unchanged.
 */
public record CallReport(
        TenantId companyId,
        @Nullable UUID phoneNumberId,
        String provider,
        String providerCallSid,
        String direction,
        @Nullable String fromNumber,
        @Nullable String toNumber,
        @Nullable Instant startedAt,
        @Nullable Instant answeredAt,
        @Nullable Instant endedAt,
        @Nullable Long durationSeconds,
        @Nullable CallStatus status,
        @Nullable String endReason) {}
