package com.caly.telephony.exotel;

import com.caly.shared.Secrets;
import com.caly.telephony.TelephonyProperties;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Whether a media stream may open: only with a valid stream token from /webhooks/exotel/stream-url, or with the
 * Exotel account's Basic credentials (which Exotel sends when they are written into the stream URL), and only while
 * the instance takes new calls. The sample rate comes from the URL, as {@code sample-rate} or {@code sample_rate}
 * (Exotel's documents use both).
 */
@Component
class MediaAdmission {

    private static final List<String> RATES = List.of("8000", "16000", "24000");

    /** Either a refusal's status, or the stream's sample rate and, for a token, its claims. */
    record Decision(@Nullable HttpStatus refusal, int sampleRate, StreamTokens.@Nullable Claims claims) {

        static Decision refuse(HttpStatus status) {
            return new Decision(status, 0, null);
        }

        boolean admitted() {
            return refusal == null;
        }
    }

    private final StreamTokens tokens;
    private final TelephonyProperties properties;
    private final MediaSessionRegistry registry;

    MediaAdmission(StreamTokens tokens, TelephonyProperties properties, MediaSessionRegistry registry) {
        this.tokens = tokens;
        this.properties = properties;
        this.registry = registry;
    }

    Decision decide(URI uri, @Nullable String authorization) {
        if (!registry.accepting()) {
            return Decision.refuse(HttpStatus.SERVICE_UNAVAILABLE);
        }
        if (registry.atCapacity()) {
            registry.refused();
            return Decision.refuse(HttpStatus.SERVICE_UNAVAILABLE);
        }
        var query = UriComponentsBuilder.fromUri(uri).build().getQueryParams();
        String rate = Optional.ofNullable(query.getFirst("sample-rate"))
                .or(() -> Optional.ofNullable(query.getFirst("sample_rate")))
                .orElse("8000");
        if (!RATES.contains(rate)) {
            return Decision.refuse(HttpStatus.BAD_REQUEST);
        }
        int sampleRate = Integer.parseInt(rate);
        String token = query.getFirst("token");
        if (token != null) {
            Optional<StreamTokens.Claims> claims = tokens.verify(token);
            if (claims.isPresent()) {
                return new Decision(null, sampleRate, claims.get());
            }
        } else if (basicAuthMatches(authorization)) {
            return new Decision(null, sampleRate, null);
        }
        return Decision.refuse(HttpStatus.FORBIDDEN);
    }

    private boolean basicAuthMatches(@Nullable String header) {
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
}
