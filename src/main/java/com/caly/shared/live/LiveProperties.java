package com.caly.shared.live;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The live calls' event loops.
 *
 * @param io how their sockets are polled (LIVE_IO): {@code auto} takes Linux's epoll where Netty's native library
 *     loads and the JDK's selector elsewhere; {@code nio} always takes the JDK's selector
 * @param loops how many threads carry the live calls (LIVE_LOOPS); 0 for one per two cores, at least one
 */
@ConfigurationProperties("app.live")
@Validated
public record LiveProperties(
        @DefaultValue("auto") LiveTransport.Choice io,
        @DefaultValue("0") @Min(0) @Max(256) int loops) {

    /**
     * The loops' threads on a machine of {@code cores}. One loop carries hundreds of calls in a fraction of a core;
     * fewer loops each wake for more events at once, and the other cores stay free for the rest of the service
     * (the API, the database, recordings, the JIT and the collector).
     */
    int threads(int cores) {
        return loops > 0 ? loops : Math.max(1, cores / 2);
    }
}
