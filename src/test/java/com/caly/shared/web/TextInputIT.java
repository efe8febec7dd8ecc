package com.caly.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.calls.CallFixtures;
import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * Control characters in any text the API takes, body or parameter, are a 400 naming the field, and change nothing;
 * so is a number or a boolean sent for a string.
 */
class TextInputIT extends IntegrationTest {

    /** NUL (which PostgreSQL refuses), another C0 control, DEL, a C1 control and an unpaired surrogate. */
    private static final List<String> FORBIDDEN = List.of("\u0000", "\u0007", "\u007F", "\u0085", "\uD800");

    /** A query string is UTF-8: it can carry every one of them but the unpaired surrogate. */
    private static final List<String> FORBIDDEN_IN_QUERIES = FORBIDDEN.subList(0, 4);

    private static final List<String> TABLES = List.of(
            "clients",
            "company_users",
            "phone_numbers",
            "agent_configs",
            "calls",
            "escalations",
            "returns",
            "api_keys",
            "email_verifications",
            "refresh_tokens",
            "webhook_events");

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    private TenantFixture.Company company;
    private UUID finishedCall;
    private UUID escalation;
    private UUID returnRequest;

    /** An endpoint taking a JSON body: the valid body, and where in it the text goes. */
    private record Endpoint(String method, String path, Function<String, Object> body, String field, boolean auth) {}

    @BeforeEach
    void companyWithACall() {
        company = new TenantFixture(tenants, passwordEncoder).company(api, "Text Co");
        CallFixtures fixtures = new CallFixtures(jdbc);
        finishedCall =
                fixtures.call(company.id(), Instant.now().minusSeconds(600)).insert();
        escalation = fixtures.escalation(
                company.id(), finishedCall, "call back", Instant.now().minusSeconds(300));
        returnRequest = fixtures.returnRequest(
                company.id(), finishedCall, "refund", "requested", Instant.now().minusSeconds(200));
    }

    private List<Endpoint> endpoints() {
        List<Endpoint> all = new ArrayList<>();
        for (String field : List.of("instructions", "greeting", "businessFacts", "voice", "model")) {
            all.add(new Endpoint("PUT", "/api/agent", text -> agent(field, "Kirana " + text + " Mart"), field, true));
        }
        all.add(new Endpoint(
                "PUT",
                "/api/agent",
                text -> agent("orderStatusUrl", "https://orders.kirana.example/" + text),
                "orderStatusUrl",
                true));
        all.add(new Endpoint(
                "PUT", "/api/agent", text -> agent("languages", List.of("en", text)), "languages[1]", true));
        all.add(new Endpoint(
                "PUT", "/api/agent", text -> agent("enabledTools", List.of(text)), "enabledTools[0]", true));
        all.add(new Endpoint(
                "PUT",
                "/api/agent",
                text -> agent("backchannels", Map.of("hi", List.of("haan", text))),
                "backchannels.hi[1]",
                true));
        all.add(new Endpoint(
                "PUT",
                "/api/agent",
                text -> agent("backchannels", Map.of("h" + text, List.of("haan"))),
                "backchannels.h\uFFFD",
                true));
        all.add(new Endpoint(
                "PUT",
                "/api/agent",
                text -> agent(
                        "handoffRules",
                        Map.of("onRequest", true, "topics", List.of("legal", text), "afterFailedAttempts", 1)),
                "handoffRules.topics[1]",
                true));
        all.add(new Endpoint(
                "PUT",
                "/api/agent",
                text -> agent(
                        "turnDetection",
                        Map.of(
                                "type",
                                "server_vad" + text,
                                "threshold",
                                0.5,
                                "prefixPaddingMs",
                                300,
                                "silenceDurationMs",
                                500,
                                "eagerness",
                                "auto")),
                "turnDetection.type",
                true));
        all.add(new Endpoint(
                "POST",
                "/api/phone-numbers",
                text -> Map.of("number", "08012345678", "label", "Front " + text),
                "label",
                true));
        all.add(new Endpoint(
                "POST", "/api/phone-numbers", text -> Map.of("number", "0801234" + text + "5678"), "number", true));
        all.add(new Endpoint(
                "POST",
                "/api/calls/escalate",
                text -> Map.of("callId", finishedCall.toString(), "reason", "call back " + text),
                "reason",
                true));
        all.add(new Endpoint(
                "POST",
                "/api/calls/escalate",
                text -> Map.of("callId", finishedCall.toString(), "reason", "call back", "urgency", "high" + text),
                "urgency",
                true));
        all.add(new Endpoint(
                "PATCH",
                "/api/escalations/" + escalation,
                text -> Map.of("status", "resolved", "resolutionNote", "done " + text),
                "resolutionNote",
                true));
        all.add(new Endpoint(
                "PATCH", "/api/returns/" + returnRequest, text -> Map.of("status", "approved" + text), "status", true));
        all.add(new Endpoint(
                "POST",
                "/api/api-keys",
                text -> Map.of("name", "CRM " + text, "scopes", List.of("calls:read")),
                "name",
                true));
        all.add(new Endpoint(
                "POST",
                "/api/api-keys",
                text -> Map.of("name", "CRM", "scopes", List.of("calls:read", text)),
                "scopes[1]",
                true));
        all.add(new Endpoint("PATCH", "/api/company", text -> Map.of("name", "Text " + text + " Co"), "name", true));
        all.add(new Endpoint(
                "PATCH", "/api/company", text -> Map.of("timezone", "Asia/Kolkata" + text), "timezone", true));
        for (String field : List.of("companyName", "fullName", "email", "password")) {
            all.add(new Endpoint("POST", "/api/auth/register", text -> register(field, text), field, false));
        }
        all.add(new Endpoint(
                "POST",
                "/api/auth/login",
                text -> Map.of("email", company.owner().email(), "password", "pass" + text),
                "password",
                false));
        all.add(new Endpoint(
                "POST",
                "/api/auth/verify-email",
                text -> Map.of("email", "a" + text + "@example.com", "code", "123456"),
                "email",
                false));
        all.add(new Endpoint(
                "POST", "/api/auth/request-otp", text -> Map.of("email", "a@example.com" + text), "email", false));
        all.add(new Endpoint(
                "POST",
                "/api/auth/refresh",
                text -> Map.of("refreshToken", company.owner().refreshToken() + text),
                "refreshToken",
                false));
        all.add(new Endpoint(
                "POST",
                "/api/auth/logout",
                text -> Map.of("refreshToken", company.owner().refreshToken() + text),
                "refreshToken",
                true));
        return all;
    }

    private static Map<String, Object> agent(String field, Object value) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instructions", "You answer for Kirana Mart.");
        body.put("greeting", "Namaste, Kirana Mart here.");
        body.put("voice", "cedar");
        body.put("languages", List.of("hi", "en"));
        body.put("model", "gpt-realtime");
        body.put(
                "turnDetection",
                Map.of(
                        "type",
                        "server_vad",
                        "threshold",
                        0.5,
                        "prefixPaddingMs",
                        300,
                        "silenceDurationMs",
                        500,
                        "eagerness",
                        "auto"));
        body.put("maxCallSeconds", 900);
        body.put("handoffRules", Map.of("onRequest", true, "topics", List.of(), "afterFailedAttempts", 2));
        body.put("businessFacts", "Open 9 to 9.\nReturns within 7 days.");
        body.put("enabledTools", List.of("escalate_to_human"));
        body.put("orderStatusUrl", "https://orders.kirana.example/status");
        body.put("backchannels", Map.of("hi", List.of("haan")));
        body.put("interruptions", Map.of("mode", "pause_resume", "resumeAfterMs", 700, "echoGuardMs", 300));
        body.put(field, value);
        return body;
    }

    private static Map<String, Object> register(String field, String text) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("companyName", "Kirana Mart");
        body.put("email", uniqueEmail("kirana"));
        body.put("password", "Sturdy-Lantern-Field-93");
        body.put("fullName", "Asha Rao");
        body.put(field, field.equals("email") ? "kir" + text + "ana@example.com" : body.get(field) + text);
        return body;
    }

    @Test
    void refusesControlCharactersInEveryTextFieldOfEveryBodyAndChangesNothing() {
        Map<String, String> before = fingerprints();
        for (Endpoint endpoint : endpoints()) {
            for (String forbidden : FORBIDDEN) {
                ApiClient.Response response =
                        send(endpoint, json(endpoint.body().apply(forbidden)));
                if (endpoint.field().contains("\uFFFD") && Character.isSurrogate(forbidden.charAt(0))) {
                    // JSON parsers refuse a broken surrogate pair in a property name outright
                    assertThat(response.status()).isEqualTo(400);
                    assertThat(response.problemType()).isEqualTo("malformed-json");
                    continue;
                }
                assertNamesField(response, endpoint, forbidden);
            }
        }
        assertThat(fingerprints()).as("nothing was stored or changed").isEqualTo(before);

        // the same bodies with tabs and line breaks are accepted where the field takes free text
        ApiClient.Response multiLine = send(endpoints().get(0), json(agent("instructions", "line\tone\r\n")));
        assertThat(multiLine.status()).as(multiLine.toString()).isEqualTo(200);
        assertThat(jdbc.sql("select instructions from agent_configs where company_id = ?")
                        .param(company.id().value())
                        .query(String.class)
                        .single())
                .isEqualTo("line\tone\r\n");
    }

    @Test
    void namesAControlCharacterSentUnescapedOrInAFieldTheEndpointIgnores() {
        Map<String, String> before = fingerprints();
        // a raw byte 0x01 inside the JSON string, not its escape sequence
        String raw = "{\"name\":\"Text \u0001 Co\"}";
        ApiClient.Response unescaped =
                api.send("PATCH", "/api/company", raw, "Content-Type", "application/json", "Authorization", owner());
        assertThat(unescaped.status()).as(unescaped.toString()).isEqualTo(400);
        assertThat(fields(unescaped)).containsExactly("name");

        ApiClient.Response ignored = api.send(
                "PATCH",
                "/api/company",
                "{\"name\":\"Fine Co\",\"extra\":{\"notes\":[\"ok\",\"bad\\u0000\"]}}",
                "Content-Type",
                "application/json",
                "Authorization",
                owner());
        assertThat(ignored.status()).as(ignored.toString()).isEqualTo(400);
        assertThat(fields(ignored)).containsExactly("extra.notes[1]");
        assertThat(ignored.json().path("errors").get(0).path("message").asString())
                .isEqualTo("must not contain control characters (U+0000 at character 4)");
        assertThat(fingerprints()).isEqualTo(before);
    }

    @Test
    void refusesControlCharactersInQueryParametersNamingTheParameter() {
        Map<String, String> before = fingerprints();
        List<String[]> queries = List.of(
                new String[] {"/api/calls?q=", "q"},
                new String[] {"/api/calls?outcome=", "outcome"},
                new String[] {"/api/escalations?status=", "status"},
                new String[] {"/api/returns?status=", "status"},
                new String[] {"/api/actions?tool=", "tool"},
                new String[] {"/api/recordings?from=", "from"},
                new String[] {"/api/analytics/dashboard?timezone=", "timezone"},
                new String[] {"/api/billing/usage?month=", "month"},
                new String[] {"/recordings/download?expires=1&signature=x&key=", "key"});
        for (String[] query : queries) {
            for (String forbidden : FORBIDDEN_IN_QUERIES) {
                String value = URLEncoder.encode("refund" + forbidden, StandardCharsets.UTF_8);
                ApiClient.Response response = api.get(query[0] + value, "Authorization", owner());
                assertThat(response.status()).as(query[0] + " " + response).isEqualTo(400);
                assertThat(response.problemType()).isEqualTo("invalid-parameter");
                assertThat(response.json().path("parameter").asString()).isEqualTo(query[1]);
            }
        }
        ApiClient.Response badName = api.get("/api/calls?q%00x=1", "Authorization", owner());
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().path("parameter").asString()).isEqualTo("q\uFFFDx");
        assertThat(fingerprints()).isEqualTo(before);
    }

    @Test
    void refusesANumberOrABooleanWhereAStringIsExpected() {
        Map<String, String> before = fingerprints();
        record Case(String method, String path, String body, String field, boolean auth) {}
        List<Case> cases = List.of(
                new Case("PATCH", "/api/company", "{\"name\":42}", "name", true),
                new Case("PATCH", "/api/company", "{\"timezone\":true}", "timezone", true),
                new Case("POST", "/api/phone-numbers", "{\"number\":8012345678}", "number", true),
                new Case("POST", "/api/phone-numbers", "{\"number\":\"08012345678\",\"label\":1.5}", "label", true),
                new Case("POST", "/api/api-keys", "{\"name\":\"CRM\",\"scopes\":[7]}", "scopes[0]", true),
                new Case(
                        "POST",
                        "/api/calls/escalate",
                        "{\"callId\":\"" + finishedCall + "\",\"reason\":false}",
                        "reason",
                        true),
                new Case(
                        "POST",
                        "/api/auth/register",
                        "{\"companyName\":123,\"email\":\"" + uniqueEmail("n")
                                + "\",\"password\":\"Sturdy-Lantern-Field-93\"}",
                        "companyName",
                        false));
        for (Case c : cases) {
            ApiClient.Response response = api.from(randomIp())
                    .send(
                            c.method(),
                            c.path(),
                            c.body(),
                            c.auth()
                                    ? new String[] {"Content-Type", "application/json", "Authorization", owner()}
                                    : new String[] {"Content-Type", "application/json"});
            assertThat(response.status()).as(c.path() + " " + response).isEqualTo(400);
            assertThat(response.problemType()).isEqualTo("validation-failed");
            assertThat(response.json().path("errors").get(0).path("field").asString())
                    .isEqualTo(c.field());
            assertThat(response.json().path("errors").get(0).path("message").asString())
                    .isEqualTo("must be a string");
        }
        assertThat(fingerprints()).isEqualTo(before);
    }

    /** JSON with an unpaired surrogate written as its escape: as a raw char it could not be sent as UTF-8. */
    private static String json(Object body) {
        return ApiClient.json(body).replace("\uD800", "\\ud800");
    }

    private ApiClient.Response send(Endpoint endpoint, String json) {
        // each request from its own address: the sign-up and sign-in throttles count per address
        ApiClient client = api.from(randomIp());
        return endpoint.auth()
                ? client.send(
                        endpoint.method(),
                        endpoint.path(),
                        json,
                        "Content-Type",
                        "application/json",
                        "Authorization",
                        owner())
                : client.send(endpoint.method(), endpoint.path(), json, "Content-Type", "application/json");
    }

    private static void assertNamesField(ApiClient.Response response, Endpoint endpoint, String forbidden) {
        String what = endpoint.method() + " " + endpoint.path() + " " + endpoint.field() + " with U+"
                + String.format("%04X", (int) forbidden.charAt(0)) + ": " + response;
        assertThat(response.status()).as(what).isEqualTo(400);
        assertThat(response.header("Content-Type")).as(what).startsWith("application/problem+json");
        assertThat(response.problemType()).as(what).isEqualTo("validation-failed");
        assertThat(fields(response)).as(what).containsExactly(endpoint.field());
        assertThat(response.json().path("errors").get(0).path("message").asString())
                .as(what)
                .startsWith(
                        "must not contain control characters (U+" + String.format("%04X", (int) forbidden.charAt(0)));
    }

    private static List<String> fields(ApiClient.Response response) {
        List<String> fields = new ArrayList<>();
        for (JsonNode error : response.json().path("errors")) {
            fields.add(error.path("field").asString());
        }
        return fields;
    }

    private String owner() {
        return company.owner().bearer();
    }

    private Map<String, String> fingerprints() {
        Map<String, String> prints = new LinkedHashMap<>();
        for (String table : TABLES) {
            prints.put(
                    table,
                    jdbc.sql(
                                    "select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from "
                                            + table + " t")
                            .query(String.class)
                            .single());
        }
        return prints;
    }
}
