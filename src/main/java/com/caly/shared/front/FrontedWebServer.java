package com.caly.shared.front;

import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.GracefulShutdownCallback;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;

/**
 * Tomcat on the loopback interface behind the front server on the public port: the port it reports is the
 * front's, so {@code local.server.port} is where clients connect.
 */
public final class FrontedWebServer implements WebServer {

    private static final Logger log = LoggerFactory.getLogger(FrontedWebServer.class);

    private final WebServer tomcat;
    private final IntFunction<FrontServer> frontForTomcatPort;
    private @Nullable FrontServer front;

    FrontedWebServer(WebServer tomcat, IntFunction<FrontServer> frontForTomcatPort) {
        this.tomcat = tomcat;
        this.frontForTomcatPort = frontForTomcatPort;
    }

    @Override
    public void start() throws WebServerException {
        tomcat.start();
        if (front == null) {
            FrontServer server = frontForTomcatPort.apply(tomcat.getPort());
            server.start();
            front = server;
            log.info(
                    "Front server started on port {} ({}), proxying to Tomcat on 127.0.0.1:{}",
                    server.port(),
                    server.io(),
                    tomcat.getPort());
        }
    }

    @Override
    public int getPort() {
        return front == null ? -1 : front.port();
    }

    /** The loopback port Tomcat listens on. */
    public int tomcatPort() {
        return tomcat.getPort();
    }

    @Override
    public void shutDownGracefully(GracefulShutdownCallback callback) {
        if (front != null) {
            front.stopAccepting();
        }
        tomcat.shutDownGracefully(callback);
    }

    @Override
    public void stop() throws WebServerException {
        closeFront();
        tomcat.stop();
    }

    @Override
    public void destroy() {
        closeFront();
        tomcat.destroy();
    }

    private void closeFront() {
        if (front != null) {
            front.close();
            front = null;
        }
    }
}
