package com.caly.telephony.exotel;

import com.caly.shared.Secrets;
import com.caly.shared.TenantId;
import com.caly.shared.web.ApiException;
import com.caly.telephony.TelephonyProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Exotel signs nothing, so every webhook URL carries a secret token, compared in constant time, and requests may
 * also be limited to Exotel's addresses. Anything else is refused with 403 before it changes anything.
 *
 * <p>Two kinds of token: the deployment's (EXOTEL_WEBHOOK_TOKEN, for the operator's flows: any company's calls), and
 * a company's, derived from it, which the setup API hands to that company's owners and admins and which is good only
 * for the company's own numbers and calls. So no company learns a token that would let it report another's calls.
 */
@Component
public class ExotelWebhookGuard {

    private static final String COMPANY_PREFIX = "c";

    private final byte[] token;
    private final byte[] companyKey;
    private final List<String> allowedIps;

    ExotelWebhookGuard(TelephonyProperties properties) {
        String configured = properties.exotel().webhookToken();
        this.token = (configured == null || configured.isBlank()
                        ? HexFormat.of()
                                .formatHex(Secrets.deriveKey(properties.sessionSecret(), "exotel-webhooks"))
                                .substring(0, 40)
                        : configured.trim())
                .getBytes(StandardCharsets.UTF_8);
        // derived from the deployment token: changing EXOTEL_WEBHOOK_TOKEN changes every company's too
        this.companyKey = Secrets.hmacSha256(token, "exotel-company-webhooks");
        this.allowedIps = properties.exotel().allowedIps();
    }

    /** The deployment's token, for the webhook URLs of the operator's own flows. */
    public String token() {
        return new String(token, StandardCharsets.UTF_8);
    }

    /** The token of one company's webhook URLs: its id and a MAC of it. */
    String companyToken(TenantId company) {
        String id = company.value().toString().replace("-", "");
        return COMPANY_PREFIX + id + "." + companyMac(id);
    }

    /**
     * Lets the request through with either token; returns the company a company token is for (empty for the
     * deployment's token), to which the webhook is then confined.
     */
    Optional<TenantId> check(HttpServletRequest request) {
        boolean addressOk = allowedIps.isEmpty() || allowedIps.contains(request.getRemoteAddr());
        String given = request.getParameter("token");
        if (!addressOk || given == null) {
            throw forbidden();
        }
        if (Secrets.constantTimeEquals(token, given.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        Optional<TenantId> company = companyOf(given);
        if (company.isEmpty()) {
            throw forbidden();
        }
        return company;
    }

    private Optional<TenantId> companyOf(String given) {
        int dot = given.indexOf('.');
        if (!given.startsWith(COMPANY_PREFIX) || dot != COMPANY_PREFIX.length() + 32) {
            return Optional.empty();
        }
        String id = given.substring(COMPANY_PREFIX.length(), dot);
        if (!id.matches("[0-9a-f]{32}")
                || !Secrets.constantTimeEquals(
                        companyMac(id).getBytes(StandardCharsets.UTF_8),
                        given.substring(dot + 1).getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        long high = Long.parseUnsignedLong(id.substring(0, 16), 16);
        long low = Long.parseUnsignedLong(id.substring(16), 16);
        return Optional.of(new TenantId(new UUID(high, low)));
    }

    private String companyMac(String id) {
        return HexFormat.of().formatHex(Secrets.hmacSha256(companyKey, id)).substring(0, 40);
    }

    static ApiException forbidden() {
        return new ApiException(
                HttpStatus.FORBIDDEN, "webhook-forbidden", "Forbidden", "This webhook URL or address is not allowed");
    }
}
