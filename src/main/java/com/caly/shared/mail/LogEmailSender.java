package com.caly.shared.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development stand-in used when no SMTP_HOST is set: the mail goes to the log, clearly marked, so a developer
 * can read the verification code. Production refuses to start without SMTP, so this never runs there.
 */
class LogEmailSender implements EmailSender {

    private static final Logger log = LoggerFactory.getLogger(LogEmailSender.class);

    @Override
    public void send(OutgoingEmail email) {
        log.warn("""

                ===== E-MAIL NOT SENT (no SMTP_HOST set; development only) =====
                To: {}
                Subject: {}

                {}
                ================================================================""", email.to(), email.subject(), email.text());
    }
}
