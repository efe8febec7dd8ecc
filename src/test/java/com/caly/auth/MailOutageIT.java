package com.caly.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The mail server is unreachable (nothing listens on its port). */
@TestPropertySource(properties = "spring.mail.port=9")
class MailOutageIT extends IntegrationTest {

    @Test
    void registrationFailsCleanlyAndLeavesNothingBehind() {
        long companies = count("clients");
        long users = count("company_users");
        long codes = count("email_verifications");
        String email = uniqueEmail("outage");

        ApiClient.Response response = api.post(
                "/api/auth/register",
                ApiClient.json(
                        Map.of("companyName", "Outage Co", "email", email, "password", "Granite-Window-Seven-31")));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.problemType()).isEqualTo("email-delivery-failed");
        assertThat(count("clients")).isEqualTo(companies);
        assertThat(count("company_users")).isEqualTo(users);
        assertThat(count("email_verifications")).isEqualTo(codes);
        // Nothing is half-made, so the same sign-up can simply be tried again.
        assertThat(api.post("/api/auth/request-otp", ApiClient.json(Map.of("email", email)))
                        .status())
                .isEqualTo(202);
    }

    @Test
    void healthShowsTheOutageWithoutTakingTheServiceDown() {
        ApiClient.Response health = operatorHealth();
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asString()).isEqualTo("DEGRADED");
        assertThat(health.json().path("components").path("smtp").path("status").asString())
                .isEqualTo("DEGRADED");
        assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
    }

    @Test
    void recordsACodeThatCouldNotBeSentWithoutCountingItAgainstTheLimit() {
        // An account made while mail worked: insert it directly, as if registered before the outage.
        String email = uniqueEmail("resend");
        var owner = jdbc.sql("""
                        with c as (insert into clients (name) values ('Resend Co') returning id)
                        insert into company_users (company_id, email, password_hash, role)
                        select id, ?, 'x', 'owner' from c returning id""").param(email).query(java.util.UUID.class).single();

        ApiClient.Response response = api.post("/api/auth/request-otp", ApiClient.json(Map.of("email", email)));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.problemType()).isEqualTo("email-delivery-failed");
        assertThat(jdbc.sql("select string_agg(outcome, ',') from email_verifications where user_id = ?")
                        .param(owner)
                        .query(String.class)
                        .single())
                .isEqualTo("send_failed");
        // A failed send is not a sent code: trying again is not refused as a too-early resend.
        assertThat(api.post("/api/auth/request-otp", ApiClient.json(Map.of("email", email)))
                        .problemType())
                .isEqualTo("email-delivery-failed");
    }
}
