package com.caly.shared.front;

import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.RemoteIpValve;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.servlet.ServletContextInitializer;

/**
 * Tomcat as Spring Boot configures it, moved to an ephemeral port on the loopback interface behind a
 * {@link FrontServer} on the configured address and port. Without {@link #frontWith front settings} (the management
 * port's own context instantiates this class through its no-argument constructor) or with TLS, it is plain Tomcat.
 */
public class FrontedTomcatFactory extends TomcatServletWebServerFactory {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private @Nullable Supplier<EventLoopGroup> loops;
    private @Nullable Supplier<List<FrontRoute>> routes;

    /** Puts a front before Tomcat; both are resolved when the server starts, after the beans they come from. */
    void frontWith(Supplier<EventLoopGroup> loops, Supplier<List<FrontRoute>> routes) {
        this.loops = loops;
        this.routes = routes;
    }

    @Override
    public WebServer getWebServer(ServletContextInitializer... initializers) {
        Supplier<EventLoopGroup> frontLoops = loops;
        Supplier<List<FrontRoute>> frontRoutes = routes;
        int port = getPort();
        if (frontLoops == null || frontRoutes == null || port < 0 || Ssl.isEnabled(getSsl())) {
            return super.getWebServer(initializers);
        }
        InetAddress address = getAddress();
        ForwardedHeaders forwarded = new ForwardedHeaders(trustTheFront());
        setPort(0);
        setAddress(LOOPBACK);
        WebServer tomcat;
        try {
            tomcat = super.getWebServer(initializers);
        } finally {
            setPort(port);
            setAddress(address);
        }
        InetSocketAddress publicAddress =
                address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
        return new FrontedWebServer(
                tomcat,
                tomcatPort -> new FrontServer(
                        frontLoops.get(),
                        publicAddress,
                        frontRoutes.get(),
                        new InetSocketAddress(LOOPBACK, tomcatPort),
                        forwarded));
    }

    /**
     * Makes Tomcat's RemoteIpValve trust the front, which every request now comes from, and returns the proxies the
     * valve trusted before: the front trusts those.
     */
    private String trustTheFront() {
        for (Valve valve : getEngineValves()) {
            if (valve instanceof RemoteIpValve remoteIp) {
                String trusted = remoteIp.getInternalProxies();
                if (trusted == null || trusted.isBlank()) {
                    remoteIp.setInternalProxies(Pattern.quote(LOOPBACK.getHostAddress()));
                    return "";
                }
                if (!LOOPBACK.getHostAddress().matches(trusted)) {
                    remoteIp.setInternalProxies(trusted + "|" + Pattern.quote(LOOPBACK.getHostAddress()));
                }
                return trusted;
            }
        }
        return "";
    }
}
