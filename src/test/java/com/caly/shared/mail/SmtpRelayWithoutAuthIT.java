package com.caly.shared.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TestSmtpRelay;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * SMTP_HOST names a relay that takes mail without authentication and offers no AUTH, and neither SMTP_USER nor
 * SMTP_AUTH is set: Caly must send without trying to log in.
 */
// a context of its own: closed after the class, so its connection pool does not add to the cached ones
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class SmtpRelayWithoutAuthIT extends IntegrationTest {

    private static final Pattern SUBJECT_CODE = Pattern.compile("Subject: (\\d{6}) is your Caly verification code");
    private static final TestSmtpRelay relay = startRelay();

    @DynamicPropertySource
    static void useTheRelay(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", relay::port);
    }

    @AfterAll
    static void stopRelay() throws IOException {
        relay.close();
    }

    @Test
    void deliversTheCodeThroughARelayWithoutAuthWhenNoUserIsSet() {
        assertThat(System.getProperty("SMTP_AUTH"))
                .as("SMTP_AUTH is not set in this run")
                .isNull();
        assertThat(System.getenv("SMTP_AUTH")).isNull();
        assertThat(System.getProperty("SMTP_USER")).isNull();
        String email = uniqueEmail("relay");

        ApiClient.Response registered = register(email);

        assertThat(registered.status()).isEqualTo(202);
        TestSmtpRelay.Message message = lastMessageTo(email);
        assertThat(message.accepted()).isTrue();
        assertThat(relay.commands()).contains("EHLO", "MAIL", "RCPT", "DATA").doesNotContain("AUTH");
        ApiClient.Response verified =
                api.post("/api/auth/verify-email", ApiClient.json(Map.of("email", email, "code", code(message))));
        assertThat(verified.status()).isEqualTo(200);
    }

    @Test
    void logsWhyASendFailedWithoutTheCode(CapturedOutput output) {
        String email = uniqueEmail("reject-relay");

        ApiClient.Response registered = register(email);

        assertThat(registered.status()).isEqualTo(503);
        assertThat(registered.problemType()).isEqualTo("email-delivery-failed");
        TestSmtpRelay.Message refused = lastMessageTo(email);
        assertThat(refused.accepted()).isFalse();
        String code = code(refused);
        assertThat(output.getOut())
                .contains("E-mail to a recipient at example.com could not be sent through 127.0.0.1:" + relay.port())
                .contains("554 5.7.1 Relay policy refuses this recipient")
                .doesNotContain(code)
                .doesNotContain("is your Caly verification code");
    }

    private ApiClient.Response register(String email) {
        return api.post(
                "/api/auth/register",
                ApiClient.json(
                        Map.of("companyName", "Relay Co", "email", email, "password", "Granite-Window-Seven-31")));
    }

    private static TestSmtpRelay.Message lastMessageTo(String email) {
        return relay.messages().stream()
                .filter(message -> message.recipients().contains(email))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("the relay received nothing for " + email));
    }

    private static String code(TestSmtpRelay.Message message) {
        Matcher matcher = SUBJECT_CODE.matcher(message.raw());
        assertThat(matcher.find()).as("the message carries a code").isTrue();
        return matcher.group(1);
    }

    private static TestSmtpRelay startRelay() {
        try {
            return new TestSmtpRelay();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
