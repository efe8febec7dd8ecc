package com.caly.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

class LoginIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    private TenantFixture.Company company;

    @BeforeEach
    void company() {
        company = new TenantFixture(tenants, passwordEncoder).company(api.from(randomIp()), "Login Co");
    }

    private ApiClient.Response login(ApiClient client, String email, String password) {
        return client.post("/api/auth/login", AuthJourneyIT.credentials(email, password));
    }

    @Test
    void doesNotRevealWhetherAnAddressIsRegistered() {
        ApiClient.Response wrongPassword = login(api, company.owner().email(), "Wrong-Password-000");
        ApiClient.Response unknown = login(api, uniqueEmail("unknown"), "Wrong-Password-000");

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrongPassword.problemType()).isEqualTo("invalid-credentials");
        assertThat(unknown.problemType()).isEqualTo("invalid-credentials");
        assertThat(wrongPassword.json().path("detail").asString())
                .isEqualTo(unknown.json().path("detail").asString());
    }

    @Test
    void throttlesAFloodFromOneAddress() {
        ApiClient flood = api.from(randomIp());
        int allowed = 20;
        for (int i = 0; i < allowed; i++) {
            assertThat(login(flood, uniqueEmail("flood"), "Wrong-Password-000").status())
                    .isEqualTo(401);
        }

        java.sql.Timestamp lastLogin = lastLogin();

        ApiClient.Response blocked = login(flood, company.owner().email(), TenantFixture.PASSWORD);

        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.problemType()).isEqualTo("too-many-login-attempts");
        assertThat(Integer.parseInt(blocked.header("Retry-After"))).isBetween(1, 300);
        assertThat(lastLogin()).isEqualTo(lastLogin);
        // Another address is not affected.
        assertThat(login(api.from(randomIp()), company.owner().email(), TenantFixture.PASSWORD)
                        .status())
                .isEqualTo(200);
    }

    private java.sql.Timestamp lastLogin() {
        return jdbc.sql("select last_login_at from company_users where id = ?")
                .param(company.owner().id().value())
                .query(java.sql.Timestamp.class)
                .single();
    }

    @Test
    void locksAnAccountAfterRepeatedFailuresFromAnyAddress() {
        String email = company.admin().email();
        for (int i = 0; i < 5; i++) {
            assertThat(login(api.from(randomIp()), email, "Wrong-Password-000").status())
                    .isEqualTo(401);
        }

        ApiClient.Response locked = login(api.from(randomIp()), email, TenantFixture.PASSWORD);

        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.problemType()).isEqualTo("too-many-login-attempts");
        assertThat(locked.header("Retry-After")).isNotNull();
        // An unknown address is limited the same way, so the limit tells nothing either.
        String unknown = uniqueEmail("ghost");
        for (int i = 0; i < 5; i++) {
            login(api.from(randomIp()), unknown, "Wrong-Password-000");
        }
        assertThat(login(api.from(randomIp()), unknown, "Wrong-Password-000").status())
                .isEqualTo(429);
    }

    @Test
    void rejectsMalformedInput() {
        assertThat(api.post("/api/auth/login", "{\"email\":").problemType()).isEqualTo("malformed-json");
        ApiClient.Response invalid = api.post("/api/auth/login", "{\"email\":\"nope\",\"password\":\"\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(RegistrationIT.fields(invalid)).containsExactlyInAnyOrder("email", "password");
    }
}
