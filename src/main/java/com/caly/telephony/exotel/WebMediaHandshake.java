package com.caly.telephony.exotel;

import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * The servlet container's handshake for a web call's stream (when the front does not take it: a connection that
 * carried other requests first, or the front turned off): {@link WebCallAdmission} decides, the ticket redeemed on
 * the container's thread.
 */
class WebMediaHandshake implements HandshakeInterceptor {

    private final WebCallAdmission admission;

    WebMediaHandshake(WebCallAdmission admission) {
        this.admission = admission;
    }

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            Map<String, Object> attributes) {
        WebCallAdmission.Precheck precheck = admission.precheck(
                request.getURI(),
                request.getHeaders().getFirst("Origin"),
                request.getHeaders().getFirst("Host"),
                request.getHeaders().getFirst("X-Forwarded-Host"));
        if (precheck.refusal() != null || precheck.ticket() == null) {
            response.setStatusCode(precheck.refusal() == null ? HttpStatus.UNAUTHORIZED : precheck.refusal());
            return false;
        }
        Optional<StreamTokens.Claims> claims = admission.redeem(precheck.ticket());
        if (claims.isEmpty()) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            return false;
        }
        attributes.put(MediaHandshake.SAMPLE_RATE, WebCallController.SAMPLE_RATE);
        attributes.put(MediaHandshake.CLAIMS, claims.get());
        return true;
    }

    @Override
    public void afterHandshake(
            ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {}
}
