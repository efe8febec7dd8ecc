package com.caly.auth;

import com.caly.shared.web.ApiException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/** Decides whether a new password is strong enough: long enough, not a known common password, not the e-mail. */
@Component
class PasswordPolicy {

    private final int minLength;
    private final int maxLength;
    private final Set<String> common;

    PasswordPolicy(AuthProperties properties) {
        this.minLength = properties.password().minLength();
        this.maxLength = properties.password().maxLength();
        this.common = load("auth/common-passwords.txt");
    }

    void check(String password, String email) {
        String reason = weakness(password, email);
        if (reason != null) {
            throw new ApiException(
                            org.springframework.http.HttpStatus.BAD_REQUEST,
                            "weak-password",
                            "Weak password",
                            "The password " + reason)
                    .with("errors", List.of(Map.of("field", "password", "message", reason)));
        }
    }

    @Nullable
    String weakness(String password, String email) {
        int length = password.codePointCount(0, password.length());
        if (length < minLength) {
            return "must be at least " + minLength + " characters long";
        }
        if (length > maxLength) {
            return "must be at most " + maxLength + " characters long";
        }
        if (password.chars().distinct().count() < 4) {
            return "uses too few different characters";
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (common.contains(lower) || common.contains(stem(lower))) {
            return "is too common; choose one that is not on leaked-password lists";
        }
        String local = email.toLowerCase(Locale.ROOT);
        int at = local.indexOf('@');
        if (at > 0) {
            local = local.substring(0, at);
        }
        if (local.length() >= 4 && lower.contains(local)) {
            return "must not contain your e-mail address";
        }
        return null;
    }

    /** The password without the digits and symbols people add at the end to pass rules. */
    private static String stem(String password) {
        int end = password.length();
        while (end > 0 && !Character.isLetter(password.charAt(end - 1))) {
            end--;
        }
        return password.substring(0, end);
    }

    private static Set<String> load(String resource) {
        Set<String> words = new HashSet<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(new ClassPathResource(resource).getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines()
                    .map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.toLowerCase(Locale.ROOT))
                    .forEach(words::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
