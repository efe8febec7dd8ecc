package com.caly.recordings.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecordingLinkSignerTests {

    private final RecordingLinkSigner signer = new RecordingLinkSigner("a-session-secret-of-at-least-32-chars!");
    private final Instant expires = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void acceptsItsOwnSignatureUntilExpiry() {
        String signature = signer.sign("recordings/a.mp3", expires);
        assertThat(signer.verify("recordings/a.mp3", expires.getEpochSecond(), signature, expires.minusSeconds(1)))
                .isTrue();
        assertThat(signer.verify("recordings/a.mp3", expires.getEpochSecond(), signature, expires))
                .isFalse();
    }

    @Test
    void refusesAnotherKeyAnotherExpiryAnotherSecretOrGarbage() {
        String signature = signer.sign("recordings/a.mp3", expires);
        Instant now = expires.minusSeconds(60);
        assertThat(signer.verify("recordings/b.mp3", expires.getEpochSecond(), signature, now))
                .isFalse();
        assertThat(signer.verify("recordings/a.mp3", expires.getEpochSecond() + 3600, signature, now))
                .isFalse();
        assertThat(new RecordingLinkSigner("another-session-secret-of-32-chars!!")
                        .verify("recordings/a.mp3", expires.getEpochSecond(), signature, now))
                .isFalse();
        assertThat(signer.verify("recordings/a.mp3", expires.getEpochSecond(), "not-hex", now))
                .isFalse();
    }
}
