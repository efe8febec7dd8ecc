package com.caly.telephony.exotel;

import com.caly.shared.Secrets;
import com.caly.telephony.TelephonyProperties;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Lets a media stream open only with a valid stream token from /webhooks/exotel/stream-url, or with the Exotel
 * account's Basic credentials (which Exotel sends when they are written into the stream URL), and only while the
 * instance takes new calls. The sample rate comes from the URL, as {@code sample-rate} or {@code sample_rate}
 * (Exotel's documents use both).
 */
class MediaHandshake implements HandshakeInterceptor {

    static final String SAMPLE_RATE = "caly.sample-rate";
    static final String CLAIMS = "caly.stream-claims";
    private static final List<String> RATES = List.of("8000", "16000", "24000");

    private final StreamTokens tokens;
    private final TelephonyProperties properties;
    private final MediaSessionRegistry registry;

    MediaHandshake(StreamTokens tokens, TelephonyProperties properties, MediaSessionRegistry registry) {
        this.tokens = tokens;
        this.properties = properties;
        this.registry = registry;
    }

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            Map<String, Object> attributes) {
        if (!registry.accepting()) {
            response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
            return false;
        }
        if (registry.atCapacity()) {
            registry.refused();
            response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
            return false;
        }
        var query = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams();
        String rate = Optional.ofNullable(query.getFirst("sample-rate"))
                .or(() -> Optional.ofNullable(query.getFirst("sample_rate")))
                .orElse("8000");
        if (!RATES.contains(rate)) {
            response.setStatusCode(HttpStatus.BAD_REQUEST);
            return false;
        }
        attributes.put(SAMPLE_RATE, Integer.parseInt(rate));
        String token = query.getFirst("token");
        if (token != null) {
            Optional<StreamTokens.Claims> claims = tokens.verify(token);
            if (claims.isPresent()) {
                attributes.put(CLAIMS, claims.get());
                return true;
            }
        } else if (basicAuthMatches(request.getHeaders().getFirst("Authorization"))) {
            return true;
        }
        response.setStatusCode(HttpStatus.FORBIDDEN);
        return false;
    }

    private boolean basicAuthMatches(String header) {
        TelephonyProperties.Exotel exotel = properties.exotel();
        if (header == null
                || !header.startsWith("Basic ")
                || exotel.sid() == null
                || exotel.token() == null
                || exotel.sid().isBlank()
                || exotel.token().isBlank()) {
            return false;
        }
        byte[] expected =
                Base64.getEncoder().encode((exotel.sid() + ":" + exotel.token()).getBytes(StandardCharsets.UTF_8));
        return Secrets.constantTimeEquals(expected, header.substring(6).trim().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void afterHandshake(
            ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {}
}
