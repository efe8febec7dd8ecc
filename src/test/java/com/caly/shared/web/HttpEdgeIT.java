package com.caly.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Problems, limits and headers at the HTTP edge, the same for every endpoint. */
class HttpEdgeIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    private TenantFixture.User user;

    @BeforeEach
    void signIn() {
        user = new TenantFixture(tenants, passwordEncoder)
                .company(api, "Edge Co")
                .owner();
    }

    @Test
    void answersUnknownPathsWithNotFound() {
        ApiClient.Response response = api.get("/api/no-such-thing", "Authorization", user.bearer());
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.problemType()).isEqualTo("not-found");
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void answersAWrongMethodWithMethodNotAllowed() {
        ApiClient.Response response = api.send("DELETE", "/api/auth/me", null, "Authorization", user.bearer());
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.problemType()).isEqualTo("method-not-allowed");

        ApiClient.Response publicPath = api.send("PUT", "/api/auth/login", "{}", "Content-Type", "application/json");
        assertThat(publicPath.status()).isEqualTo(405);
    }

    @Test
    void answersAWrongContentTypeWithUnsupportedMediaType() {
        ApiClient.Response response = api.post("/api/auth/login", "email=a@b.c", "Content-Type", "text/plain");
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.problemType()).isEqualTo("unsupported-media-type");
        assertThat(response.json().path("requestId").asString()).isNotBlank();
    }

    @Test
    void refusesAnOversizedBodyFromItsLength() {
        String huge = "{\"email\":\"" + "a".repeat(1_100_000) + "@example.com\",\"password\":\"x\"}";
        long users = count("company_users");
        ApiClient.Response response = api.post("/api/auth/register", huge);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.problemType()).isEqualTo("payload-too-large");
        assertThat(count("company_users")).isEqualTo(users);
    }

    @Test
    void refusesAnOversizedChunkedBody() {
        byte[] huge = ("{\"companyName\":\"" + "b".repeat(1_100_000) + "\"}").getBytes();
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.url("/api/auth/register")))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", randomIp())
                // a stream of unknown length is sent chunked, without Content-Length
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)))
                .build();
        ApiClient.Response response = api.execute(request);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.problemType()).isEqualTo("payload-too-large");
    }

    @Test
    void echoesAWellFormedRequestIdAndReplacesABadOne() {
        ApiClient.Response given =
                api.get("/api/auth/me", "Authorization", user.bearer(), "X-Request-Id", "client-req-12345");
        assertThat(given.header("X-Request-Id")).isEqualTo("client-req-12345");

        ApiClient.Response bad =
                api.get("/api/auth/me", "Authorization", user.bearer(), "X-Request-Id", "bad id with spaces");
        assertThat(bad.header("X-Request-Id"))
                .isNotEqualTo("bad id with spaces")
                .hasSize(36);

        ApiClient.Response problem = api.get("/api/auth/me", "X-Request-Id", "problem-req-67890");
        assertThat(problem.json().path("requestId").asString()).isEqualTo("problem-req-67890");
    }

    @Test
    void setsSecurityHeaders() {
        ApiClient.Response response = api.get("/api/auth/me", "Authorization", user.bearer());
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(response.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
        assertThat(response.header("Cache-Control")).contains("no-store");
    }

    @Test
    void allowsCrossOriginCallsOnlyFromTheConfiguredOrigins() {
        ApiClient.Response allowed = api.send(
                "OPTIONS",
                "/api/auth/login",
                null,
                "Origin",
                "https://app.caly.test",
                "Access-Control-Request-Method",
                "POST",
                "Access-Control-Request-Headers",
                "content-type");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://app.caly.test");

        ApiClient.Response refused = api.send(
                "OPTIONS",
                "/api/auth/login",
                null,
                "Origin",
                "https://evil.example",
                "Access-Control-Request-Method",
                "POST");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void publishesHealthMetricsAndTheApiDocument() {
        ApiClient.Response health = operatorHealth();
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asString()).isEqualTo("UP");
        assertThat(health.json().path("components").path("db").path("status").asString())
                .isEqualTo("UP");
        assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);

        ApiClient.Response metrics = api.get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("http_server_requests_seconds");

        ApiClient.Response openApi = api.get("/v3/api-docs");
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.json().path("paths").has("/api/auth/register")).isTrue();
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }
}
