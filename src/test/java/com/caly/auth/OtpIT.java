package com.caly.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtpIT extends IntegrationTest {

    private static final String PASSWORD = "Copper-Kettle-Morning-58";

    private String register() {
        String email = uniqueEmail("otp");
        ApiClient.Response response = api.post(
                "/api/auth/register",
                ApiClient.json(Map.of("companyName", "OTP Co", "email", email, "password", PASSWORD)));
        assertThat(response.status()).isEqualTo(202);
        return email;
    }

    private ApiClient.Response verify(String email, String code) {
        return api.post("/api/auth/verify-email", ApiClient.json(Map.of("email", email, "code", code)));
    }

    private boolean verified(String email) {
        return jdbc.sql("select email_verified_at is not null from company_users where email = ?")
                .param(email)
                .query(Boolean.class)
                .single();
    }

    private static String wrong(String code) {
        return "%06d".formatted((Integer.parseInt(code) + 1) % 1_000_000);
    }

    @Test
    void locksTheCodeAfterFiveWrongTriesEvenForTheRightCode() {
        String email = register();
        String code = awaitCode(email, 1);

        for (int attempt = 1; attempt <= 5; attempt++) {
            ApiClient.Response response = verify(email, wrong(code));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.problemType()).isEqualTo("invalid-otp");
            assertThat(response.json().path("attemptsRemaining").asInt()).isEqualTo(5 - attempt);
        }
        ApiClient.Response sixth = verify(email, wrong(code));
        assertThat(sixth.status()).isEqualTo(400);
        assertThat(sixth.problemType()).isEqualTo("otp-attempts-exceeded");

        ApiClient.Response right = verify(email, code);
        assertThat(right.problemType()).isEqualTo("otp-attempts-exceeded");
        assertThat(verified(email)).isFalse();
        assertThat(jdbc.sql("select attempts || ':' || outcome from email_verifications where email = ?")
                        .param(email)
                        .query(String.class)
                        .single())
                .isEqualTo("5:locked");
    }

    @Test
    void rejectsAnExpiredCode() {
        String email = register();
        String code = awaitCode(email, 1);
        jdbc.sql(
                        "update email_verifications set sent_at = now() - interval '11 minutes', expires_at = now() - interval '1 minute' where email = ?")
                .param(email)
                .update();

        ApiClient.Response response = verify(email, code);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problemType()).isEqualTo("otp-expired");
        assertThat(verified(email)).isFalse();
        assertThat(jdbc.sql("select outcome from email_verifications where email = ?")
                        .param(email)
                        .query(String.class)
                        .single())
                .isEqualTo("expired");
    }

    @Test
    void limitsResendsAndSaysWhenToRetry() {
        String email = register();
        awaitCode(email, 1);
        long rows = count("email_verifications");

        ApiClient.Response response = api.post("/api/auth/request-otp", ApiClient.json(Map.of("email", email)));

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.problemType()).isEqualTo("otp-resend-limited");
        assertThat(Integer.parseInt(response.header("Retry-After"))).isBetween(1, 60);
        assertThat(count("email_verifications")).isEqualTo(rows);
        assertThat(codesSentTo(email)).hasSize(1);
    }

    @Test
    void limitsCodesPerHour() {
        String email = register();
        awaitCode(email, 1);
        // Four more codes, each sent more than a minute after the last, fill the hour's quota of five.
        for (int n = 2; n <= 5; n++) {
            jdbc.sql(
                            "update email_verifications set sent_at = sent_at - interval '2 minutes', expires_at = expires_at - interval '2 minutes' where email = ?")
                    .param(email)
                    .update();
            assertThat(api.post("/api/auth/request-otp", ApiClient.json(Map.of("email", email)))
                            .status())
                    .isEqualTo(202);
            awaitCode(email, n);
        }
        jdbc.sql(
                        "update email_verifications set sent_at = sent_at - interval '2 minutes', expires_at = expires_at - interval '2 minutes' where email = ?")
                .param(email)
                .update();

        ApiClient.Response sixth = api.post("/api/auth/request-otp", ApiClient.json(Map.of("email", email)));

        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.problemType()).isEqualTo("otp-resend-limited");
        assertThat(Integer.parseInt(sixth.header("Retry-After"))).isGreaterThan(60);
        assertThat(codesSentTo(email)).hasSize(5);
    }

    @Test
    void aNewCodeReplacesTheOldOneAndUnlocksVerification() {
        String email = register();
        String first = awaitCode(email, 1);
        for (int attempt = 0; attempt < 5; attempt++) {
            verify(email, wrong(first));
        }
        jdbc.sql("update email_verifications set sent_at = sent_at - interval '2 minutes' where email = ?")
                .param(email)
                .update();

        assertThat(api.post("/api/auth/request-otp", ApiClient.json(Map.of("email", email)))
                        .status())
                .isEqualTo(202);
        String second = awaitCode(email, 2);

        assertThat(verify(email, first).status()).isEqualTo(400);
        ApiClient.Response ok = verify(email, second);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(verified(email)).isTrue();
        assertThat(jdbc.sql("select string_agg(outcome, ',' order by sent_at) from email_verifications where email = ?")
                        .param(email)
                        .query(String.class)
                        .single())
                .isEqualTo("locked,verified");
    }

    @Test
    void recordsTheRequesterAddress() {
        String email = register();
        awaitCode(email, 1);
        String ip = jdbc.sql("select requester_ip from email_verifications where email = ?")
                .param(email)
                .query(String.class)
                .single();
        assertThat(ip).startsWith("198.51.");
    }

    @Test
    void answersUnknownAddressesLikeKnownOnes() {
        ApiClient.Response response =
                api.post("/api/auth/request-otp", ApiClient.json(Map.of("email", uniqueEmail("nobody"))));
        assertThat(response.status()).isEqualTo(202);

        ApiClient.Response verifyUnknown = verify(uniqueEmail("nobody"), "123456");
        assertThat(verifyUnknown.status()).isEqualTo(400);
        assertThat(verifyUnknown.problemType()).isEqualTo("invalid-otp");
    }

    @Test
    void rejectsACodeThatIsNotSixDigits() {
        String email = register();
        ApiClient.Response response = verify(email, "12ab56");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problemType()).isEqualTo("validation-failed");
        assertThat(jdbc.sql("select attempts from email_verifications where email = ?")
                        .param(email)
                        .query(Integer.class)
                        .single())
                .isZero();
    }
}
