package com.caly.telephony.exotel;

import com.caly.shared.live.CallLoop;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Queue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;

/**
 * One media stream's WebSocket frames on its event loop, which is also its call's loop: each whole message goes
 * to the call at once. While a start is being recorded (off the loop) the channel stops reading and the messages
 * already read wait, in order, until it is done.
 */
final class NettyMediaChannel extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(NettyMediaChannel.class);
    private static final int NO_STATUS = 1005;
    private static final int ABNORMAL = 1006;

    private final Channel channel;
    private final MediaStreams streams;
    private final InboundMessages inbound = new InboundMessages();
    private final Queue<String> heldWhileStarting = new ArrayDeque<>();
    private @Nullable MediaSession session;
    private boolean starting;
    private boolean binaryMessage;
    private int closeCode = ABNORMAL;

    NettyMediaChannel(Channel channel, MediaStreams streams) {
        this.channel = channel;
        this.streams = streams;
    }

    /** The handshake is done: the stream's session opens on the call's loop (this channel's). */
    void open(CallLoop loop, int sampleRate, StreamTokens.@Nullable Claims claims) {
        session = streams.open(
                new Socket(), loop, sampleRate, claims, notReading -> new NettyStreamSender(channel, notReading));
        if (!channel.isActive()) {
            streams.closed(session, closeCode);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        try {
            if (session == null) {
                return; // frames before the handshake completed cannot be: the client waits for the 101
            }
            if (message instanceof TextWebSocketFrame text) {
                binaryMessage = false;
                if (text.isFinalFragment() && !inbound.joining() && !starting) {
                    whole(session, text.content());
                } else {
                    part(session, text.text(), text.isFinalFragment());
                }
            } else if (message instanceof ContinuationWebSocketFrame continuation) {
                if (binaryMessage) {
                    binaryMessage = !continuation.isFinalFragment();
                    if (!binaryMessage) {
                        streams.binary(session, true);
                    }
                } else {
                    part(session, continuation.text(), continuation.isFinalFragment());
                }
            } else if (message instanceof BinaryWebSocketFrame binary) {
                binaryMessage = !binary.isFinalFragment();
                if (!binaryMessage) {
                    streams.binary(session, true);
                }
            } else if (message instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (message instanceof CloseWebSocketFrame close) {
                int code = close.statusCode() < 0 ? NO_STATUS : close.statusCode();
                closeCode = code;
                ctx.writeAndFlush(new CloseWebSocketFrame(code == NO_STATUS ? 1000 : code, null))
                        .addListener(done -> ctx.close());
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void part(MediaSession open, String part, boolean last) {
        String whole = inbound.join(part, last, MediaStreams.MAX_FRAME_BYTES);
        if (inbound.oversized()) {
            streams.oversized(open, true);
            return;
        }
        if (whole == null) {
            return;
        }
        if (starting) {
            heldWhileStarting.add(whole);
            return;
        }
        handle(open, whole);
    }

    /** A message in one frame, the usual case: parsed from its bytes. */
    private void whole(MediaSession open, io.netty.buffer.ByteBuf utf8) {
        if (utf8.readableBytes() > MediaStreams.MAX_FRAME_BYTES) {
            streams.oversized(open, true);
            return;
        }
        MediaMessage parsed = MediaMessage.parse(io.netty.buffer.ByteBufUtil.getBytes(utf8));
        starting(open, streams.message(open, inbound, parsed, true));
    }

    private void handle(MediaSession open, String whole) {
        starting(open, streams.message(open, inbound, whole, true));
    }

    /** A first start was read: it is recorded off the loop while the stream's later messages wait. */
    private void starting(MediaSession open, MediaMessage.@Nullable Start start) {
        if (start == null) {
            return;
        }
        starting = true;
        channel.config().setAutoRead(false);
        streams.work().execute(() -> {
            try {
                streams.start(open, start);
            } catch (RuntimeException e) {
                log.error("Media stream {}: the start failed", open.id(), e);
                open.loop().post(() -> open.close(CloseStatus.SERVER_ERROR, "start_failed"));
            } finally {
                // behind what the start posted to the loop: the call is set up when the held messages go on
                open.loop().post(() -> started(open));
            }
        });
    }

    private void started(MediaSession open) {
        starting = false;
        while (!starting && !heldWhileStarting.isEmpty()) {
            handle(open, heldWhileStarting.poll());
        }
        if (!starting) {
            channel.config().setAutoRead(true);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            streams.closed(session, closeCode);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("Media stream {} transport error: {}", channel.id().asShortText(), cause.toString());
        ctx.close();
    }

    /** The stream's socket, as the call sees it; closing is only asked here, the loop does it. */
    private final class Socket implements MediaSocket {

        @Override
        public String id() {
            return channel.id().asLongText();
        }

        @Override
        public boolean isOpen() {
            return channel.isActive();
        }

        @Override
        public void close(CloseStatus status) {
            channel.eventLoop().execute(() -> {
                if (!channel.isActive()) {
                    return;
                }
                closeCode = status.getCode();
                channel.writeAndFlush(new CloseWebSocketFrame(status.getCode(), status.getReason()))
                        .addListener(done -> channel.close());
            });
        }
    }
}
