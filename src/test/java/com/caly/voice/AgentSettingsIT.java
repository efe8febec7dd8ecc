package com.caly.voice;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

class AgentSettingsIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    AgentSettingsService settings;

    private TenantFixture.TwoCompanies companies;

    @BeforeEach
    void twoCompanies() {
        companies = new TenantFixture(tenants, passwordEncoder).twoCompanies(api);
    }

    private static Map<String, Object> valid() {
        Map<String, Object> body = new HashMap<>();
        body.put("instructions", "You answer for Kirana Mart.");
        body.put("greeting", "Namaste, Kirana Mart here. How can I help?");
        body.put("voice", "cedar");
        body.put("languages", List.of("hi", "en"));
        body.put("model", "gpt-realtime");
        body.put(
                "turnDetection",
                Map.of(
                        "type",
                        "semantic_vad",
                        "threshold",
                        0.6,
                        "prefixPaddingMs",
                        200,
                        "silenceDurationMs",
                        400,
                        "eagerness",
                        "high"));
        body.put("maxCallSeconds", 900);
        body.put(
                "handoffRules",
                Map.of("onRequest", true, "topics", List.of("legal notices"), "afterFailedAttempts", 1));
        body.put("businessFacts", "Open 9 to 9. Returns within 7 days.");
        body.put("enabledTools", List.of("lookup_order", "escalate_to_human"));
        body.put("orderStatusUrl", "https://orders.kirana.example/status");
        body.put("orderStatusSecret", "s3cret-for-hmac-signing");
        body.put("backchannels", Map.of("hi", List.of("Haan", "accha", "haan")));
        body.put("interruptions", interruptions("talk_through", 1_200, 150));
        return body;
    }

    private static Map<String, Object> interruptions(String mode, int resumeAfterMs, int echoGuardMs) {
        return Map.of("mode", mode, "resumeAfterMs", resumeAfterMs, "echoGuardMs", echoGuardMs);
    }

    private ApiClient.Response put(TenantFixture.User user, Map<String, Object> body) {
        return api.put("/api/agent", ApiClient.json(body), "Authorization", user.bearer());
    }

    @Test
    void answersDefaultsThatWorkUntilTheCompanyChangesThem() {
        JsonNode agent = api.get(
                        "/api/agent", "Authorization", companies.a().owner().bearer())
                .json();
        assertThat(agent.path("voice").asString()).isEqualTo("marin");
        assertThat(agent.path("model").asString()).isEqualTo("gpt-realtime");
        assertThat(agent.path("languages").toString()).isEqualTo("[\"en\",\"hi\"]");
        assertThat(agent.path("enabledTools").size()).isEqualTo(4);
        assertThat(agent.path("turnDetection").path("type").asString()).isEqualTo("server_vad");
        assertThat(agent.path("greeting").asString()).isNotBlank();
        assertThat(agent.path("backchannels").path("hi").toString()).contains("haan");
        assertThat(agent.path("orderStatusSecretSet").asBoolean()).isFalse();
        assertThat(agent.path("interruptions").toString())
                .isEqualTo("{\"mode\":\"pause_resume\",\"resumeAfterMs\":700,\"echoGuardMs\":200}");
    }

    @Test
    void aCompanyThatSavedItsAgentBeforeInterruptionsWereSettingsGetsTheDefaultOnes() {
        // a row as the service wrote it before V022, which adds the column with its default
        jdbc.sql("""
                        insert into agent_configs (company_id, voice, turn_detection, handoff_rules)
                        values (?, 'ash', cast(? as jsonb), cast(? as jsonb))""")
                .params(
                        companies.a().id().value(),
                        "{\"type\":\"server_vad\",\"threshold\":0.5,\"prefixPaddingMs\":300,"
                                + "\"silenceDurationMs\":500,\"eagerness\":\"auto\"}",
                        "{\"onRequest\":true,\"topics\":[],\"afterFailedAttempts\":2}")
                .update();
        JsonNode agent = api.get(
                        "/api/agent", "Authorization", companies.a().owner().bearer())
                .json();
        assertThat(agent.path("voice").asString()).isEqualTo("ash");
        assertThat(agent.path("interruptions").toString())
                .isEqualTo("{\"mode\":\"pause_resume\",\"resumeAfterMs\":700,\"echoGuardMs\":200}");
    }

    @Test
    void storesHowTheAgentTakesInterruptionsWithinTheirRanges() {
        JsonNode saved = put(companies.a().owner(), valid()).json();
        assertThat(saved.path("interruptions").toString())
                .isEqualTo("{\"mode\":\"talk_through\",\"resumeAfterMs\":1200,\"echoGuardMs\":150}");
        assertThat(api.get("/api/agent", "Authorization", companies.a().admin().bearer())
                        .json()
                        .path("interruptions")
                        .toString())
                .as("read back")
                .isEqualTo("{\"mode\":\"talk_through\",\"resumeAfterMs\":1200,\"echoGuardMs\":150}");

        for (Map<String, Object> edge : List.of(
                interruptions("immediate", 200, 0),
                interruptions("pause_resume", 3_000, 1_000),
                interruptions("talk_through", 700, 300))) {
            Map<String, Object> body = valid();
            body.put("interruptions", edge);
            ApiClient.Response response = put(companies.a().owner(), body);
            assertThat(response.status()).as(edge.toString()).isEqualTo(200);
            assertThat(ApiClient.JSON.convertValue(response.json().path("interruptions"), Map.class))
                    .isEqualTo(edge);
        }

        assertThat(api.get("/api/agent", "Authorization", companies.b().owner().bearer())
                        .json()
                        .path("interruptions")
                        .path("mode")
                        .asString())
                .as("the other company's agent is untouched")
                .isEqualTo("pause_resume");
    }

    @Test
    void refusesEachBadInterruptionSettingByNameAndChangesNothing() {
        put(companies.a().owner(), valid());
        List<Map.Entry<String, Map<String, Object>>> wrong = List.of(
                Map.entry("interruptions.mode", interruptions("barge_in", 700, 300)),
                Map.entry("interruptions.resumeAfterMs", interruptions("pause_resume", 199, 300)),
                Map.entry("interruptions.resumeAfterMs", interruptions("pause_resume", 3_001, 300)),
                Map.entry("interruptions.echoGuardMs", interruptions("pause_resume", 700, -1)),
                Map.entry("interruptions.echoGuardMs", interruptions("pause_resume", 700, 1_001)));
        for (Map.Entry<String, Map<String, Object>> bad : wrong) {
            Map<String, Object> body = valid();
            body.put("interruptions", bad.getValue());
            ApiClient.Response refused = put(companies.a().owner(), body);
            assertThat(refused.status()).as(bad.getValue().toString()).isEqualTo(400);
            assertThat(refused.problemType()).isEqualTo("invalid-agent-settings");
            assertThat(refused.json().path("field").asString()).isEqualTo(bad.getKey());
            assertThat(refused.json().path("errors").get(0).path("field").asString())
                    .as("listed as validation-failed lists its fields")
                    .isEqualTo(bad.getKey());
        }
        Map<String, Object> missing = valid();
        missing.remove("interruptions");
        ApiClient.Response withoutThem = put(companies.a().owner(), missing);
        assertThat(withoutThem.problemType()).as("a PUT replaces every setting").isEqualTo("validation-failed");
        assertThat(withoutThem.json().path("errors").get(0).path("field").asString())
                .isEqualTo("interruptions");
        Map<String, Object> noMode = valid();
        noMode.put("interruptions", Map.of("resumeAfterMs", 700, "echoGuardMs", 300));
        ApiClient.Response withoutMode = put(companies.a().owner(), noMode);
        assertThat(withoutMode.problemType()).isEqualTo("validation-failed");
        assertThat(withoutMode.json().path("errors").get(0).path("field").asString())
                .isEqualTo("interruptions.mode");

        JsonNode agent = api.get(
                        "/api/agent", "Authorization", companies.a().owner().bearer())
                .json();
        assertThat(agent.path("version").asInt()).isEqualTo(1);
        assertThat(agent.path("interruptions").toString())
                .isEqualTo("{\"mode\":\"talk_through\",\"resumeAfterMs\":1200,\"echoGuardMs\":150}");
    }

    @Test
    void storesValidatedSettingsAndTheSecretSealedNeverToBeReadBack() {
        ApiClient.Response saved = put(companies.a().admin(), valid());
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.body()).doesNotContain("s3cret-for-hmac-signing");
        JsonNode agent = saved.json();
        assertThat(agent.path("voice").asString()).isEqualTo("cedar");
        assertThat(agent.path("turnDetection").path("eagerness").asString()).isEqualTo("high");
        assertThat(agent.path("orderStatusSecretSet").asBoolean()).isTrue();
        assertThat(agent.path("backchannels").path("hi").toString()).isEqualTo("[\"haan\",\"accha\"]");
        assertThat(agent.path("version").asInt()).isEqualTo(1);

        byte[] stored = jdbc.sql("select order_status_secret_enc from agent_configs where company_id = ?")
                .param(companies.a().id().value())
                .query(byte[].class)
                .single();
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("s3cret");
        assertThat(settings.orderStatusSecret(companies.a().id())).contains("s3cret-for-hmac-signing");

        Map<String, Object> again = valid();
        again.remove("orderStatusSecret");
        assertThat(put(companies.a().owner(), again)
                        .json()
                        .path("orderStatusSecretSet")
                        .asBoolean())
                .as("a PUT without the secret keeps it")
                .isTrue();
        again.put("orderStatusSecret", "");
        JsonNode cleared = put(companies.a().owner(), again).json();
        assertThat(cleared.path("orderStatusSecretSet").asBoolean()).isFalse();
        assertThat(cleared.path("version").asInt()).isEqualTo(3);

        assertThat(api.get("/api/agent", "Authorization", companies.b().owner().bearer())
                        .json()
                        .path("voice")
                        .asString())
                .as("the other company's agent is untouched")
                .isEqualTo("marin");
    }

    @Test
    void listsTheValuesEachChoiceAccepts() {
        ApiClient.Response options = api.get(
                "/api/agent/options", "Authorization", companies.a().member().bearer());
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.json().path("voices").valueStream().map(v -> v.asString()))
                .containsExactlyElementsOf(AgentSettings.VOICES);
        assertThat(options.json().path("interruptionModes").valueStream().map(v -> v.asString()))
                .containsExactly("pause_resume", "talk_through", "immediate");
        Map<String, Object> body = valid();
        body.put("voice", options.json().path("voices").get(0).asString());
        body.put("enabledTools", List.of(options.json().path("tools").get(0).asString()));
        assertThat(put(companies.a().owner(), body).status())
                .as("a value the options list is accepted")
                .isEqualTo(200);
        assertThat(api.get("/api/agent/options").status()).isEqualTo(401);
    }

    @Test
    void onlyOwnersAndAdminsSeeOrChangeTheAgent() {
        assertThat(api.get("/api/agent", "Authorization", companies.a().member().bearer())
                        .status())
                .isEqualTo(403);
        assertThat(put(companies.a().member(), valid()).status()).isEqualTo(403);
        assertThat(api.get("/api/agent").status()).isEqualTo(401);
    }

    @Test
    void refusesEachBadSettingByNameAndChangesNothing() {
        put(companies.a().owner(), valid());
        Map<String, Object> wrong = new HashMap<>();
        wrong.put("voice", "robot");
        wrong.put("languages", List.of("xx"));
        wrong.put("model", "GPT Realtime!");
        wrong.put("enabledTools", List.of("transfer_money"));
        wrong.put("orderStatusUrl", "ftp://orders.example/status");
        wrong.put("backchannels", Map.of("klingon", List.of("qapla")));
        for (Map.Entry<String, Object> bad : wrong.entrySet()) {
            Map<String, Object> body = valid();
            body.put(bad.getKey(), bad.getValue());
            ApiClient.Response refused = put(companies.a().owner(), body);
            assertThat(refused.status()).as(bad.getKey()).isEqualTo(400);
            assertThat(refused.problemType()).isEqualTo("invalid-agent-settings");
            assertThat(refused.json().path("field").asString()).isEqualTo(bad.getKey());
        }
        Map<String, Object> threshold = valid();
        threshold.put(
                "turnDetection",
                Map.of(
                        "type",
                        "server_vad",
                        "threshold",
                        1.5,
                        "prefixPaddingMs",
                        300,
                        "silenceDurationMs",
                        500,
                        "eagerness",
                        "auto"));
        assertThat(put(companies.a().owner(), threshold).json().path("field").asString())
                .isEqualTo("turnDetection.threshold");
        Map<String, Object> missing = valid();
        missing.remove("greeting");
        assertThat(put(companies.a().owner(), missing).problemType()).isEqualTo("validation-failed");
        Map<String, Object> tooLong = valid();
        tooLong.put("maxCallSeconds", 7_200);
        assertThat(put(companies.a().owner(), tooLong).problemType()).isEqualTo("validation-failed");

        JsonNode agent = api.get(
                        "/api/agent", "Authorization", companies.a().owner().bearer())
                .json();
        assertThat(agent.path("version").asInt()).isEqualTo(1);
        assertThat(agent.path("voice").asString()).isEqualTo("cedar");
    }
}
