package com.caly.voice.realtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A WebSocket server on loopback for {@link RealtimeConnectionTests}, scripted before the client connects: how it
 * answers the upgrade, when, whether it reads frames, what it sends once upgraded. It records what the client sent,
 * down to whether each frame on the wire was masked.
 */
final class ScriptedWebSocketServer implements AutoCloseable {

    static final long WAIT_SECONDS = 5;

    record Request(String uri, HttpHeaders headers) {}

    sealed interface Received permits Text, Close, Pong, Other {}

    record Text(String text) implements Received {}

    record Close(int code, String reason) implements Received {}

    record Pong(String data) implements Received {}

    record Other(String what) implements Received {}

    /** One frame as it crossed the wire from the client. */
    record Raw(int opcode, boolean fin, boolean masked) {}

    private static final WebSocketDecoderConfig DECODER = WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(16 * 1024 * 1024)
            .build();

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final InetAddress address = InetAddress.getLoopbackAddress();
    private final Channel listener;
    private final CompletableFuture<Peer> firstPeer = new CompletableFuture<>();

    private volatile int status = 101;
    private volatile CompletableFuture<Void> answerWhen = CompletableFuture.completedFuture(null);
    private volatile boolean readFrames = true;
    private volatile boolean dropOnRequest;
    private volatile Consumer<Peer> onUpgrade = peer -> {};

    ScriptedWebSocketServer() throws InterruptedException {
        listener = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                // small, so that a client whose peer stops reading fills its own buffers soon
                .option(ChannelOption.SO_RCVBUF, 32 * 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        Peer peer = new Peer(channel);
                        channel.closeFuture().addListener(closed -> peer.closed.complete(null));
                        firstPeer.complete(peer);
                        channel.pipeline()
                                .addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024), new Script(peer));
                    }
                })
                .bind(address, 0)
                .sync()
                .channel();
    }

    URI url(String pathAndQuery) {
        String host = address.getHostAddress().contains(":")
                ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress();
        return URI.create("ws://" + host + ":" + port() + pathAndQuery);
    }

    InetAddress address() {
        return address;
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Answers the upgrade with this status and an empty body instead of switching protocols. */
    void refuseWith(int status) {
        this.status = status;
    }

    /** Answers the upgrade only once {@code when} completes. */
    void answerWhen(CompletableFuture<Void> when) {
        this.answerWhen = when;
    }

    /** Closes the TCP connection on the upgrade request, without answering it. */
    void dropOnRequest() {
        this.dropOnRequest = true;
    }

    /** Reads nothing once upgraded. */
    void stopReadingOnUpgrade() {
        this.readFrames = false;
    }

    /** Runs on the server's loop once the switching response is written. */
    void onUpgrade(Consumer<Peer> script) {
        this.onUpgrade = script;
    }

    /** The first connection accepted. */
    Peer peer() throws Exception {
        return firstPeer.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    boolean accepted() {
        return firstPeer.isDone();
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly(WAIT_SECONDS, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The server's side of one connection. */
    static final class Peer {
        final Channel channel;
        final CompletableFuture<Request> request = new CompletableFuture<>();
        final CompletableFuture<Void> upgraded = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        final List<Raw> raw = new CopyOnWriteArrayList<>();

        Peer(Channel channel) {
            this.channel = channel;
        }

        /** Writes the frames in order and flushes once, on the server's loop. */
        void send(WebSocketFrame... frames) {
            channel.eventLoop().execute(() -> {
                for (WebSocketFrame frame : frames) {
                    channel.write(frame);
                }
                channel.flush();
            });
        }

        void sendText(String... texts) {
            for (String text : texts) {
                send(new TextWebSocketFrame(text));
            }
        }

        /** Closes the TCP connection, no close frame. */
        void drop() {
            channel.close();
        }

        /** The next thing the client sent. */
        Received next() throws InterruptedException {
            Received next = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(next).as("a frame from the client").isNotNull();
            return next;
        }

        void awaitClosed() throws Exception {
            closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private final class Script extends ChannelInboundHandlerAdapter {
        private final Peer peer;

        Script(Peer peer) {
            this.peer = peer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            try {
                if (message instanceof FullHttpRequest request) {
                    peer.request.complete(
                            new Request(request.uri(), request.headers().copy()));
                    if (dropOnRequest) {
                        ctx.close();
                        return;
                    }
                    FullHttpRequest kept = request.retain();
                    answerWhen.whenComplete((ignored, error) -> ctx.executor().execute(() -> answer(ctx, kept)));
                } else if (message instanceof TextWebSocketFrame text) {
                    peer.received.add(new Text(text.text()));
                } else if (message instanceof CloseWebSocketFrame close) {
                    peer.received.add(new Close(close.statusCode(), close.reasonText()));
                    ctx.close();
                } else if (message instanceof PongWebSocketFrame pong) {
                    peer.received.add(new Pong(pong.content().toString(UTF_8)));
                } else {
                    peer.received.add(new Other(message.getClass().getSimpleName()));
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }

        private void answer(ChannelHandlerContext ctx, FullHttpRequest request) {
            try {
                if (!ctx.channel().isActive()) {
                    return;
                }
                if (status != 101) {
                    FullHttpResponse refusal = new DefaultFullHttpResponse(
                            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.EMPTY_BUFFER);
                    HttpUtil.setContentLength(refusal, 0);
                    ctx.writeAndFlush(refusal);
                    return;
                }
                String url = "ws://" + request.headers().get(HttpHeaderNames.HOST) + request.uri();
                WebSocketServerHandshaker handshaker =
                        new WebSocketServerHandshakerFactory(url, null, DECODER).newHandshaker(request);
                if (!readFrames) {
                    ctx.channel().config().setAutoRead(false);
                }
                ctx.pipeline().addFirst("tap", new Tap(peer.raw));
                handshaker.handshake(ctx.channel(), request).addListener(done -> {
                    if (done.isSuccess()) {
                        peer.upgraded.complete(null);
                        onUpgrade.accept(peer);
                    } else {
                        peer.upgraded.completeExceptionally(done.cause());
                    }
                });
            } finally {
                request.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            peer.received.add(new Other(cause.toString()));
            ctx.close();
        }
    }

    /** Reads the frame headers off the raw bytes, before the frame decoder unmasks them. */
    private static final class Tap extends ChannelInboundHandlerAdapter {
        private final List<Raw> raw;
        private final ByteBuf seen = Unpooled.buffer();

        Tap(List<Raw> raw) {
            this.raw = raw;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (message instanceof ByteBuf bytes) {
                seen.writeBytes(bytes, bytes.readerIndex(), bytes.readableBytes());
                parse();
            }
            ctx.fireChannelRead(message);
        }

        private void parse() {
            while (seen.readableBytes() >= 2) {
                int at = seen.readerIndex();
                int first = seen.getUnsignedByte(at);
                int second = seen.getUnsignedByte(at + 1);
                boolean masked = (second & 0x80) != 0;
                int shortLength = second & 0x7f;
                int lengthBytes = shortLength == 126 ? 2 : shortLength == 127 ? 8 : 0;
                int header = 2 + lengthBytes + (masked ? 4 : 0);
                if (seen.readableBytes() < header) {
                    break;
                }
                long length = shortLength == 126
                        ? seen.getUnsignedShort(at + 2)
                        : shortLength == 127 ? seen.getLong(at + 2) : shortLength;
                if (seen.readableBytes() < header + length) {
                    break;
                }
                raw.add(new Raw(first & 0x0f, (first & 0x80) != 0, masked));
                seen.skipBytes((int) (header + length));
            }
            seen.discardReadBytes();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            seen.release();
        }
    }
}
