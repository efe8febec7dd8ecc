package com.caly.telephony.exotel;

import com.caly.shared.Secrets;
import com.caly.shared.web.ApiException;
import com.caly.telephony.TelephonyProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Exotel signs nothing, so every webhook URL carries a secret token, compared in constant time, and requests may
 * also be limited to Exotel's addresses. Anything else is refused with 403 before it changes anything.
 */
@Component
public class ExotelWebhookGuard {

    private final byte[] token;
    private final List<String> allowedIps;

    ExotelWebhookGuard(TelephonyProperties properties) {
        String configured = properties.exotel().webhookToken();
        this.token = (configured == null || configured.isBlank()
                        ? HexFormat.of()
                                .formatHex(Secrets.deriveKey(properties.sessionSecret(), "exotel-webhooks"))
                                .substring(0, 40)
                        : configured.trim())
                .getBytes(StandardCharsets.UTF_8);
        this.allowedIps = properties.exotel().allowedIps();
    }

    /** The token to put in the webhook URLs given to Exotel. */
    public String token() {
        return new String(token, StandardCharsets.UTF_8);
    }

    void check(HttpServletRequest request) {
        String given = request.getParameter("token");
        boolean tokenOk = given != null && Secrets.constantTimeEquals(token, given.getBytes(StandardCharsets.UTF_8));
        boolean addressOk = allowedIps.isEmpty() || allowedIps.contains(request.getRemoteAddr());
        if (!tokenOk || !addressOk) {
            throw forbidden();
        }
    }

    static ApiException forbidden() {
        return new ApiException(
                HttpStatus.FORBIDDEN, "webhook-forbidden", "Forbidden", "This webhook URL or address is not allowed");
    }
}
