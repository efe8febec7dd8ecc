package com.caly.shared.front;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** The end of a backend connection to Tomcat: passes what Tomcat sends to its front connection's proxy. */
final class BackendRelay extends ChannelInboundHandlerAdapter {

    private final TomcatProxy proxy;

    BackendRelay(TomcatProxy proxy) {
        this.proxy = proxy;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        proxy.fromBackend(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        proxy.flushFront();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        proxy.backendWritabilityChanged(ctx.channel().isWritable());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        proxy.backendClosed(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
