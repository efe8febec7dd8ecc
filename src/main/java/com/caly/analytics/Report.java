package com.caly.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The detailed report of a period: a time series in the caller's zone and the breakdowns beside it. */
record Report(
        Instant from,
        Instant to,
        String timeZone,
        String granularity,
        List<Point> series,
        List<Count> outcomes,
        List<Count> intents,
        List<Count> sentiment,
        List<Count> durations,
        List<List<Long>> heatMap,
        List<Count> escalationReasons,
        List<ToolUse> tools) {

    /**
     * One step of the series; {@code start} is the step's local start in the zone (the first step may begin
     * later, at {@code from}).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Point(
            OffsetDateTime start,
            long calls,
            long answered,
            long resolvedByAgent,
            long escalated,
            long abandoned,
            BigDecimal minutes,
            BigDecimal cost,
            @Nullable Integer voiceToVoiceP50Ms,
            @Nullable Integer voiceToVoiceP95Ms) {}

    record Count(String key, long count) {}

    record ToolUse(String tool, long calls, long failures, BigDecimal averageMs) {}
}
