package com.caly.shared.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SmtpSettingsTests {

    private static Map<String, Object> derive(Map<String, String> env) {
        return SmtpSettings.derive(env::get);
    }

    @Test
    void sendsWithoutLoggingInWhenOnlyTheHostIsSet() {
        Map<String, Object> settings = derive(Map.of("SMTP_HOST", " mail.internal "));
        assertThat(settings)
                .containsEntry("spring.mail.host", "mail.internal")
                .containsEntry(SmtpSettings.AUTH_PROPERTY, "false")
                .containsEntry("spring.mail.username", "");
    }

    @Test
    void logsInWhenAUserIsSet() {
        Map<String, Object> settings =
                derive(Map.of("SMTP_HOST", "smtp.example.com", "SMTP_USER", "caly", "SMTP_PASS", "secret"));
        assertThat(settings)
                .containsEntry(SmtpSettings.AUTH_PROPERTY, "true")
                .doesNotContainKey("spring.mail.username");
    }

    @Test
    void anExplicitSmtpAuthWinsEitherWay() {
        assertThat(derive(Map.of("SMTP_HOST", "h", "SMTP_AUTH", "true")))
                .containsEntry(SmtpSettings.AUTH_PROPERTY, "true");
        Map<String, Object> off = derive(Map.of("SMTP_HOST", "h", "SMTP_USER", "caly", "SMTP_AUTH", "false"));
        assertThat(off).containsEntry(SmtpSettings.AUTH_PROPERTY, "false").containsEntry("spring.mail.username", "");
    }

    @Test
    void aBlankSmtpAuthCountsAsUnset() {
        assertThat(derive(Map.of("SMTP_HOST", "h", "SMTP_AUTH", " ")))
                .containsEntry(SmtpSettings.AUTH_PROPERTY, "false");
    }
}
