package com.caly.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegistrationIT extends IntegrationTest {

    private long companies;
    private long users;
    private long verifications;

    @BeforeEach
    void rememberCounts() {
        companies = count("clients");
        users = count("company_users");
        verifications = count("email_verifications");
    }

    private void assertNothingChanged() {
        assertThat(count("clients")).isEqualTo(companies);
        assertThat(count("company_users")).isEqualTo(users);
        assertThat(count("email_verifications")).isEqualTo(verifications);
    }

    private static Map<String, Object> valid() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("companyName", "Valid Co");
        body.put("email", uniqueEmail("valid"));
        body.put("password", "Sturdy-Lantern-Field-93");
        return body;
    }

    @Test
    void rejectsMalformedJson() {
        ApiClient.Response response = api.post("/api/auth/register", "{\"companyName\": \"Acme\", \"email\": ");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problemType()).isEqualTo("malformed-json");
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertNothingChanged();
    }

    @Test
    void rejectsAnEmptyBody() {
        ApiClient.Response response = api.post("/api/auth/register", "");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problemType()).isEqualTo("malformed-json");
        assertNothingChanged();
    }

    @Test
    void namesEveryMissingField() {
        ApiClient.Response response = api.post("/api/auth/register", "{}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problemType()).isEqualTo("validation-failed");
        assertThat(fields(response)).contains("companyName", "email", "password");
        assertNothingChanged();
    }

    @Test
    void rejectsOversizedFields() {
        Map<String, Object> body = valid();
        body.put("companyName", "x".repeat(201));
        body.put("fullName", "y".repeat(201));
        ApiClient.Response response = api.post("/api/auth/register", ApiClient.json(body));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problemType()).isEqualTo("validation-failed");
        assertThat(fields(response)).containsExactlyInAnyOrder("companyName", "fullName");
        assertNothingChanged();
    }

    @Test
    void rejectsAnOversizedPassword() {
        Map<String, Object> body = valid();
        body.put("password", "Aa1-".repeat(300));
        ApiClient.Response response = api.post("/api/auth/register", ApiClient.json(body));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problemType()).isEqualTo("validation-failed");
        assertThat(fields(response)).containsExactly("password");
        assertNothingChanged();
    }

    @Test
    void rejectsInvalidEmails() {
        for (String email : List.of("not-an-email", "a@b", "spaces in@example.com", "@example.com", "a@@example.com")) {
            Map<String, Object> body = valid();
            body.put("email", email);
            ApiClient.Response response = api.post("/api/auth/register", ApiClient.json(body));
            assertThat(response.status()).as(email).isEqualTo(400);
            assertThat(response.problemType()).as(email).isEqualTo("validation-failed");
            assertThat(fields(response)).as(email).containsOnly("email");
        }
        assertNothingChanged();
    }

    @Test
    void rejectsWeakPasswords() {
        Map<String, String> weak = Map.of(
                "short1A!", "at least 10 characters",
                "password123", "too common",
                "Password2024!", "too common",
                "qwertyuiop", "too common",
                "aaaaaaaaaaaa", "too few different characters");
        weak.forEach((password, reason) -> {
            Map<String, Object> body = valid();
            body.put("password", password);
            ApiClient.Response response = api.post("/api/auth/register", ApiClient.json(body));
            assertThat(response.status()).as(password).isEqualTo(400);
            assertThat(response.problemType()).as(password).isEqualTo("weak-password");
            assertThat(response.json().path("detail").asString()).as(password).contains(reason);
            assertThat(response.body()).as(password).doesNotContain(password);
        });
        assertNothingChanged();
    }

    @Test
    void rejectsAPasswordThatContainsTheEmail() {
        Map<String, Object> body = valid();
        body.put("email", "ravishankar@example.com");
        body.put("password", "ravishankar-9081");
        ApiClient.Response response = api.post("/api/auth/register", ApiClient.json(body));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problemType()).isEqualTo("weak-password");
        assertNothingChanged();
    }

    @Test
    void answersAnExistingAddressLikeANewOneWithoutCreatingAnything() {
        Map<String, Object> first = valid();
        String email = (String) first.get("email");
        ApiClient.Response created = api.post("/api/auth/register", ApiClient.json(first));
        assertThat(created.status()).isEqualTo(202);
        String code = awaitCode(email, 1);
        assertThat(api.post("/api/auth/verify-email", ApiClient.json(Map.of("email", email, "code", code)))
                        .status())
                .isEqualTo(200);
        long companiesAfterFirst = count("clients");
        long codesAfterFirst = count("email_verifications");

        Map<String, Object> second = valid();
        second.put("email", email.toUpperCase());
        second.put("companyName", "Imposter Ltd");
        ApiClient.Response again = api.post("/api/auth/register", ApiClient.json(second));

        assertThat(again.status()).isEqualTo(created.status());
        assertThat(again.json().path("message").asString())
                .isEqualTo(created.json().path("message").asString());
        assertThat(count("clients")).isEqualTo(companiesAfterFirst);
        assertThat(count("email_verifications")).isEqualTo(codesAfterFirst);
        assertThat(codesSentTo(email)).hasSize(1);
    }

    @Test
    void normalisesTheEmailAddress() {
        Map<String, Object> body = valid();
        String email = (String) body.get("email");
        body.put("email", "  " + email.toUpperCase() + " ");
        assertThat(api.post("/api/auth/register", ApiClient.json(body)).status())
                .isEqualTo(202);
        assertThat(jdbc.sql("select count(*) from company_users where email = ?")
                        .param(email)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    static List<String> fields(ApiClient.Response response) {
        List<String> fields = new java.util.ArrayList<>();
        response.json()
                .path("errors")
                .forEach(error -> fields.add(error.path("field").asString()));
        return fields;
    }
}
