package com.caly.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The KPIs of one period; {@link Comparison} pairs them with the period just before. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record Dashboard(
        long calls,
        long answered,
        @Nullable BigDecimal averageDurationSeconds,
        @Nullable BigDecimal medianDurationSeconds,
        long resolvedByAgent,
        long escalated,
        @Nullable BigDecimal escalationRate,
        long abandoned,
        @Nullable BigDecimal abandonmentRate,
        BigDecimal totalMinutes,
        Cost cost,
        @Nullable BigDecimal costPerResolvedCall,
        long returnsFiled,
        @Nullable Integer voiceToVoiceP50Ms,
        @Nullable Integer voiceToVoiceP95Ms) {

    record Cost(BigDecimal telephony, BigDecimal ai, BigDecimal storage, BigDecimal total, String currency) {}

    record Comparison(Instant from, Instant to, String timeZone, Dashboard current, Period previousPeriod) {}

    record Period(Instant from, Instant to, Dashboard figures) {}
}
