package com.caly.telephony;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Phone numbers and the Exotel account.
 *
 * @param defaultCountryCode the country of numbers written without one (91, India)
 * @param exotel the Exotel account and webhook settings
 * @param sessionSecret signs media-stream tokens and derives the webhook token (SESSION_SECRET)
 * @param webhookBaseUrl the public address Exotel reaches this service at (WEBHOOK_BASE_URL)
 * @param maxLiveCalls live calls this instance takes at most (MAX_LIVE_CALLS); beyond it, call-start sends the
 *     call to the flow's fallback branch and the media stream is refused with 503
 * @param playbackChunkBytes bytes of agent audio per media message to Exotel (PLAYBACK_CHUNK_BYTES): whole 20 ms
 *     frames of 320 bytes, from 320 to 100 KiB. Exotel finishes a chunk it has started even after a clear, so the
 *     size bounds how late the agent falls silent when the caller interrupts; 3,200 (200 ms at 8 kHz) is what
 *     Exotel's documentation asks for, its own bridges send 640 or 1,600
 * @param webCall the web console's test calls from the browser
 */
@Validated
@ConfigurationProperties("app.telephony")
public record TelephonyProperties(
        @NotBlank @Pattern(regexp = "[1-9][0-9]{0,2}") String defaultCountryCode,
        @Valid @NotNull Exotel exotel,

        @NotBlank @jakarta.validation.constraints.Size(min = 32)
        String sessionSecret,

        @Nullable String webhookBaseUrl,
        @jakarta.validation.constraints.Min(1) int maxLiveCalls,

        @jakarta.validation.constraints.Min(FRAME_BYTES) @jakarta.validation.constraints.Max(MAX_CHUNK_BYTES)
        int playbackChunkBytes,

        @org.springframework.boot.context.properties.bind.DefaultValue @Valid @NotNull
        WebCall webCall) {

    /** One 20 ms frame of 16-bit audio at 8 kHz: Exotel plays chunks of whole frames without a gap. */
    public static final int FRAME_BYTES = 320;

    public static final int MAX_CHUNK_BYTES = 100 * 1024;

    @jakarta.validation.constraints.AssertTrue(message = "playback-chunk-bytes must be a multiple of 320")
    boolean isPlaybackChunkWholeFrames() {
        return playbackChunkBytes % FRAME_BYTES == 0;
    }

    /**
     * @param ticketValidity how long the ticket that opens a web call's media stream stays valid
     *     (WEB_CALL_TICKET_VALIDITY, 60 s); the browser connects at once, so a minute is ample, and a ticket is good
     *     for one connection only
     * @param allowedOrigins origins besides the deployment's own (WEBHOOK_BASE_URL's, or the host the upgrade came
     *     to) from which a browser may open a web call's stream (WEB_CALL_ALLOWED_ORIGINS, comma-separated, e.g.
     *     {@code https://console.example.com}); empty allows the deployment's own only
     */
    public record WebCall(
            @NotNull
            @org.hibernate.validator.constraints.time.DurationMin(seconds = 5)
            @org.hibernate.validator.constraints.time.DurationMax(minutes = 10)
            @org.springframework.boot.context.properties.bind.DefaultValue("60s")
            java.time.Duration ticketValidity,

            List<String> allowedOrigins) {

        public WebCall {
            allowedOrigins = allowedOrigins == null
                    ? List.of()
                    : allowedOrigins.stream()
                            .map(String::trim)
                            .map(origin -> origin.replaceAll("/+$", ""))
                            .filter(origin -> !origin.isEmpty())
                            .toList();
        }
    }

    /**
     * @param sid the account SID (EXOTEL_SID), also the user of Basic auth to Exotel
     * @param token the API token (EXOTEL_TOKEN)
     * @param phoneNumber the default number of a single-company installation (EXOTEL_PHONE_NUMBER)
     * @param allowedIps addresses Exotel calls from; empty allows any (the URL token is checked either way)
     * @param webhookToken the secret in every webhook URL (EXOTEL_WEBHOOK_TOKEN); derived from SESSION_SECRET when unset
     */
    public record Exotel(
            @Nullable String sid,
            @Nullable String token,
            @Nullable String phoneNumber,
            List<String> allowedIps,
            @Nullable String webhookToken) {

        public Exotel {
            allowedIps = allowedIps == null
                    ? List.of()
                    : allowedIps.stream()
                            .map(String::trim)
                            .filter(ip -> !ip.isEmpty())
                            .toList();
        }

        @Override
        public String toString() {
            return "Exotel[sid=" + sid + "]";
        }
    }
}
