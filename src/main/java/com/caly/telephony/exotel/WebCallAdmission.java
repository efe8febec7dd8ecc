package com.caly.telephony.exotel;

import com.caly.telephony.TelephonyProperties;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Whether a web call's media stream may open at /media/web, in two steps. First what needs nothing but the
 * request: the browser's {@code Origin} must be the deployment's own (WEBHOOK_BASE_URL's, or the host the upgrade
 * came to, as the browser addressed it) or one of WEB_CALL_ALLOWED_ORIGINS, else 403 (a page of another site
 * cannot open a member's call: cross-site WebSocket hijacking); a well-formed {@code ticket} must be in the query,
 * else 401; the instance must be taking calls below its limit, else 503 and the ticket stays unspent. Then the
 * ticket is redeemed, which blocks (the database): unknown, expired or spent, 401.
 */
@Component
class WebCallAdmission {

    static final String PATH = "/media/web";

    /** Either a refusal's status, or the ticket to redeem. */
    record Precheck(@Nullable HttpStatus refusal, @Nullable String ticket) {

        static Precheck refuse(HttpStatus status) {
            return new Precheck(status, null);
        }
    }

    private final WebCallTickets tickets;
    private final MediaSessionRegistry registry;
    private final TelephonyProperties properties;
    private final ExotelSetup setup;

    WebCallAdmission(
            WebCallTickets tickets, MediaSessionRegistry registry, TelephonyProperties properties, ExotelSetup setup) {
        this.tickets = tickets;
        this.registry = registry;
        this.properties = properties;
        this.setup = setup;
    }

    /** What can be decided without blocking: on the front's event loop. */
    Precheck precheck(URI uri, @Nullable String origin, @Nullable String host, @Nullable String forwardedHost) {
        if (!originAllowed(origin, host, forwardedHost)) {
            return Precheck.refuse(HttpStatus.FORBIDDEN);
        }
        String ticket =
                UriComponentsBuilder.fromUri(uri).build().getQueryParams().getFirst("ticket");
        if (ticket == null || !WebCallTickets.wellFormed(ticket)) {
            return Precheck.refuse(HttpStatus.UNAUTHORIZED);
        }
        if (!registry.accepting()) {
            return Precheck.refuse(HttpStatus.SERVICE_UNAVAILABLE);
        }
        if (registry.atCapacity()) {
            registry.refused();
            return Precheck.refuse(HttpStatus.SERVICE_UNAVAILABLE);
        }
        return new Precheck(null, ticket);
    }

    /** Spends the ticket; blocks. */
    Optional<StreamTokens.Claims> redeem(String ticket) {
        return tickets.redeem(ticket);
    }

    /**
     * Whether the page that opens the stream is one of ours. Browsers always send {@code Origin} on a WebSocket
     * upgrade and a page cannot change it; a client that is not a browser can send anything, which is why the
     * ticket, not the origin, is what authenticates. {@code X-Forwarded-Host} counts as the host: a page cannot set
     * it either.
     */
    boolean originAllowed(@Nullable String origin, @Nullable String host, @Nullable String forwardedHost) {
        if (origin == null || origin.isBlank()) {
            return false;
        }
        String asSent = origin.trim().replaceAll("/+$", "").toLowerCase(Locale.ROOT);
        URI parsed;
        try {
            parsed = URI.create(asSent);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!"https".equals(parsed.getScheme()) && !"http".equals(parsed.getScheme()) || parsed.getHost() == null) {
            return false;
        }
        String normalised = originOf(parsed);
        for (String allowed : properties.webCall().allowedOrigins()) {
            if (sameOrigin(allowed, normalised)) {
                return true;
            }
        }
        String base = setup.configuredBase();
        if (base != null && sameOrigin(base, normalised)) {
            return true;
        }
        String authority = authority(parsed);
        return sameHost(authority, host) || sameHost(authority, firstOf(forwardedHost));
    }

    private static boolean sameOrigin(String configured, String origin) {
        try {
            URI uri = URI.create(configured.trim().toLowerCase(Locale.ROOT));
            return uri.getHost() != null && originOf(uri).equals(origin);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** scheme://host[:port], the port left out when it is the scheme's default. */
    private static String originOf(URI uri) {
        return uri.getScheme() + "://" + authority(uri);
    }

    private static String authority(URI uri) {
        int port = uri.getPort();
        boolean defaultPort = port == -1
                || port == 443 && "https".equals(uri.getScheme())
                || port == 80 && "http".equals(uri.getScheme());
        return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
    }

    private static boolean sameHost(String authority, @Nullable String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String given = host.trim().toLowerCase(Locale.ROOT);
        return given.equals(authority) || given.equals(authority + ":80") || given.equals(authority + ":443");
    }

    private static @Nullable String firstOf(@Nullable String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        return comma < 0 ? header : header.substring(0, comma);
    }
}
