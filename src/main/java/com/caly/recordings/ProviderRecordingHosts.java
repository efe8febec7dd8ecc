package com.caly.recordings;

import com.caly.shared.web.PublicAddresses;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a provider's recording URL may be fetched with the provider's credentials: only from an
 * allow-listed host, only over https (http only to an explicitly listed loopback origin, which never leaves the
 * machine), and never from a name that resolves to a loopback, private, link-local or otherwise non-public
 * address. The name is resolved here and again when connecting, so a name that changes its answer between the
 * two (DNS rebinding) is not ruled out; the allow-list, which names the provider's own hosts, is what stands
 * against that.
 */
final class ProviderRecordingHosts {

    /** One allow-list entry: a bare host (https, port 443) or an exact origin. */
    private record Entry(String scheme, String host, int port, boolean origin) {

        boolean matches(String scheme, String host, int port) {
            return this.scheme.equals(scheme) && this.host.equals(host) && this.port == port;
        }

        /** Only an origin naming a loopback literal may reach a non-public address: a stand-in on this machine. */
        boolean trustsLoopbackLiteral() {
            return origin && isLoopbackLiteral(host);
        }
    }

    private final List<Entry> entries;
    private final Function<String, InetAddress[]> resolver;

    ProviderRecordingHosts(List<String> allowList) {
        this(allowList, ProviderRecordingHosts::resolve);
    }

    ProviderRecordingHosts(List<String> allowList, Function<String, InetAddress[]> resolver) {
        this.entries = allowList.stream().map(ProviderRecordingHosts::parse).toList();
        this.resolver = resolver;
    }

    /** Throws {@link ProviderRecordingImporter.RefusedException} unless the URL may be fetched with credentials. */
    void check(URI url) throws IOException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw refused(ProviderRecordingImporter.Refusal.INSECURE_SCHEME, "not an http(s) URL");
        }
        if (url.getRawUserInfo() != null) {
            throw refused(ProviderRecordingImporter.Refusal.HOST_NOT_ALLOWED, "the URL carries credentials of its own");
        }
        String host = url.getHost() == null ? "" : normalise(url.getHost());
        int port = url.getPort() == -1 ? defaultPort(scheme) : url.getPort();
        Entry entry = entries.stream()
                .filter(e -> e.matches(scheme, host, port))
                .findFirst()
                .orElse(null);
        if (entry == null) {
            boolean overHttpsItWould = scheme.equals("http")
                    && entries.stream()
                            .anyMatch(e ->
                                    e.matches("https", host, 443) || e.host().equals(host));
            throw overHttpsItWould
                    ? refused(ProviderRecordingImporter.Refusal.INSECURE_SCHEME, "credentials go over https only")
                    : refused(ProviderRecordingImporter.Refusal.HOST_NOT_ALLOWED, "host is not on the allow-list");
        }
        if (entry.trustsLoopbackLiteral()) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.apply(host);
        } catch (RuntimeException e) {
            throw new IOException("could not resolve " + host, e);
        }
        for (InetAddress address : addresses) {
            if (!PublicAddresses.isPublic(address)) {
                throw refused(
                        ProviderRecordingImporter.Refusal.NON_PUBLIC_ADDRESS,
                        "resolves to the non-public address " + address.getHostAddress());
            }
        }
    }

    private static Entry parse(String text) {
        String entry = text.trim();
        if (!entry.contains("://")) {
            String host = normalise(entry);
            if (host.isEmpty() || host.contains("/") || (host.contains(":") && !entry.startsWith("["))) {
                throw invalid(text, "a host name, or an origin such as https://host:port");
            }
            return new Entry("https", host, 443, false);
        }
        URI uri;
        try {
            uri = URI.create(entry);
        } catch (IllegalArgumentException e) {
            throw invalid(text, "not a URL");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null
                || (uri.getPath() != null
                        && !uri.getPath().isEmpty()
                        && !uri.getPath().equals("/"))) {
            throw invalid(text, "an origin has a scheme, a host and at most a port");
        }
        String host = normalise(uri.getHost());
        if (!scheme.equals("https") && !(scheme.equals("http") && isLoopbackLiteral(host))) {
            throw invalid(text, "credentials go over https only (http only to a loopback address such as 127.0.0.1)");
        }
        return new Entry(scheme, host, uri.getPort() == -1 ? defaultPort(scheme) : uri.getPort(), true);
    }

    private static boolean isLoopbackLiteral(String host) {
        if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !host.contains(":")) {
            return false; // a name, which would need resolving
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String normalise(String host) {
        String lower = host.trim().toLowerCase(Locale.ROOT);
        if (lower.startsWith("[") && lower.endsWith("]")) {
            lower = lower.substring(1, lower.length() - 1);
        }
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("http") ? 80 : 443;
    }

    private static InetAddress[] resolve(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("unknown host " + host, e);
        }
    }

    private static ProviderRecordingImporter.RefusedException refused(
            ProviderRecordingImporter.Refusal reason, String why) {
        return new ProviderRecordingImporter.RefusedException(reason, why);
    }

    private static IllegalArgumentException invalid(String entry, @Nullable String why) {
        return new IllegalArgumentException("EXOTEL_RECORDING_HOSTS entry '" + entry + "' is not valid: " + why);
    }
}
