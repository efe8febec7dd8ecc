package com.caly.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.calls.CallFixtures;
import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

@TestPropertySource(properties = "app.api-keys.requests-per-minute=5")
class ApiKeysIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    ApiKeyUsage usage;

    private TenantFixture.TwoCompanies companies;
    private UUID callOfA;

    @BeforeEach
    void twoCompaniesWithACallEach() {
        companies = new TenantFixture(tenants, passwordEncoder).twoCompanies(api);
        CallFixtures calls = new CallFixtures(jdbc);
        callOfA = calls.call(companies.a().id(), Instant.parse("2026-11-20T05:00:00Z"))
                .insert();
        calls.call(companies.b().id(), Instant.parse("2026-11-20T05:00:00Z")).insert();
    }

    private ApiClient.Response create(TenantFixture.User user, Object body) {
        return api.post("/api/api-keys", ApiClient.json(body), "Authorization", user.bearer());
    }

    private String newKey(TenantFixture.User user, String... scopes) {
        ApiClient.Response created = create(user, Map.of("name", "CRM sync", "scopes", List.of(scopes)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("apiKey").asString();
    }

    @Test
    void aKeyIsShownOnceStoredAsAHashAndReadsOnlyItsCompanysCalls() {
        ApiClient.Response created =
                create(companies.a().admin(), Map.of("name", "CRM sync", "scopes", List.of("calls:read")));
        assertThat(created.status()).isEqualTo(201);
        String key = created.json().path("apiKey").asString();
        String prefix = created.json().path("key").path("prefix").asString();
        assertThat(key).startsWith("caly_" + prefix + "_").hasSizeGreaterThan(50);
        byte[] stored = jdbc.sql("select key_hash from api_keys where prefix = ?")
                .param(prefix)
                .query(byte[].class)
                .single();
        assertThat(stored).isEqualTo(ApiKeys.sha256(key));
        assertThat(jdbc.sql("select count(*) from api_keys where prefix = ? and row_to_json(api_keys)::text like ?")
                        .params(prefix, "%" + key.substring(20) + "%")
                        .query(Long.class)
                        .single())
                .as("the secret is nowhere in the row")
                .isZero();

        JsonNode listed = api.get(
                        "/api/api-keys", "Authorization", companies.a().owner().bearer())
                .json();
        assertThat(listed).hasSize(1);
        assertThat(api.get(
                                "/api/api-keys",
                                "Authorization",
                                companies.b().owner().bearer())
                        .json())
                .as("another company lists none of them")
                .isEmpty();
        assertThat(listed.get(0).path("prefix").asString()).isEqualTo(prefix);
        assertThat(listed.get(0).path("scopes").get(0).asString()).isEqualTo("calls:read");
        assertThat(listed.toString()).doesNotContain(key.substring(20));

        ApiClient.Response viaHeader = api.get("/api/calls", "X-API-Key", key);
        assertThat(viaHeader.status()).isEqualTo(200);
        assertThat(viaHeader.json().path("items")).hasSize(1);
        assertThat(viaHeader.json().path("items").get(0).path("id").asString()).isEqualTo(callOfA.toString());
        assertThat(api.get("/api/calls/" + callOfA, "Authorization", "Bearer " + key)
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/api/escalations", "X-API-Key", key).status()).isEqualTo(200);
    }

    @Test
    void aKeyIsRefusedBeyondItsScopesAndForAnyWrite() {
        String key = newKey(companies.a().owner(), "calls:read");
        ApiClient.Response analytics = api.get("/api/analytics/dashboard", "X-API-Key", key);
        assertThat(analytics.status()).isEqualTo(403);
        assertThat(analytics.problemType()).isEqualTo("insufficient-scope");
        assertThat(analytics.json().path("requiredScope").asString()).isEqualTo("analytics:read");
        assertThat(api.get("/api/recordings/" + callOfA, "X-API-Key", key).status())
                .isEqualTo(403);
        assertThat(api.get("/api/company", "X-API-Key", key).status()).isEqualTo(403);
        assertThat(create(companies.a().owner(), Map.of("name", "x", "scopes", List.of("calls:read")))
                        .status())
                .isEqualTo(201);
        ApiClient.Response write = api.post(
                "/api/api-keys",
                ApiClient.json(Map.of("name", "more", "scopes", List.of("calls:read"))),
                "X-API-Key",
                key);
        assertThat(write.status()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from api_keys where company_id = ?")
                        .param(companies.a().id().value())
                        .query(Long.class)
                        .single())
                .isEqualTo(2);

        String wide = newKey(companies.a().owner(), "analytics:read", "calls:read", "recordings:read", "billing:read");
        assertThat(api.get("/api/analytics/dashboard", "X-API-Key", wide).status())
                .isEqualTo(200);
        assertThat(api.get("/api/billing/usage", "X-API-Key", wide).status()).isEqualTo(200);
        ApiClient.Response recording = api.get("/api/recordings/" + callOfA, "X-API-Key", wide);
        assertThat(recording.status())
                .as("past the scope check: the call has no recording")
                .isEqualTo(404);
        assertThat(recording.problemType()).isNotEqualTo("insufficient-scope");
    }

    @Test
    void unknownTamperedAndRevokedKeysAre401AndOnlyTheOwnersCompanyRevokes() {
        String key = newKey(companies.a().owner(), "calls:read");
        UUID id = jdbc.sql("select id from api_keys where company_id = ?")
                .param(companies.a().id().value())
                .query(UUID.class)
                .single();
        ApiClient.Response unknown = api.get("/api/calls", "X-API-Key", "caly_AAAAAAAAAAAA_" + "b".repeat(40));
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.problemType()).isEqualTo("invalid-api-key");
        String tampered = key.substring(0, key.length() - 1) + (key.endsWith("x") ? "y" : "x");
        assertThat(api.get("/api/calls", "X-API-Key", tampered).status()).isEqualTo(401);
        assertThat(api.get("/api/calls", "X-API-Key", "not-a-key").status()).isEqualTo(401);

        ApiClient.Response foreign = api.send(
                "DELETE",
                "/api/api-keys/" + id,
                "",
                "Authorization",
                companies.b().owner().bearer());
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.problemType()).isEqualTo("api-key-not-found");
        assertThat(api.get("/api/calls", "X-API-Key", key).status()).isEqualTo(200);
        assertThat(api.send(
                                "DELETE",
                                "/api/api-keys/" + id,
                                "",
                                "Authorization",
                                companies.a().member().bearer())
                        .status())
                .isEqualTo(403);

        assertThat(api.send(
                                "DELETE",
                                "/api/api-keys/" + id,
                                "",
                                "Authorization",
                                companies.a().admin().bearer())
                        .status())
                .isEqualTo(204);
        assertThat(api.get("/api/calls", "X-API-Key", key).status()).isEqualTo(401);
        assertThat(api.get(
                                "/api/api-keys",
                                "Authorization",
                                companies.a().owner().bearer())
                        .json()
                        .get(0)
                        .path("revokedAt")
                        .isNull())
                .isFalse();
    }

    @Test
    void creatingAKeyIsForOwnersAndAdminsWithKnownScopes() {
        assertThat(create(companies.a().member(), Map.of("name", "x", "scopes", List.of("calls:read")))
                        .status())
                .isEqualTo(403);
        ApiClient.Response unknownScope =
                create(companies.a().owner(), Map.of("name", "x", "scopes", List.of("calls:write")));
        assertThat(unknownScope.status()).isEqualTo(400);
        assertThat(unknownScope.problemType()).isEqualTo("validation-failed");
        assertThat(create(companies.a().owner(), Map.of("name", " ", "scopes", List.of("calls:read")))
                        .status())
                .isEqualTo(400);
        assertThat(create(companies.a().owner(), Map.of("name", "x", "scopes", List.of()))
                        .status())
                .isEqualTo(400);
        assertThat(create(
                                companies.a().owner(),
                                Map.of("name", "x", "scopes", List.of("calls:read"), "expiresInDays", 0))
                        .status())
                .isEqualTo(400);
        assertThat(jdbc.sql("select count(*) from api_keys where company_id = ?")
                        .param(companies.a().id().value())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void eachKeyHasItsOwnRateAndItsLastUseIsWrittenInBatches() {
        String key = newKey(companies.a().owner(), "calls:read");
        String other = newKey(companies.a().owner(), "calls:read");
        for (int i = 0; i < 5; i++) {
            assertThat(api.get("/api/calls", "X-API-Key", key).status()).isEqualTo(200);
        }
        ApiClient.Response limited = api.get("/api/calls", "X-API-Key", key);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.problemType()).isEqualTo("rate-limited");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
        assertThat(api.get("/api/calls", "X-API-Key", other).status())
                .as("another key is not held back")
                .isEqualTo(200);

        String prefix = key.substring(5, key.indexOf('_', 5));
        assertThat(jdbc.sql("select last_used_at is null from api_keys where prefix = ?")
                        .param(prefix)
                        .query(Boolean.class)
                        .single())
                .as("no database write per request")
                .isTrue();
        JsonNode listed = api.get(
                        "/api/api-keys", "Authorization", companies.a().owner().bearer())
                .json();
        boolean shown = false;
        for (JsonNode each : listed) {
            if (each.path("prefix").asString().equals(prefix)) {
                shown = !each.path("lastUsedAt").isMissingNode()
                        && !each.path("lastUsedAt").isNull();
            }
        }
        assertThat(shown).as("the list shows the last use before it is written").isTrue();
        usage.flush();
        assertThat(jdbc.sql("select last_used_at is not null from api_keys where prefix = ?")
                        .param(prefix)
                        .query(Boolean.class)
                        .single())
                .isTrue();
    }
}
