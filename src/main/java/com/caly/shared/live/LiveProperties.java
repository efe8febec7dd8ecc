package com.caly.shared.live;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The live calls' event loops.
 *
 * @param io how their sockets are polled (LIVE_IO): {@code auto} takes Linux's epoll where Netty's native library
 *     loads and the JDK's selector elsewhere; {@code nio} always takes the JDK's selector
 */
@ConfigurationProperties("app.live")
public record LiveProperties(@DefaultValue("auto") LiveTransport.Choice io) {}
