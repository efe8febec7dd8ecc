package com.caly.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The refresh token as the console keeps it: with {@code X-Refresh-Token: cookie} it travels in an HttpOnly,
 * Secure, SameSite=Strict cookie sent to the refresh path alone, never in a body that script could read.
 */
class RefreshCookieIT extends IntegrationTest {

    private static final String PASSWORD = "Copper-Kettle-Mornings-58";
    private static final String[] COOKIE_MODE = {"X-Refresh-Token", "cookie"};
    private static final Pattern SET_COOKIE = Pattern.compile("^caly_refresh=([^;]*);(.*)$");
    private static final long THIRTY_DAYS = 30L * 24 * 3600;

    @Test
    void verifyEmailAndLoginPutTheRefreshTokenInAnHttpOnlyCookieOnly() {
        String email = uniqueEmail("cookie-session");
        register(email);

        ApiClient.Response verified = api.post(
                "/api/auth/verify-email",
                ApiClient.json(Map.of("email", email, "code", awaitCode(email, 1))),
                COOKIE_MODE);
        assertThat(verified.status()).isEqualTo(200);
        assertSessionInCookie(verified);

        ApiClient.Response login = login(email, COOKIE_MODE);
        assertThat(login.status()).isEqualTo(200);
        assertSessionInCookie(login);
        assertThat(cookieOf(login)).isNotEqualTo(cookieOf(verified));
    }

    @Test
    void withoutTheHeaderTheRefreshTokenStaysInTheBody() {
        String email = verifiedAccount("cookie-body");

        ApiClient.Response login = login(email);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().path("refreshToken").asString()).isNotBlank();
        assertThat(login.raw().headers().allValues("Set-Cookie")).isEmpty();

        ApiClient.Response refreshed = api.post(
                "/api/auth/refresh",
                ApiClient.json(
                        Map.of("refreshToken", login.json().path("refreshToken").asString())));
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.json().path("refreshToken").asString()).isNotBlank();
        assertThat(refreshed.raw().headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void refreshesFromTheCookieRotatesItAndRefusesTheOldOneAsReuse() {
        String email = verifiedAccount("cookie-refresh");
        String first = cookieOf(login(email, COOKIE_MODE));

        ApiClient.Response refreshed = refreshWithCookie(first, COOKIE_MODE);
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.json().has("refreshToken")).isFalse();
        String access = refreshed.json().path("accessToken").asString();
        assertThat(api.get("/api/auth/me", "Authorization", ApiClient.bearer(access))
                        .status())
                .isEqualTo(200);
        String second = cookieOf(refreshed);
        assertThat(second).isNotBlank().isNotEqualTo(first);
        assertCookieAttributes(refreshed, THIRTY_DAYS);

        // The first cookie again is a stolen copy or a replay: refused, and the whole session with it.
        ApiClient.Response reused = refreshWithCookie(first, COOKIE_MODE);
        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.problemType()).isEqualTo("refresh-token-reused");
        assertCleared(reused);
        assertThat(refreshWithCookie(second, COOKIE_MODE).status()).isEqualTo(401);
    }

    @Test
    void refusesACookieRefreshWithoutTheHeader() {
        String email = verifiedAccount("cookie-csrf");
        String cookie = cookieOf(login(email, COOKIE_MODE));

        // A form or image of another site can make the browser send the cookie, but not the header.
        ApiClient.Response refused = refreshWithCookie(cookie);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.problemType()).isEqualTo("refresh-token-missing");
        assertThat(refused.raw().headers().allValues("Set-Cookie")).isEmpty();

        ApiClient.Response plainForm = api.send(
                "POST", "/api/auth/refresh", "", "Cookie", "caly_refresh=" + cookie, "Content-Type", "text/plain");
        assertThat(plainForm.status()).isIn(400, 415);

        // the cookie still works for the console itself
        assertThat(refreshWithCookie(cookie, COOKIE_MODE).status()).isEqualTo(200);
    }

    @Test
    void aHeaderWithoutACookieIsRefused() {
        ApiClient.Response refused = api.send("POST", "/api/auth/refresh", null, COOKIE_MODE);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.problemType()).isEqualTo("invalid-refresh-token");
    }

    @Test
    void grantsNoOtherOriginThePreflightForTheHeader() {
        for (String origin : List.of("https://app.caly.test", "https://evil.example")) {
            ApiClient.Response preflight = api.send(
                    "OPTIONS",
                    "/api/auth/refresh",
                    null,
                    "Origin",
                    origin,
                    "Access-Control-Request-Method",
                    "POST",
                    "Access-Control-Request-Headers",
                    "x-refresh-token");
            assertThat(preflight.status()).as(origin).isEqualTo(403);
            assertThat(preflight.header("Access-Control-Allow-Origin"))
                    .as(origin)
                    .isNull();
            assertThat(preflight.header("Access-Control-Allow-Headers"))
                    .as(origin)
                    .isNull();
        }
        // while the same origin's preflight for the API's ordinary headers is granted
        ApiClient.Response ordinary = api.send(
                "OPTIONS",
                "/api/auth/refresh",
                null,
                "Origin",
                "https://app.caly.test",
                "Access-Control-Request-Method",
                "POST",
                "Access-Control-Request-Headers",
                "content-type");
        assertThat(ordinary.status()).isEqualTo(200);
        assertThat(ordinary.header("Access-Control-Allow-Origin")).isEqualTo("https://app.caly.test");
        assertThat(ordinary.header("Access-Control-Allow-Credentials")).isNull();
    }

    @Test
    void logoutClearsTheCookieAndEndsItsSession() {
        String email = verifiedAccount("cookie-logout");
        ApiClient.Response login = login(email, COOKIE_MODE);
        String cookie = cookieOf(login);
        String access = login.json().path("accessToken").asString();

        // the browser does not send the cookie to the logout path: the access token names the session
        ApiClient.Response logout = api.post("/api/auth/logout", null, "Authorization", ApiClient.bearer(access));
        assertThat(logout.status()).isEqualTo(204);
        assertCleared(logout);

        ApiClient.Response refused = refreshWithCookie(cookie, COOKIE_MODE);
        assertThat(refused.status()).isEqualTo(401);
        assertCleared(refused);
    }

    @Test
    void theConsoleAllowsNoInlineScriptOrStyleWhileSwaggerUiKeepsItsPolicy() {
        ApiClient.Response console = api.get("/");
        assertThat(console.status()).isEqualTo(200);
        assertThat(console.body()).contains("/console/app.js");
        String policy = console.header("Content-Security-Policy");
        assertThat(directives(policy))
                .containsEntry("script-src", "'self'")
                .containsEntry("style-src", "'self'")
                .containsEntry("default-src", "'none'")
                .containsEntry("frame-ancestors", "'none'");
        assertThat(policy).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(api.get("/console/app.js").header("Content-Security-Policy")).isEqualTo(policy);
        assertThat(api.get("/api/auth/me").header("Content-Security-Policy")).isEqualTo(policy);

        ApiClient.Response swagger = api.get("/swagger-ui/index.html");
        assertThat(swagger.status()).isEqualTo(200);
        assertThat(directives(swagger.header("Content-Security-Policy")))
                .containsEntry("script-src", "'self'")
                .containsEntry("style-src", "'self' 'unsafe-inline'");
    }

    private static void assertSessionInCookie(ApiClient.Response response) {
        JsonNode body = response.json();
        assertThat(body.path("accessToken").asString()).isNotBlank();
        assertThat(body.has("refreshToken")).as("refresh token in the body").isFalse();
        assertThat(body.path("refreshTokenExpiresAt").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain(cookieOf(response));
        assertCookieAttributes(response, THIRTY_DAYS);
        assertThat(response.header("Cache-Control")).contains("no-store");
    }

    private static void assertCookieAttributes(ApiClient.Response response, long maxAge) {
        List<String> cookies = response.raw().headers().allValues("Set-Cookie");
        assertThat(cookies).hasSize(1);
        Map<String, String> attributes = attributes(cookies.get(0));
        assertThat(attributes)
                .containsEntry("path", "/api/auth/refresh")
                .containsKeys("httponly", "secure", "max-age", "expires")
                .containsEntry("samesite", "Strict")
                .doesNotContainKey("domain");
        assertThat(Long.parseLong(attributes.get("max-age"))).isBetween(maxAge - 60, maxAge);
    }

    private static void assertCleared(ApiClient.Response response) {
        List<String> cookies = response.raw().headers().allValues("Set-Cookie");
        assertThat(cookies).hasSize(1);
        assertThat(cookieValue(cookies.get(0))).isEmpty();
        assertThat(attributes(cookies.get(0)))
                .containsEntry("max-age", "0")
                .containsEntry("path", "/api/auth/refresh")
                .containsKeys("httponly", "secure");
    }

    private static String cookieOf(ApiClient.Response response) {
        List<String> cookies = response.raw().headers().allValues("Set-Cookie");
        assertThat(cookies).as("Set-Cookie of %s", response).hasSize(1);
        String value = cookieValue(cookies.get(0));
        assertThat(value).isNotBlank();
        return value;
    }

    private static String cookieValue(String setCookie) {
        Matcher matcher = SET_COOKIE.matcher(setCookie);
        assertThat(matcher.matches()).as(setCookie).isTrue();
        return matcher.group(1);
    }

    /** The cookie's attributes, names in lower case; flags map to an empty value. */
    private static Map<String, String> attributes(String setCookie) {
        Matcher matcher = SET_COOKIE.matcher(setCookie);
        assertThat(matcher.matches()).as(setCookie).isTrue();
        Map<String, String> attributes = new java.util.LinkedHashMap<>();
        for (String part : matcher.group(2).split(";")) {
            String attribute = part.trim();
            if (attribute.isEmpty()) {
                continue;
            }
            int equals = attribute.indexOf('=');
            attributes.put(
                    (equals < 0 ? attribute : attribute.substring(0, equals)).toLowerCase(java.util.Locale.ROOT),
                    equals < 0 ? "" : attribute.substring(equals + 1));
        }
        return attributes;
    }

    private static Map<String, String> directives(String policy) {
        assertThat(policy).isNotBlank();
        Map<String, String> directives = new java.util.LinkedHashMap<>();
        for (String directive : policy.split(";")) {
            String[] parts = directive.trim().split("\\s+", 2);
            directives.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        return directives;
    }

    private ApiClient.Response refreshWithCookie(String cookie, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Cookie";
        all[1] = "caly_refresh=" + cookie;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return api.send("POST", "/api/auth/refresh", null, all);
    }

    private ApiClient.Response login(String email, String... headers) {
        return api.post("/api/auth/login", ApiClient.json(Map.of("email", email, "password", PASSWORD)), headers);
    }

    private void register(String email) {
        ApiClient.Response registered = api.post(
                "/api/auth/register",
                ApiClient.json(Map.of("companyName", "Cookie Jar Traders", "email", email, "password", PASSWORD)));
        assertThat(registered.status()).isEqualTo(202);
    }

    private String verifiedAccount(String name) {
        String email = uniqueEmail(name);
        register(email);
        ApiClient.Response verified =
                api.post("/api/auth/verify-email", ApiClient.json(Map.of("email", email, "code", awaitCode(email, 1))));
        assertThat(verified.status()).isEqualTo(200);
        return email;
    }
}
