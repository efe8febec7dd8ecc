package com.caly.telephony.exotel;

import java.util.Map;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/** The servlet container's handshake for a media stream: {@link MediaAdmission} decides. */
class MediaHandshake implements HandshakeInterceptor {

    static final String SAMPLE_RATE = "caly.sample-rate";
    static final String CLAIMS = "caly.stream-claims";

    private final MediaAdmission admission;

    MediaHandshake(MediaAdmission admission) {
        this.admission = admission;
    }

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            Map<String, Object> attributes) {
        MediaAdmission.Decision decision =
                admission.decide(request.getURI(), request.getHeaders().getFirst("Authorization"));
        if (!decision.admitted()) {
            response.setStatusCode(decision.refusal());
            return false;
        }
        attributes.put(SAMPLE_RATE, decision.sampleRate());
        if (decision.claims() != null) {
            attributes.put(CLAIMS, decision.claims());
        }
        return true;
    }

    @Override
    public void afterHandshake(
            ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {}
}
