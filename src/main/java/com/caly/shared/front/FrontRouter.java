package com.caly.shared.front;

import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, at a connection's first request, whether a route takes the connection or Tomcat serves it; in the
 * second case it gives its place in the pipeline to a {@link TomcatProxy} for the rest of the connection.
 */
final class FrontRouter extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(FrontRouter.class);

    /** Routes serve upgrades, which have no body: a request that sends one anyway is not served. */
    private static final int MAX_BODY = 8192;

    private final List<FrontRoute> routes;
    private final Supplier<TomcatProxy> proxies;
    private @Nullable FrontRoute route;
    private @Nullable HttpRequest request;
    private @Nullable CompositeByteBuf body;

    FrontRouter(List<FrontRoute> routes, Supplier<TomcatProxy> proxies) {
        this.routes = routes;
        this.proxies = proxies;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (route == null) {
            FrontRoute serving =
                    msg instanceof HttpRequest first && first.decoderResult().isSuccess() ? routeFor(first) : null;
            if (serving == null) {
                ctx.pipeline().replace(this, FrontServer.PROXY, proxies.get());
                // the replaced context forwards to its successor, the proxy
                ctx.fireChannelRead(msg);
                return;
            }
            route = serving;
            request = (HttpRequest) msg;
            body = ctx.alloc().compositeBuffer();
        }
        if (msg instanceof HttpContent content) {
            body.addComponent(true, content.content().retain());
            if (body.readableBytes() > MAX_BODY) {
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            if (msg instanceof LastHttpContent last) {
                FullHttpRequest full =
                        new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(), body);
                full.headers().set(request.headers());
                full.trailingHeaders().set(last.trailingHeaders());
                body = null;
                ReferenceCountUtil.release(msg);
                hand(ctx, full);
                return;
            }
        }
        ReferenceCountUtil.release(msg);
    }

    private @Nullable FrontRoute routeFor(HttpRequest first) {
        for (FrontRoute candidate : routes) {
            if (candidate.serves(first)) {
                return candidate;
            }
        }
        return null;
    }

    private void hand(ChannelHandlerContext ctx, FullHttpRequest full) {
        FrontRoute taking = route;
        if (ctx.pipeline().get(FrontServer.IDLE) != null) {
            ctx.pipeline().remove(FrontServer.IDLE);
        }
        ctx.pipeline().remove(this);
        try {
            taking.take(ctx.channel(), full);
        } catch (RuntimeException e) {
            log.warn("Route {} failed to take a connection", taking, e);
            ctx.channel().close();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (body != null) {
            body.release();
            body = null;
        }
    }
}
