package com.caly.calls;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The calls module's settings.
 *
 * @param live the live view: calls in progress and their event stream
 * @param limits how many calls one company may have live at once, across every instance
 */
@Validated
@ConfigurationProperties("app.calls")
public record CallsProperties(
        @DefaultValue @Valid @NotNull Live live,
        @DefaultValue @Valid @NotNull Limits limits) {

    /** The most calls an operator may allow one company at once. */
    public static final int MAX_CONCURRENT_CALLS = 10_000;

    /**
     * @param defaultMaxConcurrentCalls live calls a company may have at once unless an operator set its own limit
     *     (COMPANY_MAX_CONCURRENT_CALLS); one more is answered with the flow's fallback branch
     */
    public record Limits(
            @DefaultValue("20") @Min(1) @Max(MAX_CONCURRENT_CALLS)
            int defaultMaxConcurrentCalls) {}

    /**
     * @param maxStreamsPerCompany event streams one company may hold open on one instance (LIVE_STREAMS_PER_COMPANY);
     *     one more is a 429
     * @param maxStreamsPerInstance event streams one instance holds open for all companies (LIVE_STREAMS_PER_INSTANCE)
     * @param subscriberQueue events waiting to be written to one stream (LIVE_STREAM_QUEUE); a stream whose client
     *     reads too slowly to keep below it is closed, and the client reconnects and reloads the list
     * @param heartbeat how often an idle stream gets a comment line (LIVE_STREAM_HEARTBEAT), so proxies keep it open
     *     and a vanished client is noticed
     * @param streamTimeout how long one stream stays open (LIVE_STREAM_TIMEOUT); the client then reconnects
     * @param maxCallAge a call still unfinished after this long is left out of the list (LIVE_CALL_MAX_AGE): its end
     *     report was lost, and no call lasts longer
     */
    public record Live(
            @DefaultValue("5") @Min(1) @Max(1000) int maxStreamsPerCompany,
            @DefaultValue("200") @Min(1) @Max(10_000) int maxStreamsPerInstance,
            @DefaultValue("256") @Min(8) @Max(100_000) int subscriberQueue,
            @DefaultValue("15s") @NotNull Duration heartbeat,
            @DefaultValue("30m") @NotNull Duration streamTimeout,
            @DefaultValue("4h") @NotNull Duration maxCallAge) {}
}
