package com.caly.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.support.TestEnvironment;
import com.caly.tenants.TenantService;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

class TokenIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    private TenantFixture.Company company;

    @BeforeEach
    void signIn() {
        company = new TenantFixture(tenants, passwordEncoder).company(api, "Token Co");
    }

    private ApiClient.Response me(String token) {
        return api.get("/api/auth/me", "Authorization", ApiClient.bearer(token));
    }

    private ApiClient.Response refresh(String token) {
        return api.post("/api/auth/refresh", ApiClient.json(Map.of("refreshToken", token)));
    }

    @Test
    void aReplayedRefreshTokenRevokesTheWholeLogin() {
        TenantFixture.User owner = company.owner();
        ApiClient.Response first = refresh(owner.refreshToken());
        assertThat(first.status()).isEqualTo(200);
        String currentAccess = first.json().path("accessToken").asString();
        String currentRefresh = first.json().path("refreshToken").asString();

        ApiClient.Response replay = refresh(owner.refreshToken());

        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.problemType()).isEqualTo("refresh-token-reused");
        assertThat(refresh(currentRefresh).problemType()).isEqualTo("invalid-refresh-token");
        assertThat(me(currentAccess).status()).isEqualTo(401);
        assertThat(me(owner.accessToken()).status()).isEqualTo(401);
        assertThat(jdbc.sql("select count(*) from refresh_tokens where user_id = ? and revoked_at is null")
                        .param(owner.id().value())
                        .query(Long.class)
                        .single())
                .isZero();
        // Other people's sessions are untouched.
        assertThat(me(company.admin().accessToken()).status()).isEqualTo(200);
    }

    @Test
    void rejectsUnknownRefreshTokens() {
        ApiClient.Response response = refresh("not-a-real-token");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.problemType()).isEqualTo("invalid-refresh-token");
    }

    @Test
    void rejectsAnExpiredRefreshToken() {
        jdbc.sql(
                        "update refresh_tokens set issued_at = now() - interval '31 days', expires_at = now() - interval '1 day' where user_id = ?")
                .param(company.member().id().value())
                .update();
        ApiClient.Response response = refresh(company.member().refreshToken());
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.problemType()).isEqualTo("invalid-refresh-token");
    }

    @Test
    void rejectsATamperedToken() {
        String[] parts = company.member().accessToken().split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"member\"", "\"owner\"");
        String tampered = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];

        ApiClient.Response response = me(tampered);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.problemType()).isEqualTo("invalid-token");
        assertThat(response.header("WWW-Authenticate")).contains("invalid_token");
    }

    @Test
    void rejectsAnExpiredToken() throws Exception {
        Instant past = Instant.now().minusSeconds(3600);
        String token = sign(
                claims(company.owner())
                        .issueTime(Date.from(past))
                        .expirationTime(Date.from(past.plusSeconds(900)))
                        .build(),
                TestEnvironment.JWT_SECRET);
        ApiClient.Response response = me(token);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.problemType()).isEqualTo("invalid-token");
    }

    @Test
    void acceptsAForgedLookingTokenOnlyWhenSignedWithTheServerKey() throws Exception {
        // The control: a token built the same way with the real key works, so the failures below are about the key.
        String genuine = sign(claims(company.owner()).build(), TestEnvironment.JWT_SECRET);
        assertThat(me(genuine).status()).isEqualTo(200);

        String otherKey = sign(claims(company.owner()).build(), "another-secret-that-is-long-enough-0123456789");
        ApiClient.Response response = me(otherKey);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.problemType()).isEqualTo("invalid-token");
    }

    @Test
    void rejectsAnUnsignedToken() {
        String none = new PlainJWT(claims(company.owner()).build()).serialize();
        assertThat(none).endsWith(".");
        ApiClient.Response response = me(none);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.problemType()).isEqualTo("invalid-token");
    }

    @Test
    void rejectsATokenWithoutTheCompanyClaim() throws Exception {
        JWTClaimsSet noCompany = new JWTClaimsSet.Builder(
                        claims(company.owner()).build())
                .claim("cid", null)
                .build();
        assertThat(me(sign(noCompany, TestEnvironment.JWT_SECRET)).status()).isEqualTo(401);
    }

    @Test
    void rejectsATokenFromAnotherIssuer() throws Exception {
        String token = sign(claims(company.owner()).issuer("someone-else").build(), TestEnvironment.JWT_SECRET);
        assertThat(me(token).status()).isEqualTo(401);
    }

    @Test
    void asksForATokenWhenNoneIsSent() {
        ApiClient.Response response = api.get("/api/auth/me");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.problemType()).isEqualTo("unauthenticated");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void logoutNeedsAnAccessToken() {
        ApiClient.Response response = api.post("/api/auth/logout", "{}");
        assertThat(response.status()).isEqualTo(401);
        assertThat(me(company.owner().accessToken()).status()).isEqualTo(200);
    }

    @Test
    void logoutEndsOnlyThatSession() {
        TenantFixture.User owner = company.owner();
        ApiClient.Response otherDevice =
                api.post("/api/auth/login", AuthJourneyIT.credentials(owner.email(), TenantFixture.PASSWORD));

        assertThat(api.post("/api/auth/logout", "", "Authorization", owner.bearer())
                        .status())
                .isEqualTo(204);

        assertThat(me(owner.accessToken()).status()).isEqualTo(401);
        assertThat(refresh(owner.refreshToken()).status()).isEqualTo(401);
        assertThat(me(otherDevice.json().path("accessToken").asString()).status())
                .isEqualTo(200);
        assertThat(refresh(otherDevice.json().path("refreshToken").asString()).status())
                .isEqualTo(200);
    }

    private static JWTClaimsSet.Builder claims(TenantFixture.User user) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer("caly")
                .subject(user.id().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString())
                .claim("cid", user.companyId().toString())
                .claim("role", user.role().code())
                .claim("sid", UUID.randomUUID().toString());
    }

    private static String sign(JWTClaimsSet claims, String secret) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
