package com.caly.shared.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Whether Caly logs in to the SMTP server. SMTP_AUTH wins when it is set; otherwise it logs in exactly when
 * SMTP_USER is set, so a relay that takes mail without authentication (a local postfix, Mailpit) works with
 * SMTP_HOST alone. Jakarta Mail refuses to connect at all when authentication is on and no user is given, and it
 * logs in whenever a user and password are given and the server offers AUTH, whatever mail.smtp.auth says, so
 * SMTP_AUTH=false also withholds the user name.
 */
final class SmtpSettings {

    static final String AUTH_PROPERTY = "spring.mail.properties.mail.smtp.auth";

    private SmtpSettings() {}

    /** The Spring settings that follow from the SMTP_* variables. */
    static Map<String, Object> derive(Function<String, @Nullable String> env) {
        Map<String, Object> derived = new LinkedHashMap<>();
        String host = value(env, "SMTP_HOST");
        if (host != null) {
            derived.put("spring.mail.host", host);
        }
        String explicit = value(env, "SMTP_AUTH");
        if (explicit == null) {
            explicit = value(env, AUTH_PROPERTY);
        }
        boolean auth = explicit != null ? Boolean.parseBoolean(explicit) : value(env, "SMTP_USER") != null;
        derived.put(AUTH_PROPERTY, Boolean.toString(auth));
        if (!auth) {
            derived.put("spring.mail.username", "");
            derived.put("spring.mail.password", "");
        }
        return derived;
    }

    private static @Nullable String value(Function<String, @Nullable String> env, String name) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
