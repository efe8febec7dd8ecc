package com.caly.webhooks;

import com.caly.shared.web.PublicAddresses;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where a company's endpoint may point: an absolute http(s) URL without credentials, https only in production,
 * and a host that resolves to public addresses only (no loopback, private or link-local target), unless the
 * operator listed its exact origin. Checked when the endpoint is saved and again before every attempt; the
 * JVM keeps a name's answer for 30 s, so the check and the connection that follows see the same address.
 */
final class WebhookTargetPolicy {

    /** Why a URL was refused, said to the company beside its field. */
    static final class RefusedException extends Exception {
        RefusedException(String message) {
            super(message);
        }
    }

    private final boolean production;
    private final Set<String> allowedOrigins;
    private final Function<String, InetAddress[]> resolver;

    WebhookTargetPolicy(boolean production, List<String> allowedPrivateOrigins) {
        this(production, allowedPrivateOrigins, WebhookTargetPolicy::resolve);
    }

    WebhookTargetPolicy(
            boolean production, List<String> allowedPrivateOrigins, Function<String, InetAddress[]> resolver) {
        this.production = production;
        this.allowedOrigins = allowedPrivateOrigins.stream()
                .map(String::trim)
                .filter(origin -> !origin.isEmpty())
                .map(origin -> origin(URI.create(origin)))
                .collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    /** The URL as it will be used, or why it may not be. */
    URI check(String text) throws RefusedException {
        URI url;
        try {
            url = new URI(text.trim());
        } catch (java.net.URISyntaxException e) {
            throw new RefusedException("is not a URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new RefusedException("must be an http or https URL");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new RefusedException("has no host");
        }
        if (url.getRawUserInfo() != null) {
            throw new RefusedException("must not carry a user name or password");
        }
        if (url.getRawFragment() != null) {
            throw new RefusedException("must not have a fragment");
        }
        boolean listed = allowedOrigins.contains(origin(url));
        if (production && scheme.equals("http") && !listed) {
            throw new RefusedException("must use https");
        }
        if (!listed) {
            String host = host(url);
            InetAddress[] addresses;
            try {
                addresses = resolver.apply(host);
            } catch (RuntimeException e) {
                throw new RefusedException("has a host that does not resolve: " + host);
            }
            for (InetAddress address : addresses) {
                if (!PublicAddresses.isPublic(address)) {
                    throw new RefusedException("resolves to the non-public address " + address.getHostAddress()
                            + " (loopback, private and link-local targets are refused)");
                }
            }
        }
        return url;
    }

    private static String origin(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort() != -1 ? url.getPort() : scheme.equals("http") ? 80 : 443;
        return scheme + "://" + host(url) + ":" + port;
    }

    private static String host(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    private static InetAddress[] resolve(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("unknown host " + host, e);
        }
    }
}
