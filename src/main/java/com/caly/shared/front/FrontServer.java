package com.caly.shared.front;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.WebServerException;

/** The Netty server on the public port: accepts connections and starts each with a {@link FrontRouter}. */
final class FrontServer {

    static final String HTTP = "http";
    static final String IDLE = "idle";
    static final String ROUTER = "router";
    static final String PROXY = "proxy";

    /** As long as Tomcat keeps an idle keep-alive connection open. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final EventLoopGroup loops;
    private final InetSocketAddress address;
    private final List<FrontRoute> routes;
    private final InetSocketAddress tomcat;
    private final ForwardedHeaders forwarded;
    private final ChannelGroup connections = new DefaultChannelGroup("front", GlobalEventExecutor.INSTANCE);
    private @Nullable Channel server;

    FrontServer(
            EventLoopGroup loops,
            InetSocketAddress address,
            List<FrontRoute> routes,
            InetSocketAddress tomcat,
            ForwardedHeaders forwarded) {
        this.loops = loops;
        this.address = address;
        this.routes = routes;
        this.tomcat = tomcat;
        this.forwarded = forwarded;
    }

    void start() {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops)
                .channel(com.caly.shared.live.LiveTransport.serverChannel(loops))
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        channel.pipeline()
                                .addLast(HTTP, new HttpServerCodec(8192, 16384, 8192))
                                .addLast(IDLE, new IdleStateHandler(0, 0, IDLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                                .addLast(ROUTER, new FrontRouter(routes, () -> new TomcatProxy(tomcat, forwarded)));
                    }
                });
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            if (bound.cause() instanceof BindException) {
                throw new PortInUseException(address.getPort(), bound.cause());
            }
            throw new WebServerException("Could not start the front server on " + address, bound.cause());
        }
        server = bound.channel();
    }

    /** How the front's loops poll their sockets: epoll or nio. */
    String io() {
        return com.caly.shared.live.LiveTransport.name(loops);
    }

    /** The port it listens on, -1 before it starts. */
    int port() {
        return server == null ? -1 : ((InetSocketAddress) server.localAddress()).getPort();
    }

    void stopAccepting() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
    }

    void close() {
        stopAccepting();
        connections.close().awaitUninterruptibly();
    }
}
