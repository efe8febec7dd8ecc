package com.caly.voice.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChecksumTests {

    @ParameterizedTest
    @ValueSource(
            strings = {"79927398713", "4111111111111111", "378282246310005", "6011111111111117", "5555555555554444"})
    void luhnAcceptsKnownGoodNumbers(String digits) {
        assertThat(Luhn.valid(digits)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"79927398710", "4111111111111112", "1234567812345678", "", "4111a11111111111"})
    void luhnRejectsWrongCheckDigitsAndNonDigits(String digits) {
        assertThat(Luhn.valid(digits)).isFalse();
    }

    @Test
    void verhoeffComputesTheKnownCheckDigits() {
        // the published examples: 236 -> 3, 12345 -> 1, 123456789012 -> 0
        assertThat(Verhoeff.checkDigit("236")).isEqualTo(3);
        assertThat(Verhoeff.checkDigit("12345")).isEqualTo(1);
        assertThat(Verhoeff.checkDigit("123456789012")).isEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2363", "123451", "1234567890120", "234123412346"})
    void verhoeffAcceptsKnownGoodNumbers(String digits) {
        assertThat(Verhoeff.valid(digits)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2364", "123450", "234123412341", "234123412364", "", "23x3"})
    void verhoeffRejectsWrongDigitsAndSwaps(String digits) {
        assertThat(Verhoeff.valid(digits)).isFalse();
    }
}
