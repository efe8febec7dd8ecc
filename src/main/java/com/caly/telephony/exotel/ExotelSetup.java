package com.caly.telephony.exotel;

import com.caly.shared.TenantId;
import com.caly.telephony.TelephonyProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The URLs to paste into Exotel for this deployment: the webhooks with their token, the Voicebot applet's dynamic
 * URL and its static form. The base is WEBHOOK_BASE_URL, or, while that is unset, the address the request came to
 * (or the local port at start-up).
 */
@Component
class ExotelSetup {

    static final String STATIC_CREDENTIALS = "EXOTEL_SID:EXOTEL_TOKEN";

    /**
     * @param baseUrlConfigured false while WEBHOOK_BASE_URL is unset: the base is then a guess Exotel may not reach
     * @param voicebotUrl the Voicebot applet's dynamic URL (Caly answers with a stream URL bound to the call)
     * @param staticStreamUrl the Voicebot applet's static URL, with the Exotel account's API key and token (of
     *     this deployment's account, EXOTEL_SID and EXOTEL_TOKEN) to write in place of the placeholders
     */
    record Urls(
            String baseUrl,
            boolean baseUrlConfigured,
            String webhookToken,
            String callStart,
            String voicebotUrl,
            String afterBot,
            String callEnd,
            String recording,
            String staticStreamUrl) {}

    private final TelephonyProperties properties;
    private final ExotelWebhookGuard guard;

    ExotelSetup(TelephonyProperties properties, ExotelWebhookGuard guard) {
        this.properties = properties;
        this.guard = guard;
    }

    /** WEBHOOK_BASE_URL without a trailing slash; null when unset. */
    @Nullable
    String configuredBase() {
        String base = properties.webhookBaseUrl();
        return base == null || base.isBlank() ? null : base.trim().replaceAll("/+$", "");
    }

    /** The public base: WEBHOOK_BASE_URL, else the scheme, host and port the request came to. */
    String base(HttpServletRequest request) {
        String configured = configuredBase();
        return configured != null
                ? configured
                : request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort();
    }

    /** The URLs of one company, with its own webhook token. */
    Urls forCompany(TenantId company, String base) {
        return urls(base, guard.companyToken(company));
    }

    /** The URLs of the operator's flows, with the deployment's token. */
    Urls forDeployment(String base) {
        return urls(base, guard.token());
    }

    private Urls urls(String base, String token) {
        String webhooks = base + "/webhooks/exotel/";
        String query = "?token=" + token;
        String host = base.replaceFirst("^[a-zA-Z]+://", "");
        String wsScheme = base.startsWith("https://") ? "wss://" : "ws://";
        return new Urls(
                base,
                configuredBase() != null,
                token,
                webhooks + "call-start" + query,
                webhooks + "stream-url" + query,
                webhooks + "after-bot" + query,
                webhooks + "call-end" + query,
                webhooks + "recording" + query,
                wsScheme + STATIC_CREDENTIALS + "@" + host + MediaSocketConfig.PATH + "?sample-rate=8000");
    }
}
