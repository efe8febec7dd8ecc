package com.caly.shared.front;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTests {

    private static final String PRIVATE_RANGES =
            "10\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}";

    private final ForwardedHeaders forwarded = new ForwardedHeaders(PRIVATE_RANGES);

    private static HttpHeaders asserted() {
        return new DefaultHttpHeaders()
                .add("X-Forwarded-For", "198.51.100.7")
                .add("X-Forwarded-Proto", "https")
                .add("X-Forwarded-Host", "api.example.com")
                .add("X-Forwarded-Port", "443")
                .add("X-Forwarded-Prefix", "/caly")
                .add("Forwarded", "for=198.51.100.7;proto=https")
                .add("Host", "api.example.com");
    }

    @Test
    void appendsATrustedProxysAddressAndKeepsWhatItForwarded() {
        HttpHeaders headers = asserted();
        forwarded.apply(headers, "10.1.2.3");
        assertThat(headers.getAll("X-Forwarded-For")).containsExactly("198.51.100.7, 10.1.2.3");
        assertThat(headers.get("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(headers.get("X-Forwarded-Host")).isEqualTo("api.example.com");
        assertThat(headers.get("X-Forwarded-Port")).isEqualTo("443");
        assertThat(headers.get("X-Forwarded-Prefix")).isEqualTo("/caly");
        assertThat(headers.get("Forwarded")).isEqualTo("for=198.51.100.7;proto=https");
    }

    @Test
    void joinsEveryForwardedForLineOfATrustedProxy() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("X-Forwarded-For", "203.0.113.9")
                .add("X-Forwarded-For", "198.51.100.7")
                .add("X-Forwarded-For", "");
        forwarded.apply(headers, "127.0.0.1");
        assertThat(headers.getAll("X-Forwarded-For")).containsExactly("203.0.113.9, 198.51.100.7, 127.0.0.1");
    }

    @Test
    void namesATrustedProxyThatForwardedNothing() {
        HttpHeaders headers = new DefaultHttpHeaders();
        forwarded.apply(headers, "10.0.0.1");
        assertThat(headers.getAll("X-Forwarded-For")).containsExactly("10.0.0.1");
    }

    @Test
    void replacesADirectClientsForwardedForAndDropsWhatOnlyProxiesMayAssert() {
        HttpHeaders headers = asserted();
        forwarded.apply(headers, "203.0.113.50");
        assertThat(headers.getAll("X-Forwarded-For")).containsExactly("203.0.113.50");
        assertThat(headers.names())
                .doesNotContain(
                        "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix", "Forwarded");
        assertThat(headers.get("Host")).isEqualTo("api.example.com");
    }

    @Test
    void matchesTheWholeAddressAsTomcatDoes() {
        HttpHeaders headers = asserted();
        // 110.1.2.3 contains a match of 10\.…, but is not one
        forwarded.apply(headers, "110.1.2.3");
        assertThat(headers.getAll("X-Forwarded-For")).containsExactly("110.1.2.3");
        assertThat(headers.contains("X-Forwarded-Proto")).isFalse();
    }

    @Test
    void trustsNobodyWithoutTrustedProxies() {
        HttpHeaders headers = asserted();
        new ForwardedHeaders("").apply(headers, "127.0.0.1");
        assertThat(headers.getAll("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(headers.contains("Forwarded")).isFalse();
    }
}
