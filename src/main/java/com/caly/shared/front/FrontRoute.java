package com.caly.shared.front;

/**
 * A kind of connection the front serves itself instead of proxying it to Tomcat. Routes are Spring beans; only the
 * first request of a connection is offered to them.
 */
public interface FrontRoute {

    /** Whether this route serves the request; only its line and headers are known. Called on the channel's event loop; must not block. */
    boolean serves(io.netty.handler.codec.http.HttpRequest request);

    /**
     * Takes over the connection, on its event loop. The front's own handlers have left the pipeline except the
     * HttpServerCodec (named "http"), which the route may keep or remove. The request has no body (it is a GET upgrade);
     * the route owns its release.
     */
    void take(io.netty.channel.Channel channel, io.netty.handler.codec.http.FullHttpRequest request);
}
