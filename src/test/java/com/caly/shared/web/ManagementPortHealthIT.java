package com.caly.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * With a management port of its own, the actuator answers only there (a port the deployment keeps private) and
 * shows its details to whoever reaches it; the platform's probes stay on the main port.
 */
// a context of its own: closed after the class, so its connection pool does not add to the cached ones
@DirtiesContext
@TestPropertySource(properties = "management.server.port=0")
class ManagementPortHealthIT extends IntegrationTest {

    @LocalManagementPort
    int managementPort;

    @Test
    void showsDetailsOnTheManagementPortAndKeepsTheProbesOnTheMainPort() {
        ApiClient management = new ApiClient(managementPort);
        ApiClient.Response health = management.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("components").path("db").path("status").asString())
                .isEqualTo("UP");
        assertThat(health.json()
                        .path("components")
                        .path("diskSpace")
                        .path("details")
                        .has("path"))
                .isTrue();

        assertThat(api.get("/actuator/health").status()).isIn(401, 404);
        assertThat(api.get("/readyz").status()).isEqualTo(200);
        assertThat(api.get("/readyz").json().has("components")).isFalse();
        assertThat(api.get("/livez").status()).isEqualTo(200);
    }
}
