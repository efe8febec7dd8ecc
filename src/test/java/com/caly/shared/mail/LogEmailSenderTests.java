package com.caly.shared.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class LogEmailSenderTests {

    @Test
    void writesTheMailToTheLogClearlyMarked(CapturedOutput output) {
        new LogEmailSender().send(new OutgoingEmail("dev@example.com", "Hello", "The plain body", "<p>html</p>"));
        assertThat(output.getOut())
                .contains("E-MAIL NOT SENT (no SMTP_HOST set; development only)")
                .contains("To: dev@example.com")
                .contains("Subject: Hello")
                .contains("The plain body");
    }
}
