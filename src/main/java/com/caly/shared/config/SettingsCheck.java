package com.caly.shared.config;

import com.caly.shared.Secrets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Checks the deployment's environment variables before anything starts. In production (NODE_ENV=production)
 * every missing or weak critical setting is a problem; elsewhere missing secrets are generated for the run.
 */
final class SettingsCheck {

    static final int MIN_SECRET_LENGTH = 32;
    static final List<String> SECRETS = List.of("JWT_SECRET", "SESSION_SECRET", "ENCRYPTION_KEY");
    static final List<String> WASABI_REQUIRED = List.of(
            "WASABI_ACCESS_KEY_ID",
            "WASABI_SECRET_ACCESS_KEY",
            "WASABI_REGION",
            "WASABI_BUCKET_NAME",
            "WASABI_ENDPOINT");

    record Result(List<String> problems, List<String> warnings, Map<String, Object> generatedSecrets) {}

    private final Function<String, @Nullable String> env;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, Object> generated = new LinkedHashMap<>();

    private SettingsCheck(Function<String, @Nullable String> env) {
        this.env = env;
    }

    static boolean isProduction(Function<String, @Nullable String> env) {
        String mode = env.apply("NODE_ENV");
        return mode != null && mode.trim().equalsIgnoreCase("production");
    }

    static Result check(Function<String, @Nullable String> env) {
        SettingsCheck check = new SettingsCheck(env);
        check.run();
        return new Result(List.copyOf(check.problems), List.copyOf(check.warnings), Map.copyOf(check.generated));
    }

    private void run() {
        boolean production = isProduction(env);
        checkDatabase(production);
        checkNumber("PORT", 1, 65535);
        checkNumber("SMTP_PORT", 1, 65535);
        checkBoolean("SMTP_AUTH");
        checkSecrets(production);
        checkWasabi();
        if (production) {
            require("SMTP_HOST", "production must deliver e-mail (verification codes)");
            require("SMTP_FROM", "the sender address of Caly's e-mail");
            require("OPENAI_API_KEY", "the voice agent cannot answer calls without it");
            String base = value("WEBHOOK_BASE_URL");
            if (base == null) {
                problems.add("WEBHOOK_BASE_URL is missing: the public https:// address Exotel calls");
            } else if (!base.startsWith("https://")) {
                problems.add("WEBHOOK_BASE_URL must be an https:// address in production");
            }
            if (value("EXOTEL_SID") == null || value("EXOTEL_TOKEN") == null) {
                warnings.add("EXOTEL_SID or EXOTEL_TOKEN is not set: Exotel recordings cannot be fetched");
            }
        }
    }

    private void checkDatabase(boolean production) {
        String url = value("DATABASE_URL");
        if (url == null) {
            if (production) {
                problems.add("DATABASE_URL is missing");
            }
            return;
        }
        try {
            DatabaseUrl.parse(url);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
    }

    private void checkSecrets(boolean production) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (String name : SECRETS) {
            String secret = value(name);
            if (secret == null) {
                if (production) {
                    problems.add(name + " is missing (at least " + MIN_SECRET_LENGTH + " random characters)");
                } else {
                    generated.put(name, Secrets.randomToken(48));
                    warnings.add(name + " is not set: using a random one for this run only;"
                            + " tokens and encrypted values will not survive a restart");
                }
                continue;
            }
            String weakness = weakness(secret);
            if (weakness != null) {
                (production ? problems : warnings).add(name + " is " + weakness);
            }
            String other = seen.putIfAbsent(secret, name);
            if (other != null) {
                (production ? problems : warnings).add(name + " must differ from " + other);
            }
        }
    }

    private static @Nullable String weakness(String secret) {
        if (secret.length() < MIN_SECRET_LENGTH) {
            return "too short (" + secret.length() + " characters; at least " + MIN_SECRET_LENGTH + ")";
        }
        if (secret.chars().distinct().count() < 10) {
            return "too predictable (fewer than 10 different characters)";
        }
        return null;
    }

    private void checkWasabi() {
        String enabled = value("WASABI_ENABLED");
        if (enabled == null || enabled.equalsIgnoreCase("false")) {
            return;
        }
        if (!enabled.equalsIgnoreCase("true")) {
            problems.add("WASABI_ENABLED must be true or false");
            return;
        }
        for (String name : WASABI_REQUIRED) {
            if (value(name) == null) {
                problems.add(name + " is required when WASABI_ENABLED=true");
            }
        }
    }

    private void checkNumber(String name, int min, int max) {
        String text = value(name);
        if (text == null) {
            return;
        }
        try {
            int number = Integer.parseInt(text);
            if (number < min || number > max) {
                problems.add(name + " must be between " + min + " and " + max);
            }
        } catch (NumberFormatException e) {
            problems.add(name + " must be a number");
        }
    }

    private void checkBoolean(String name) {
        String text = value(name);
        if (text != null && !text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            problems.add(name + " must be true or false");
        }
    }

    private void require(String name, String why) {
        if (value(name) == null) {
            problems.add(name + " is missing: " + why);
        }
    }

    private @Nullable String value(String name) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
