package com.caly.shared.front;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proxies one front connection's requests to Tomcat over one backend connection of its own, opened at the first
 * request, on the same event loop. Requests and responses stream through as Netty's HTTP objects, in order; when
 * Tomcat switches protocols (a WebSocket), both HTTP codecs leave and the bytes are relayed as they are.
 */
final class TomcatProxy extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(TomcatProxy.class);
    private static final Logger access = LoggerFactory.getLogger("com.caly.http");

    private final InetSocketAddress tomcat;
    private final ForwardedHeaders forwarded;
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private @Nullable Channel front;
    private @Nullable Channel backend;
    private @Nullable ChannelFuture lastFrontWrite;
    private @Nullable ChannelFuture lastBackendWrite;
    private boolean connecting;
    private boolean refused;
    private boolean upgraded;
    /** Requests sent to Tomcat whose response has not ended. */
    private int awaiting;

    private boolean responseStarted;
    private boolean informational;
    private boolean switching;
    private boolean lastResponse;
    /** The answer is out and the connection is closing: what the client still sends is dropped. */
    private boolean lingering;

    static final java.time.Duration LINGER = java.time.Duration.ofSeconds(2);

    TomcatProxy(InetSocketAddress tomcat, ForwardedHeaders forwarded) {
        this.tomcat = tomcat;
        this.forwarded = forwarded;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        front = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (lingering) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (upgraded) {
            if (backend == null) {
                ReferenceCountUtil.release(msg);
            } else {
                toBackend(msg);
            }
            return;
        }
        if (refused || !(msg instanceof HttpObject object)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (object.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            refuse(object.decoderResult().cause(), ctx);
            return;
        }
        if (msg instanceof HttpRequest request) {
            forwarded.apply(request.headers(), peer(ctx.channel()));
            awaiting++;
        }
        toBackend(msg);
    }

    private static String peer(Channel channel) {
        return ((InetSocketAddress) channel.remoteAddress()).getAddress().getHostAddress();
    }

    private void refuse(Throwable cause, ChannelHandlerContext ctx) {
        refused = true;
        ctx.channel().config().setAutoRead(false);
        if (awaiting > 0) {
            // a request cut short in its body, or one after it: the response under way cannot be finished
            closeFront();
            return;
        }
        log.debug("Refused a request the front could not parse", cause);
        FullHttpResponse answer = FrontAnswers.refused(ctx.alloc(), cause);
        access.info("{} refused by the server before routing", answer.status().code());
        lastFrontWrite = ctx.write(answer);
        closeFront();
    }

    private void toBackend(Object msg) {
        if (backend == null && !connecting) {
            connect();
        }
        if (connecting) {
            held.add(msg);
            return;
        }
        Channel to = backend;
        lastBackendWrite = to.write(msg).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        if (!to.isWritable()) {
            front.config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (backend != null && !connecting) {
            backend.flush();
        }
    }

    private void connect() {
        connecting = true;
        Channel from = front;
        from.config().setAutoRead(false);
        new Bootstrap()
                .group(from.eventLoop())
                .channel(com.caly.shared.live.LiveTransport.socketChannel(from.eventLoop()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(FrontServer.HTTP, new HttpClientCodec());
                        channel.pipeline().addLast("relay", new BackendRelay(TomcatProxy.this));
                    }
                })
                .connect(tomcat)
                .addListener((ChannelFuture connected) -> {
                    connecting = false;
                    if (connected.isSuccess()) {
                        connected(connected.channel());
                    } else {
                        log.warn("Could not reach Tomcat at {}", tomcat, connected.cause());
                        held.forEach(ReferenceCountUtil::release);
                        held.clear();
                        badGateway();
                    }
                });
    }

    private void connected(Channel channel) {
        if (!front.isActive()) {
            held.forEach(ReferenceCountUtil::release);
            held.clear();
            channel.close();
            return;
        }
        backend = channel;
        while (!held.isEmpty()) {
            lastBackendWrite = channel.write(held.poll()).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
        channel.flush();
        front.config().setAutoRead(channel.isWritable());
    }

    private void badGateway() {
        lastFrontWrite = front.write(FrontAnswers.badGateway(front.alloc()));
        closeFront();
    }

    /** A message from Tomcat, on the backend channel's (and so this connection's) event loop. */
    void fromBackend(Object msg) {
        if (!upgraded
                && msg instanceof HttpObject object
                && object.decoderResult().isFailure()) {
            // Tomcat's answer broke off or cannot be parsed: the client cannot be given the rest of it
            ReferenceCountUtil.release(msg);
            tomcatFailed();
            return;
        }
        if (!upgraded && msg instanceof HttpResponse response) {
            HttpResponseStatus status = response.status();
            switching = status.code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code();
            informational = !switching && status.codeClass() == HttpStatusClass.INFORMATIONAL;
            responseStarted = !informational;
            if (!informational && !HttpUtil.isKeepAlive(response)) {
                lastResponse = true;
            }
        }
        lastFrontWrite = front.write(msg);
        if (!upgraded && msg instanceof LastHttpContent) {
            responseEnded();
        }
        if (!front.isWritable() && backend != null) {
            backend.config().setAutoRead(false);
        }
    }

    private void responseEnded() {
        if (informational) {
            informational = false;
            return;
        }
        if (switching) {
            upgrade();
            return;
        }
        awaiting--;
        responseStarted = false;
        if (lastResponse) {
            closeFront();
        }
    }

    private void upgrade() {
        upgraded = true;
        front.flush();
        HttpServerCodec frontCodec = (HttpServerCodec) front.pipeline().get(FrontServer.HTTP);
        HttpClientCodec backendCodec = (HttpClientCodec) backend.pipeline().get(FrontServer.HTTP);
        // encoders first: bytes either decoder still holds are relayed raw when it leaves
        frontCodec.removeOutboundHandler();
        backendCodec.removeOutboundHandler();
        frontCodec.removeInboundHandler();
        backendCodec.removeInboundHandler();
        front.pipeline().remove(frontCodec);
        backend.pipeline().remove(backendCodec);
        if (front.pipeline().get(FrontServer.IDLE) != null) {
            front.pipeline().remove(FrontServer.IDLE);
        }
    }

    void flushFront() {
        front.flush();
    }

    void backendWritabilityChanged(boolean writable) {
        if (!connecting && !refused) {
            front.config().setAutoRead(writable);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (backend != null) {
            backend.config().setAutoRead(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    void backendClosed(Channel channel) {
        if (channel != backend) {
            return;
        }
        if (upgraded || lastResponse || awaiting > 0) {
            tomcatFailed();
        } else {
            // Tomcat closed a connection that was idle: the next request opens another
            backend = null;
            lastBackendWrite = null;
        }
    }

    private void tomcatFailed() {
        Channel from = backend;
        backend = null;
        lastBackendWrite = null;
        if (from != null) {
            from.close();
        }
        if (awaiting > 0 && !responseStarted && !upgraded) {
            badGateway();
        } else {
            closeFront();
        }
        awaiting = 0;
    }

    /**
     * Ends the front connection after what was written to it. Closing a socket with request bytes still unread
     * makes the kernel reset the connection, and a client still sending (a body Tomcat refused early) can then lose
     * the answer before reading it. So the front half-closes, reads and drops what the client still sends, and
     * closes when the client does, or after {@link #LINGER}.
     */
    private void closeFront() {
        Channel channel = front;
        channel.flush();
        ChannelFuture written = lastFrontWrite == null ? channel.newSucceededFuture() : lastFrontWrite;
        written.addListener(done -> {
            if (!done.isSuccess() || !(channel instanceof SocketChannel socket) || !channel.isActive()) {
                channel.close();
                return;
            }
            lingering = true;
            socket.shutdownOutput();
            channel.eventLoop().schedule(() -> channel.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
            channel.config().setAutoRead(true);
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        held.forEach(ReferenceCountUtil::release);
        held.clear();
        Channel to = backend;
        if (to != null) {
            backend = null;
            to.flush();
            if (lastBackendWrite == null || !upgraded) {
                to.close();
            } else {
                lastBackendWrite.addListener(ChannelFutureListener.CLOSE);
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && awaiting == 0 && !connecting && !upgraded) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("Front connection failed", cause);
        ctx.close();
    }
}
