package com.caly.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

@ExtendWith(OutputCaptureExtension.class)
class AuthJourneyIT extends IntegrationTest {

    @Test
    void registersVerifiesSignsInRefreshesAndSignsOut(CapturedOutput output) throws Exception {
        String email = uniqueEmail("journey");
        String password = "Blue-Elephant-Dances-42";

        ApiClient.Response registered = api.post(
                "/api/auth/register",
                ApiClient.json(Map.of(
                        "companyName",
                        "Journey Traders",
                        "email",
                        email,
                        "password",
                        password,
                        "fullName",
                        "Asha Rao")));
        assertThat(registered.status()).isEqualTo(202);
        assertThat(jdbc.sql("select email_verified_at is null from company_users where email = ?")
                        .param(email)
                        .query(Boolean.class)
                        .single())
                .isTrue();

        // The code arrives in a real e-mail, with a plain-text and an HTML part.
        String code = awaitCode(email, 1);
        MimeMessage message = messagesTo(email).get(0);
        String raw = com.icegreen.greenmail.util.GreenMailUtil.getWholeMessage(message);
        assertThat(raw).contains("text/plain").contains("text/html").contains(code);

        ApiClient.Response unverifiedLogin = api.post("/api/auth/login", credentials(email, password));
        assertThat(unverifiedLogin.status()).isEqualTo(403);
        assertThat(unverifiedLogin.problemType()).isEqualTo("email-not-verified");

        ApiClient.Response verified =
                api.post("/api/auth/verify-email", ApiClient.json(Map.of("email", email, "code", code)));
        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.json().path("user").path("emailVerified").asBoolean())
                .isTrue();
        assertThat(verified.json().path("user").path("role").asString()).isEqualTo("owner");
        assertThat(jdbc.sql("select outcome from email_verifications where email = ?")
                        .param(email)
                        .query(String.class)
                        .single())
                .isEqualTo("verified");

        ApiClient.Response login = api.post("/api/auth/login", credentials(email, password));
        assertThat(login.status()).isEqualTo(200);
        JsonNode tokens = login.json();
        String access = tokens.path("accessToken").asString();
        String refresh = tokens.path("refreshToken").asString();
        assertThat(tokens.path("tokenType").asString()).isEqualTo("Bearer");
        assertThat(tokens.path("expiresIn").asLong()).isBetween(890L, 900L);

        ApiClient.Response me = api.get("/api/auth/me", "Authorization", ApiClient.bearer(access));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("user").path("email").asString()).isEqualTo(email);
        assertThat(me.json().path("user").path("fullName").asString()).isEqualTo("Asha Rao");
        assertThat(me.json().path("company").path("name").asString()).isEqualTo("Journey Traders");
        assertThat(me.body()).doesNotContain("password");

        ApiClient.Response refreshed = api.post("/api/auth/refresh", ApiClient.json(Map.of("refreshToken", refresh)));
        assertThat(refreshed.status()).isEqualTo(200);
        String newAccess = refreshed.json().path("accessToken").asString();
        String newRefresh = refreshed.json().path("refreshToken").asString();
        assertThat(newRefresh).isNotEqualTo(refresh);
        assertThat(api.get("/api/auth/me", "Authorization", ApiClient.bearer(newAccess))
                        .status())
                .isEqualTo(200);

        ApiClient.Response logout = api.post(
                "/api/auth/logout",
                ApiClient.json(Map.of("refreshToken", newRefresh)),
                "Authorization",
                ApiClient.bearer(newAccess));
        assertThat(logout.status()).isEqualTo(204);

        ApiClient.Response meAfter = api.get("/api/auth/me", "Authorization", ApiClient.bearer(newAccess));
        assertThat(meAfter.status()).isEqualTo(401);
        assertThat(meAfter.problemType()).isEqualTo("invalid-token");
        // The first access token belonged to the same login session, which is over too.
        assertThat(api.get("/api/auth/me", "Authorization", ApiClient.bearer(access))
                        .status())
                .isEqualTo(401);

        ApiClient.Response refreshAfter =
                api.post("/api/auth/refresh", ApiClient.json(Map.of("refreshToken", newRefresh)));
        assertThat(refreshAfter.status()).isEqualTo(401);
        assertThat(refreshAfter.problemType()).isEqualTo("invalid-refresh-token");

        // Requests were logged, but never a secret.
        assertThat(output.getAll()).contains("POST /api/auth/login");
        for (String secret : new String[] {password, code, access, refresh, newAccess, newRefresh}) {
            assertThat(output.getAll()).doesNotContain(secret);
        }

        // Signing in again starts a new session that works.
        ApiClient.Response again = api.post("/api/auth/login", credentials(email, password));
        assertThat(api.get(
                                "/api/auth/me",
                                "Authorization",
                                ApiClient.bearer(
                                        again.json().path("accessToken").asString()))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void storesOnlyHashesOfSecrets() {
        String email = uniqueEmail("hashes");
        String password = "Quiet-Harbour-Lights-77";
        api.post(
                "/api/auth/register",
                ApiClient.json(Map.of("companyName", "Hash Co", "email", email, "password", password)));
        String code = awaitCode(email, 1);
        ApiClient.Response verified =
                api.post("/api/auth/verify-email", ApiClient.json(Map.of("email", email, "code", code)));
        String refresh = verified.json().path("refreshToken").asString();

        String passwordHash = jdbc.sql("select password_hash from company_users where email = ?")
                .param(email)
                .query(String.class)
                .single();
        assertThat(passwordHash).startsWith("$argon2id$").doesNotContain(password);
        byte[] codeHash = jdbc.sql("select code_hash from email_verifications where email = ?")
                .param(email)
                .query(byte[].class)
                .single();
        assertThat(new String(codeHash, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(code);
        long plainRefresh = jdbc.sql("select count(*) from refresh_tokens where encode(token_hash, 'escape') like ?")
                .param("%" + refresh + "%")
                .query(Long.class)
                .single();
        assertThat(plainRefresh).isZero();
    }

    static String credentials(String email, String password) {
        return ApiClient.json(Map.of("email", email, "password", password));
    }
}
