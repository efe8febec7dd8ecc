package com.caly.auth;

import com.caly.shared.mail.OutgoingEmail;
import java.time.Duration;
import org.springframework.web.util.HtmlUtils;

/** The e-mail that carries a verification code. */
final class VerificationEmail {

    private VerificationEmail() {}

    static OutgoingEmail of(String to, String code, Duration validFor) {
        long minutes = Math.max(1, validFor.toMinutes());
        String subject = code + " is your Caly verification code";
        String text = """
                Your Caly verification code is:

                    %s

                It is valid for %d minutes. If you did not ask for it, you can ignore this e-mail.
                """.formatted(code, minutes);
        String html = """
                <!doctype html>
                <html><body style="font-family:Arial,sans-serif;color:#222">
                <p>Your Caly verification code is:</p>
                <p style="font-size:28px;font-weight:bold;letter-spacing:4px">%s</p>
                <p>It is valid for %d minutes. If you did not ask for it, you can ignore this e-mail.</p>
                </body></html>
                """.formatted(HtmlUtils.htmlEscape(code), minutes);
        return new OutgoingEmail(to, subject, text, html);
    }
}
