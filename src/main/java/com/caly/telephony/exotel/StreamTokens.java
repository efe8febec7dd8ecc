package com.caly.telephony.exotel;

import com.caly.shared.Secrets;
import com.caly.shared.TenantId;
import com.caly.telephony.TelephonyProperties;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Short-lived tokens for the media-stream URL handed to Exotel's Voicebot applet: bound to one CallSid and
 * company, signed with a key derived from SESSION_SECRET, and valid for a few minutes (Exotel connects at once
 * and retries once).
 */
@Component
public class StreamTokens {

    static final Duration VALIDITY = Duration.ofMinutes(5);

    /**
     * What a stream was admitted for: one call of one company. {@code provider} is Exotel's for a stream token, or
     * {@link com.caly.calls.CallChannel#WEB_PROVIDER} for a web call's ticket ({@link WebCallTickets}).
     */
    public record Claims(String callSid, TenantId companyId, Instant expiresAt, String provider) {

        public Claims(String callSid, TenantId companyId, Instant expiresAt) {
            this(callSid, companyId, expiresAt, ExotelWebhookService.PROVIDER);
        }

        /** Whether the stream is a web call's, from the browser. */
        public boolean web() {
            return com.caly.calls.CallChannel.WEB_PROVIDER.equals(provider);
        }
    }

    private final byte[] key;
    private final Clock clock;

    StreamTokens(TelephonyProperties properties, Clock clock) {
        this.key = Secrets.deriveKey(properties.sessionSecret(), "exotel-stream-token");
        this.clock = clock;
    }

    public String issue(String callSid, TenantId companyId) {
        long expires = clock.instant().plus(VALIDITY).getEpochSecond();
        String payload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((callSid + "|" + companyId + "|" + expires).getBytes(StandardCharsets.UTF_8));
        return payload + "." + HexFormat.of().formatHex(Secrets.hmacSha256(key, payload));
    }

    public Optional<Claims> verify(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String payload = token.substring(0, dot);
        byte[] signature;
        try {
            signature = HexFormat.of().parseHex(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!Secrets.constantTimeEquals(Secrets.hmacSha256(key, payload), signature)) {
            return Optional.empty();
        }
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).split("\\|");
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (parts.length != 3) {
            return Optional.empty();
        }
        Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[2]));
        if (!clock.instant().isBefore(expiresAt)) {
            return Optional.empty();
        }
        return Optional.of(new Claims(parts[0], new TenantId(UUID.fromString(parts[1])), expiresAt));
    }
}
