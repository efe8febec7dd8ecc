package com.caly.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PasswordPolicyTests {

    private final PasswordPolicy policy = new PasswordPolicy(new AuthProperties(
            "x".repeat(32),
            "caly",
            Duration.ofMinutes(15),
            Duration.ofDays(30),
            new AuthProperties.Otp(Duration.ofMinutes(10), 5, Duration.ofMinutes(1), 5),
            new AuthProperties.Throttle(20, Duration.ofMinutes(5), 5, Duration.ofMinutes(15), 30),
            new AuthProperties.Password(10, 128)));

    @Test
    void acceptsALongUncommonPassphrase() {
        assertThat(policy.weakness("Orchid-Saffron-Monsoon-61", "priya@example.com"))
                .isNull();
        assertThat(policy.weakness("नमस्ते-दुनिया-2026-सुरक्षित", "priya@example.com"))
                .isNull();
    }

    @Test
    void refusesShortLongCommonAndPersonalPasswords() {
        assertThat(policy.weakness("Abc-1234!", "p@example.com")).contains("at least 10");
        assertThat(policy.weakness("A1-".repeat(50), "p@example.com")).contains("at most 128");
        assertThat(policy.weakness("1234567890", "p@example.com")).contains("too common");
        assertThat(policy.weakness("Welcome@2025", "p@example.com")).contains("too common");
        assertThat(policy.weakness("iloveyou!!!!", "p@example.com")).contains("too common");
        assertThat(policy.weakness("ababababababab", "p@example.com")).contains("too few different");
        assertThat(policy.weakness("my-priyanka-pass-77", "priyanka@example.com"))
                .contains("e-mail");
    }

    @Test
    void countsCharactersNotBytes() {
        // Ten Devanagari characters: long enough, though each takes three bytes.
        assertThat(policy.weakness("कखगघङचछजझञ", "p@example.com")).isNull();
    }
}
