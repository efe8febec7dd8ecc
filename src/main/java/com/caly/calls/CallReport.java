package com.caly.calls;

import com.caly.shared.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a provider reports about a call, start or end, in provider-neutral terms. Fields it did not report are
 * null and leave what is known unchanged. {@code anomalies} are the figures the provider's adapter could not read
 * at all (they arrive here as null); {@link CallService} adds those it cannot believe and keeps both on the call.
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
        @Nullable String endReason,
        List<ProviderAnomaly> anomalies) {

    public CallReport {
        anomalies = List.copyOf(anomalies);
    }

    /** A report in which nothing was unreadable. */
    public CallReport(
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
            @Nullable String endReason) {
        this(
                companyId,
                phoneNumberId,
                provider,
                providerCallSid,
                direction,
                fromNumber,
                toNumber,
                startedAt,
                answeredAt,
                endedAt,
                durationSeconds,
                status,
                endReason,
                List.of());
    }
}
