package com.caly.telephony.exotel;

import com.caly.shared.front.FrontRoute;
import com.caly.shared.live.CallLoops;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URI;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A web call's stream at /media/web on the live-call front: the browser speaks Exotel's stream protocol, and from
 * the handshake on the stream is served exactly as Exotel's at /media/exotel (its event loop is the call's loop).
 * What {@link WebCallAdmission} decides without blocking is decided on the loop; the ticket is redeemed on a
 * worker while the connection reads nothing, and the handshake goes on back on the loop.
 */
@Component
class NettyWebMediaRoute implements FrontRoute {

    private static final Logger log = LoggerFactory.getLogger(NettyWebMediaRoute.class);

    private final WebCallAdmission admission;
    private final MediaStreams streams;
    private final CallLoops loops;

    NettyWebMediaRoute(WebCallAdmission admission, MediaStreams streams, CallLoops loops) {
        this.admission = admission;
        this.streams = streams;
        this.loops = loops;
    }

    @Override
    public boolean serves(HttpRequest request) {
        return request.method().equals(HttpMethod.GET)
                && new QueryStringDecoder(request.uri()).path().equals(WebCallAdmission.PATH)
                && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    @Override
    public void take(Channel channel, FullHttpRequest request) {
        WebCallAdmission.Precheck precheck;
        try {
            precheck = admission.precheck(
                    URI.create(request.uri()),
                    request.headers().get(HttpHeaderNames.ORIGIN),
                    request.headers().get(HttpHeaderNames.HOST),
                    request.headers().get("X-Forwarded-Host"));
        } catch (RuntimeException e) {
            request.release();
            NettyMediaRoute.refuse(channel, WebCallAdmission.PATH, HttpResponseStatus.BAD_REQUEST);
            return;
        }
        if (precheck.refusal() != null || precheck.ticket() == null) {
            request.release();
            NettyMediaRoute.refuse(
                    channel,
                    WebCallAdmission.PATH,
                    HttpResponseStatus.valueOf(
                            precheck.refusal() == null
                                    ? 401
                                    : precheck.refusal().value()));
            return;
        }
        String ticket = precheck.ticket();
        channel.config().setAutoRead(false);
        streams.work().execute(() -> {
            Optional<StreamTokens.Claims> claims;
            try {
                claims = admission.redeem(ticket);
            } catch (RuntimeException e) {
                log.error("Could not redeem a web call's ticket", e);
                channel.eventLoop().execute(() -> {
                    request.release();
                    NettyMediaRoute.refuse(channel, WebCallAdmission.PATH, HttpResponseStatus.SERVICE_UNAVAILABLE);
                });
                return;
            }
            channel.eventLoop().execute(() -> {
                try {
                    if (claims.isEmpty()) {
                        NettyMediaRoute.refuse(channel, WebCallAdmission.PATH, HttpResponseStatus.UNAUTHORIZED);
                        return;
                    }
                    if (!channel.isActive()) {
                        return; // the browser went away meanwhile; the call is canceled once the ticket lapses
                    }
                    NettyMediaRoute.upgrade(
                            channel,
                            request,
                            WebCallAdmission.PATH,
                            WebCallController.SAMPLE_RATE,
                            claims.get(),
                            streams,
                            loops);
                    channel.config().setAutoRead(true);
                } catch (RuntimeException e) {
                    NettyMediaRoute.refuse(channel, WebCallAdmission.PATH, HttpResponseStatus.BAD_REQUEST);
                } finally {
                    request.release();
                }
            });
        });
    }
}
