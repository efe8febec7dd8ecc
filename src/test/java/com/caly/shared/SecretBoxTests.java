package com.caly.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretBoxTests {

    private final SecretBox box = new SecretBox("an-encryption-key-of-at-least-32-characters");

    @Test
    void opensWhatItSealedAndNeverSealsTheSameWayTwice() {
        byte[] first = box.seal("order-endpoint-secret");
        byte[] second = box.seal("order-endpoint-secret");
        assertThat(first).isNotEqualTo(second);
        assertThat(new String(first, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("order-endpoint");
        assertThat(box.open(first)).isEqualTo("order-endpoint-secret");
        assertThat(box.open(second)).isEqualTo("order-endpoint-secret");
    }

    @Test
    void refusesAnAlteredValueOrAnotherKey() {
        byte[] sealed = box.seal("secret");
        byte[] altered = sealed.clone();
        altered[altered.length - 1] ^= 1;
        assertThatThrownBy(() -> box.open(altered)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecretBox("another-encryption-key-of-32-characters!").open(sealed))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> box.open(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
    }
}
