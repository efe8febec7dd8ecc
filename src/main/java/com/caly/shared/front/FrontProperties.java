package com.caly.shared.front;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The public port's front server.
 *
 * @param enabled whether a Netty front owns the public port and proxies to Tomcat on the loopback interface
 *     (LIVE_FRONT_ENABLED); without it, or with TLS, Tomcat listens on the public port itself
 */
@ConfigurationProperties("app.front")
public record FrontProperties(@DefaultValue("true") boolean enabled) {}
