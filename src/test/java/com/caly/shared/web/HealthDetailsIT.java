package com.caly.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.support.TestEnvironment;
import com.caly.tenants.TenantService;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/** Health tells anyone whether the service is up, and only operators what it runs on. */
class HealthDetailsIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Test
    void anonymousCallersGetTheStatusAlone() {
        for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
            ApiClient.Response health = api.get(path);
            assertThat(health.status()).as(path).isEqualTo(200);
            assertStatusAlone(path, health);
        }
        for (String component : List.of("diskSpace", "recordings", "smtp", "db")) {
            ApiClient.Response health = api.get("/actuator/health/" + component);
            assertThat(health.status()).as(component).isEqualTo(404);
            assertThat(health.body()).as(component).doesNotContain("details").doesNotContain("127.0.0.1");
        }
    }

    @Test
    void aWrongOperatorTokenOrACompanysOwnerGetsTheStatusAlone() {
        assertStatusAlone("wrong token", api.get("/actuator/health", "X-Operator-Token", "not-the-operator-token"));
        TenantFixture.Company company = new TenantFixture(tenants, passwordEncoder).company(api, "Health Co");
        assertStatusAlone(
                "owner's access token",
                api.get("/actuator/health", "Authorization", company.owner().bearer()));
    }

    @Test
    void operatorsSeeEveryComponentWithItsDetails() {
        ApiClient.Response health = operatorHealth();

        assertThat(health.status()).isEqualTo(200);
        JsonNode components = health.json().path("components");
        assertThat(components.path("db").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("diskSpace").path("details").path("path").asString())
                .isNotEmpty();
        assertThat(components.path("smtp").path("details").path("host").asString())
                .isEqualTo("127.0.0.1");
        assertThat(components.path("recordings").path("details").has("storage")).isTrue();
        assertThat(api.get("/actuator/health/recordings", "X-Operator-Token", TestEnvironment.OPERATOR_TOKEN)
                        .json()
                        .path("details")
                        .has("pendingUploads"))
                .isTrue();
    }

    private static void assertStatusAlone(String what, ApiClient.Response health) {
        List<String> fields = new ArrayList<>();
        health.json().propertyNames().forEach(fields::add);
        // the names of the probe groups are no secret
        assertThat(fields).as(what).containsAnyOf("status").isSubsetOf("status", "groups");
        assertThat(health.body())
                .as(what)
                .doesNotContain("127.0.0.1")
                .doesNotContain("path")
                .doesNotContain("smtp")
                .doesNotContain("storage");
    }
}
