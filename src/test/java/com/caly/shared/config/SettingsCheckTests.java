package com.caly.shared.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsCheckTests {

    private static final String STRONG_1 = "Zk3v9Qw2Lm8Rt5Yp1Xc7Nb4Hd6Fg0Js2Ae";
    private static final String STRONG_2 = "Pq8Wn3Ls6Kd1Vb9Mh4Gt7Rc2Xy5Fj0Ze3Ui";
    private static final String STRONG_3 = "Hy2Bn6Mk9Jd3Lq7Wp1Rs5Tv8Xc4Ze0Gf6Ao";

    private static Map<String, String> production() {
        Map<String, String> env = new HashMap<>();
        env.put("NODE_ENV", "production");
        env.put("DATABASE_URL", "postgresql://u:p@db:5432/caly");
        env.put("JWT_SECRET", STRONG_1);
        env.put("SESSION_SECRET", STRONG_2);
        env.put("ENCRYPTION_KEY", STRONG_3);
        env.put("SMTP_HOST", "smtp.example.com");
        env.put("SMTP_FROM", "Caly <no-reply@example.com>");
        env.put("OPENAI_API_KEY", "sk-test");
        env.put("WEBHOOK_BASE_URL", "https://caly.example.com");
        env.put("EXOTEL_SID", "sid");
        env.put("EXOTEL_TOKEN", "token");
        return env;
    }

    @Test
    void acceptsACompleteProductionSetup() {
        SettingsCheck.Result result = SettingsCheck.check(production()::get);
        assertThat(result.problems()).isEmpty();
        assertThat(result.generatedSecrets()).isEmpty();
    }

    @Test
    void listsEveryMissingOrWeakProductionSettingAtOnce() {
        Map<String, String> env = new HashMap<>();
        env.put("NODE_ENV", "production");
        env.put("JWT_SECRET", "short");
        env.put("SESSION_SECRET", "a".repeat(40));
        env.put("WASABI_ENABLED", "true");
        env.put("WASABI_BUCKET_NAME", "recordings");
        env.put("WEBHOOK_BASE_URL", "http://caly.example.com");

        SettingsCheck.Result result = SettingsCheck.check(env::get);

        assertThat(result.problems())
                .containsExactlyInAnyOrder(
                        "DATABASE_URL is missing",
                        "JWT_SECRET is too short (5 characters; at least 32)",
                        "SESSION_SECRET is too predictable (fewer than 10 different characters)",
                        "ENCRYPTION_KEY is missing (at least 32 random characters)",
                        "WASABI_ACCESS_KEY_ID is required when WASABI_ENABLED=true",
                        "WASABI_SECRET_ACCESS_KEY is required when WASABI_ENABLED=true",
                        "WASABI_REGION is required when WASABI_ENABLED=true",
                        "WASABI_ENDPOINT is required when WASABI_ENABLED=true",
                        "SMTP_HOST is missing: production must deliver e-mail (verification codes)",
                        "SMTP_FROM is missing: the sender address of Caly's e-mail",
                        "OPENAI_API_KEY is missing: the voice agent cannot answer calls without it",
                        "WEBHOOK_BASE_URL must be an https:// address in production");
        assertThat(result.generatedSecrets()).isEmpty();
    }

    @Test
    void refusesTheSameSecretForTwoPurposes() {
        Map<String, String> env = production();
        env.put("SESSION_SECRET", STRONG_1);
        assertThat(SettingsCheck.check(env::get).problems())
                .containsExactly("SESSION_SECRET must differ from JWT_SECRET");
    }

    @Test
    void generatesMissingSecretsOutsideProductionWithAWarning() {
        SettingsCheck.Result result = SettingsCheck.check(Map.<String, String>of()::get);
        assertThat(result.problems()).isEmpty();
        assertThat(result.generatedSecrets()).containsOnlyKeys("JWT_SECRET", "SESSION_SECRET", "ENCRYPTION_KEY");
        result.generatedSecrets()
                .values()
                .forEach(secret -> assertThat((String) secret).hasSizeGreaterThanOrEqualTo(32));
        assertThat(result.warnings()).hasSize(3).allMatch(w -> w.contains("random one for this run"));
    }

    @Test
    void onlyWarnsAboutWeakSecretsOutsideProduction() {
        SettingsCheck.Result result = SettingsCheck.check(Map.of("JWT_SECRET", "dev")::get);
        assertThat(result.problems()).isEmpty();
        assertThat(result.warnings()).contains("JWT_SECRET is too short (3 characters; at least 32)");
    }

    @Test
    void checksWasabiAndNumbersInEveryMode() {
        Map<String, String> env = Map.of("WASABI_ENABLED", "yes", "PORT", "http", "DATABASE_URL", "mysql://x/y");
        assertThat(SettingsCheck.check(env::get).problems())
                .containsExactlyInAnyOrder(
                        "WASABI_ENABLED must be true or false",
                        "PORT must be a number",
                        "DATABASE_URL must start with postgresql://, postgres:// or jdbc:postgresql:");
    }

    @Test
    void refusesAnSmtpAuthThatIsNeitherTrueNorFalse() {
        Map<String, String> env = production();
        env.put("SMTP_AUTH", "yes");
        assertThat(SettingsCheck.check(env::get).problems()).containsExactly("SMTP_AUTH must be true or false");
    }
}
