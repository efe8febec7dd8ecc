package com.caly.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignatureTests {

    private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"webhook.test\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsTheTimestampAndTheBodyWithEachSecretInTurn() {
        String header = WebhookSignature.header(1_764_000_000L, BODY, List.of("whsec_new", "whsec_old"));
        assertThat(header).startsWith("t=1764000000,v1=").matches("t=1764000000,v1=[0-9a-f]{64},v1=[0-9a-f]{64}");
        String[] parts = header.split(",");
        assertThat(parts[1]).isEqualTo("v1=" + WebhookSignature.sign("whsec_new", 1_764_000_000L, BODY));
        assertThat(parts[2]).isEqualTo("v1=" + WebhookSignature.sign("whsec_old", 1_764_000_000L, BODY));
    }

    @Test
    void matchesAKnownHmacSha256() {
        // HMAC-SHA256(key "whsec_test", "1764000000.{}"), as openssl dgst -sha256 -hmac computes it
        assertThat(WebhookSignature.sign("whsec_test", 1_764_000_000L, "{}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(EXPECTED);
    }

    @Test
    void changesWithTheBodyTheTimeAndTheSecret() {
        String base = WebhookSignature.sign("whsec_a", 1L, BODY);
        assertThat(WebhookSignature.sign("whsec_a", 2L, BODY)).isNotEqualTo(base);
        assertThat(WebhookSignature.sign("whsec_b", 1L, BODY)).isNotEqualTo(base);
        assertThat(WebhookSignature.sign("whsec_a", 1L, "{}".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(base);
    }

    private static final String EXPECTED = "4f96748d68fa89f609c83851e8a98602c0d9762fcc5bc7c698c980211b7522ed";
}
