package com.caly.voice.realtime;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket to the realtime API whose channel runs on the call's own event loop, so the model's events reach the
 * call's state on the thread that owns it and the call's sends go out from it, with no hand-off either way. Whole text
 * messages come in (fragments joined, at most 8 MiB each); events go out as masked text frames.
 *
 * <p>Everything happens on the loop: the handler is called there, and {@link #send} and {@link #close} belong there
 * too (called from another thread, they are posted to it). The handler hears {@link Handler#opened} and later
 * {@link Handler#closed} once, or {@link Handler#failed} once, and after {@link #close} nothing at all.
 *
 * <p>{@code connectTimeout} bounds the whole opening: name resolution, the TCP connect, TLS and the upgrade.
 */
public final class RealtimeConnection {

    /** What the connection reports, always on its loop's thread. */
    public interface Handler {
        /** The upgrade succeeded: sends go out from now on. */
        void opened();

        /** One whole text message, its fragments joined. */
        void text(String json);

        /** A message that is not text (a binary frame): skipped, the socket stays open. */
        void malformed(String why);

        /**
         * The open socket ended other than by our {@link #close}: the model's close code (1009 when its message was
         * too large for us), or -1 for a transport failure.
         */
        void closed(int code, String reason);

        /** The socket never opened: resolution, connect, TLS, the upgrade, or the time for all of it ran out. */
        void failed(Throwable cause);
    }

    static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
    static final int HIGH_WATER_BYTES = 1024 * 1024;
    /** How long our close frame may wait behind unsent events before the socket is closed anyway. */
    private static final long CLOSE_GRACE_MS = 2_000;

    private static final Logger log = LoggerFactory.getLogger(RealtimeConnection.class);

    /*
     * Name resolution runs here, never on the event loop. The JDK's resolver blocks, and Netty's default resolver
     * calls it on the loop; Netty's asynchronous DNS client would be one more dependency and would bypass the
     * system's resolver configuration. A call resolves one host once (the JDK caches the answer), so a blocking
     * lookup on a few shared threads followed by a post back to the loop costs nothing that matters.
     */
    private static final ThreadPoolExecutor RESOLVER = resolver();

    private enum State {
        CONNECTING,
        OPEN,
        /** Reported to the handler, or closed by us: silent from now on. */
        DONE
    }

    private final EventLoop loop;
    private final String host;
    private final int port;
    private final long timeoutMs;
    private final @Nullable SslContext tls;
    private final Handler handler;
    private final WebSocketClientHandshaker handshaker;
    private final ChannelFutureListener onWriteFailure = this::writeDone;

    // confined to the loop
    private State state = State.CONNECTING;
    private @Nullable Channel channel;
    private @Nullable ScheduledFuture<?> deadline;
    private @Nullable String lostBecause;

    private RealtimeConnection(
            EventLoop loop,
            URI url,
            String apiKey,
            Duration connectTimeout,
            @Nullable SslContext tls,
            Handler handler) {
        this.loop = loop;
        this.host = hostOf(url);
        this.port = url.getPort() > 0 ? url.getPort() : tls != null ? 443 : 80;
        this.timeoutMs = Math.max(1, connectTimeout.toMillis());
        this.tls = tls;
        this.handler = handler;
        this.handshaker = new Upgrade(url, apiKey);
    }

    /**
     * Opens a WebSocket to {@code url} ({@code ws://} or {@code wss://}, the JDK's trust store) with the API key as a
     * bearer token. Returns at once; the connection proceeds on {@code loop} (an epoll or NIO event loop, as
     * {@code CallLoops}' are), and the handler hears how it went there.
     */
    public static RealtimeConnection open(
            EventLoop loop, URI url, String apiKey, Duration connectTimeout, Handler handler) {
        return open(loop, url, apiKey, connectTimeout, secure(url) ? DefaultTls.CONTEXT : null, handler);
    }

    /** As above with the TLS context given ({@code null} for {@code ws://}); see {@link #clientTls}. */
    static RealtimeConnection open(
            EventLoop loop,
            URI url,
            String apiKey,
            Duration connectTimeout,
            @Nullable SslContext tls,
            Handler handler) {
        if (secure(url) != (tls != null)) {
            throw new IllegalArgumentException("wss:// takes a TLS context and ws:// none: " + url);
        }
        RealtimeConnection connection = new RealtimeConnection(loop, url, apiKey, connectTimeout, tls, handler);
        loop.execute(connection::start);
        return connection;
    }

    /**
     * A client TLS context on the JDK's provider that verifies the host name; {@code trust} null means the JDK's
     * default trust store.
     */
    static SslContext clientTls(@Nullable TrustManagerFactory trust) {
        try {
            return SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .trustManager(trust)
                    .endpointIdentificationAlgorithm("HTTPS")
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("No TLS context for the realtime API", e);
        }
    }

    /** Sends one event as a text frame, flushed at once. Dropped before the socket is open and after it closed. */
    public void send(String json) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> send(json));
            return;
        }
        Channel open = channel;
        if (state != State.OPEN || open == null || !open.isActive()) {
            return;
        }
        open.writeAndFlush(new TextWebSocketFrame(json)).addListener(onWriteFailure);
    }

    /**
     * Ends the connection: a normal close frame if it is open, the socket closed, a connect under way abandoned.
     * Idempotent; the handler hears nothing more.
     */
    public void close() {
        if (!loop.inEventLoop()) {
            loop.execute(this::close);
            return;
        }
        State was = state;
        state = State.DONE;
        cancelDeadline();
        Channel open = channel;
        if (open == null) {
            return;
        }
        if (was == State.OPEN && open.isActive()) {
            ChannelFuture closing =
                    open.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE, "call ended"));
            closing.addListener(ChannelFutureListener.CLOSE);
            if (!closing.isDone()) {
                loop.schedule(() -> open.close(), CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
            }
        } else {
            open.close();
        }
    }

    /** Whether the socket is open for sends (read on the loop). */
    public boolean isOpen() {
        Channel open = channel;
        return state == State.OPEN && open != null && open.isActive();
    }

    private void start() {
        if (state != State.CONNECTING) {
            return;
        }
        deadline = loop.schedule(
                () -> fail(new ConnectTimeoutException("the realtime socket did not open within " + timeoutMs + " ms")),
                timeoutMs,
                TimeUnit.MILLISECONDS);
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
        if (literal != null) {
            try {
                connect(InetAddress.getByAddress(host, literal));
            } catch (UnknownHostException e) {
                fail(e);
            }
            return;
        }
        RESOLVER.execute(() -> {
            try {
                InetAddress address = InetAddress.getByName(host);
                loop.execute(() -> connect(address));
            } catch (UnknownHostException e) {
                loop.execute(() -> fail(e));
            }
        });
    }

    private void connect(InetAddress address) {
        if (state != State.CONNECTING) {
            return;
        }
        ChannelFuture connecting = new Bootstrap()
                .group(loop)
                .channel(com.caly.shared.live.LiveTransport.socketChannel(loop))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMs))
                .option(
                        ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(HIGH_WATER_BYTES / 2, HIGH_WATER_BYTES))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel socket) {
                        if (tls != null) {
                            SslHandler ssl = tls.newHandler(socket.alloc(), host, port);
                            // the opening's own deadline bounds the TLS handshake
                            ssl.setHandshakeTimeoutMillis(0);
                            socket.pipeline().addLast(ssl);
                        }
                        socket.pipeline()
                                .addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024), new Frames());
                    }
                })
                .connect(new InetSocketAddress(address, port));
        channel = connecting.channel();
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                fail(done.cause());
            }
        });
    }

    /** The socket failed before it opened. */
    private void fail(Throwable cause) {
        if (state != State.CONNECTING) {
            return;
        }
        state = State.DONE;
        cancelDeadline();
        if (channel != null) {
            channel.close();
        }
        Throwable reported = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        deliver(() -> handler.failed(reported));
    }

    /** The open socket ended; whoever calls this closes the channel. */
    private void end(int code, String reason) {
        if (state != State.OPEN) {
            return;
        }
        state = State.DONE;
        deliver(() -> handler.closed(code, reason));
    }

    /** The transport is giving up: the channel closes and its going reports the first reason given. */
    private void lost(ChannelHandlerContext ctx, String why) {
        if (lostBecause == null) {
            lostBecause = why;
        }
        ctx.close();
    }

    private void writeDone(ChannelFuture write) {
        if (!write.isSuccess() && state == State.OPEN) {
            if (lostBecause == null) {
                lostBecause = write.cause().toString();
            }
            write.channel().close();
        }
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    /** A handler that throws must not take the socket down with it. */
    private static void deliver(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.error("The realtime connection's handler failed", e);
        }
    }

    /** The channel's last handler: the upgrade, then whole messages, control frames and the socket's end. */
    private final class Frames extends ChannelInboundHandlerAdapter {

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            handshaker.handshake(ctx.channel()).addListener(written -> {
                if (!written.isSuccess()) {
                    fail(written.cause());
                }
            });
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            try {
                if (message instanceof FullHttpResponse response) {
                    upgraded(ctx, response);
                } else if (message instanceof WebSocketFrame frame) {
                    frame(ctx, frame);
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }

        private void upgraded(ChannelHandlerContext ctx, FullHttpResponse response) {
            if (state != State.CONNECTING) {
                return;
            }
            try {
                handshaker.finishHandshake(ctx.channel(), response);
            } catch (WebSocketHandshakeException e) {
                fail(e);
                return;
            }
            ctx.pipeline().addBefore(ctx.name(), "ws-aggregator", new WebSocketFrameAggregator(MAX_MESSAGE_BYTES));
            state = State.OPEN;
            cancelDeadline();
            deliver(handler::opened);
        }

        private void frame(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (state != State.OPEN) {
                return;
            }
            if (frame instanceof TextWebSocketFrame text) {
                String json = text.text();
                deliver(() -> handler.text(json));
            } else if (frame instanceof BinaryWebSocketFrame) {
                deliver(() -> handler.malformed("binary frame"));
            } else if (frame instanceof PingWebSocketFrame) {
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            } else if (frame instanceof CloseWebSocketFrame close) {
                // the close frame echoed (RFC 6455, 5.5.1), then the socket goes
                ctx.writeAndFlush(close.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
                int code = close.statusCode() < 0 ? WebSocketCloseStatus.EMPTY.code() : close.statusCode();
                end(code, close.reasonText());
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (!ctx.channel().isWritable() && state == State.OPEN) {
                lost(ctx, "model not reading");
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (state == State.CONNECTING) {
                fail(cause);
            } else if (state != State.OPEN) {
                log.debug("After the realtime socket ended", cause);
                ctx.close();
            } else if (cause instanceof CorruptedWebSocketFrameException corrupt) {
                // a protocol violation, or one frame over the limit
                closeWith(ctx, corrupt.closeStatus(), String.valueOf(corrupt.getMessage()));
            } else if (cause instanceof TooLongFrameException) {
                // fragments that add up to more than the limit
                closeWith(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG, "message over " + MAX_MESSAGE_BYTES + " bytes");
            } else {
                lost(ctx, cause.toString());
            }
        }

        /** We end the socket for what the model sent: our close frame says why, and so does the handler's report. */
        private void closeWith(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
            ctx.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
            end(status.code(), reason);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (state == State.CONNECTING) {
                fail(new IOException("the realtime socket closed before the upgrade"));
            } else {
                end(-1, lostBecause != null ? lostBecause : "connection lost");
            }
            ctx.fireChannelInactive();
        }
    }

    private static boolean secure(URI url) {
        String scheme = String.valueOf(url.getScheme());
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("Not a WebSocket URL: " + url);
        }
        return scheme.equals("wss");
    }

    private static String hostOf(URI url) {
        String host = url.getHost();
        if (host == null) {
            throw new IllegalArgumentException("No host in " + url);
        }
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private static ThreadPoolExecutor resolver() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                4,
                4,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                new DefaultThreadFactory("realtime-dns", true));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The upgrade request and, once it succeeded, the frame codec. */
    private static final class Upgrade extends WebSocketClientHandshaker13 {

        Upgrade(URI url, String apiKey) {
            super(
                    url,
                    WebSocketVersion.V13,
                    null,
                    false,
                    new DefaultHttpHeaders().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + apiKey),
                    MAX_MESSAGE_BYTES,
                    true, // masked, as RFC 6455 requires of a client
                    false,
                    -1);
        }

        @Override
        protected FullHttpRequest newHandshakeRequest() {
            FullHttpRequest request = super.newHandshakeRequest();
            // no Origin: we are not a browser
            request.headers().remove(HttpHeaderNames.ORIGIN);
            return request;
        }

        /*
         * The client's frame encoder sits after its decoder in the pipeline, so a close frame the decoder wrote on a
         * protocol violation would reach the socket unencoded: the decoder only reports the violation, and Frames
         * closes with its status.
         */
        @Override
        protected WebSocketFrameDecoder newWebsocketDecoder() {
            return new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
                    .expectMaskedFrames(false)
                    .allowExtensions(false)
                    .maxFramePayloadLength(MAX_MESSAGE_BYTES)
                    .closeOnProtocolViolation(false)
                    .build());
        }
    }

    /** The default TLS context, built on first use: loading the trust store once is worth keeping. */
    private static final class DefaultTls {
        static final SslContext CONTEXT = clientTls(null);
    }
}
