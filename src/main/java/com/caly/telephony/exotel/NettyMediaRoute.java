package com.caly.telephony.exotel;

import com.caly.shared.front.FrontRoute;
import com.caly.shared.live.CallLoops;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Exotel's stream at /media/exotel on the live-call front: the connection's event loop becomes the call's loop,
 * so a caller's frame is read, handled and sent on to the model on one thread, and the model's audio reaches the
 * line the same way. The handshake is decided by {@link MediaAdmission}, as in the servlet container.
 */
@Component
class NettyMediaRoute implements FrontRoute {

    private static final Logger access = LoggerFactory.getLogger("com.caly.http");
    /** Netty's own bound on one frame; a message over {@link MediaStreams#MAX_FRAME_BYTES} is ours to refuse. */
    private static final int MAX_WIRE_FRAME = 4 * MediaStreams.MAX_FRAME_BYTES;

    private final MediaAdmission admission;
    private final MediaStreams streams;
    private final CallLoops loops;

    NettyMediaRoute(MediaAdmission admission, MediaStreams streams, CallLoops loops) {
        this.admission = admission;
        this.streams = streams;
        this.loops = loops;
    }

    @Override
    public boolean serves(HttpRequest request) {
        return request.method().equals(HttpMethod.GET)
                && new QueryStringDecoder(request.uri()).path().equals(MediaSocketConfig.PATH)
                && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    @Override
    public void take(Channel channel, FullHttpRequest request) {
        try {
            MediaAdmission.Decision decision = admission.decide(
                    URI.create(request.uri()), request.headers().get(HttpHeaderNames.AUTHORIZATION));
            if (!decision.admitted()) {
                refuse(channel, HttpResponseStatus.valueOf(decision.refusal().value()));
                return;
            }
            upgrade(channel, request, MediaSocketConfig.PATH, decision.sampleRate(), decision.claims(), streams, loops);
        } catch (RuntimeException e) {
            refuse(channel, HttpResponseStatus.BAD_REQUEST);
        } finally {
            request.release();
        }
    }

    /**
     * The handshake of an admitted stream, on the channel's event loop: the connection becomes the call's, served
     * by {@link NettyMediaChannel}. The request is not released here.
     */
    static void upgrade(
            Channel channel,
            FullHttpRequest request,
            String path,
            int sampleRate,
            StreamTokens.@Nullable Claims claims,
            MediaStreams streams,
            CallLoops loops) {
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                        "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + path,
                        null,
                        WebSocketDecoderConfig.newBuilder()
                                .maxFramePayloadLength(MAX_WIRE_FRAME)
                                .allowExtensions(false)
                                .build())
                .newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel)
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        NettyMediaChannel stream = new NettyMediaChannel(channel, streams);
        channel.pipeline().addLast("media", stream);
        handshaker.handshake(channel, request).addListener(done -> {
            if (done.isSuccess()) {
                logAccess(channel, path, 101);
                stream.open(loops.on(channel.eventLoop()), sampleRate, claims);
            } else {
                channel.close();
            }
        });
    }

    static void refuse(Channel channel, HttpResponseStatus status) {
        refuse(channel, MediaSocketConfig.PATH, status);
    }

    static void refuse(Channel channel, String path, HttpResponseStatus status) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION, "close");
        logAccess(channel, path, status.code());
        channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private static void logAccess(Channel channel, String path, int status) {
        String from = channel.remoteAddress() instanceof InetSocketAddress peer
                ? peer.getAddress().getHostAddress()
                : String.valueOf(channel.remoteAddress());
        access.info("GET {} -> {} from {} (live-call front)", path, status, from);
    }
}
