package com.caly.shared.front;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Tells Tomcat, which sees the front as every request's peer, who the peer really was: a trusted proxy's
 * X-Forwarded-* headers are kept and the proxy's address appended to X-Forwarded-For, as Tomcat's RemoteIpValve
 * expects; a direct client's own X-Forwarded-* headers are dropped, since it cannot assert them.
 */
final class ForwardedHeaders {

    static final String FORWARDED_FOR = "X-Forwarded-For";
    private static final List<String> ASSERTED_BY_PROXIES =
            List.of("X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix", "Forwarded");

    private final Pattern trustedProxies;

    /** @param trustedProxies the regular expression of Tomcat's internal proxies; blank trusts nobody */
    ForwardedHeaders(String trustedProxies) {
        this.trustedProxies = Pattern.compile(trustedProxies.isBlank() ? "(?!)" : trustedProxies);
    }

    void apply(HttpHeaders headers, String peer) {
        if (trustedProxies.matcher(peer).matches()) {
            List<String> chain = new ArrayList<>();
            for (String value : headers.getAll(FORWARDED_FOR)) {
                if (!value.isBlank()) {
                    chain.add(value.trim());
                }
            }
            chain.add(peer);
            headers.set(FORWARDED_FOR, String.join(", ", chain));
        } else {
            headers.set(FORWARDED_FOR, peer);
            ASSERTED_BY_PROXIES.forEach(headers::remove);
        }
    }
}
