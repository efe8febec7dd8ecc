package com.caly.shared.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

class SmtpEmailSender implements EmailSender {

    private static final Logger log = LoggerFactory.getLogger(SmtpEmailSender.class);

    private final JavaMailSender mailSender;
    private final String from;

    SmtpEmailSender(JavaMailSender mailSender, String from) {
        this.mailSender = mailSender;
        this.from = from;
    }

    @Override
    public void send(OutgoingEmail email) {
        try {
            MimeMessage message = mailSender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, true, StandardCharsets.UTF_8.name());
            helper.setFrom(from);
            helper.setTo(email.to());
            helper.setSubject(email.subject());
            helper.setText(email.text(), email.html());
            mailSender.send(message);
        } catch (MailException | MessagingException e) {
            // the subject and body carry the verification code: only the server's and the library's words go to
            // the log, never the message
            log.warn(
                    "E-mail to a recipient at {} could not be sent through {}: {}",
                    domain(email.to()),
                    server(),
                    causes(e));
            throw new EmailDeliveryException(e);
        }
    }

    private String server() {
        if (mailSender instanceof JavaMailSenderImpl smtp) {
            String auth = smtp.getJavaMailProperties().getProperty("mail.smtp.auth", "false");
            return smtp.getHost() + ":" + smtp.getPort() + " (authentication " + ("true".equals(auth) ? "on" : "off")
                    + ")";
        }
        return "the mail server";
    }

    private static String domain(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "(no domain)" : address.substring(at + 1);
    }

    /** Every exception in the chain, including each failed message of a batch, as "Type: message". */
    static String causes(Throwable failure) {
        List<String> parts = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collect(failure, parts, seen);
        return String.join(" <- ", parts);
    }

    private static void collect(Throwable failure, List<String> parts, Set<Throwable> seen) {
        for (Throwable t = failure; t != null && seen.add(t); t = next(t)) {
            // MailSendException's own message repeats its failed messages' exceptions; they follow one by one
            String message = t instanceof MailSendException send
                            && !send.getFailedMessages().isEmpty()
                    ? null
                    : t.getMessage();
            parts.add(t.getClass().getSimpleName() + (message == null ? "" : ": " + message.strip()));
            if (t instanceof MailSendException send) {
                for (Exception each : send.getFailedMessages().values()) {
                    collect(each, parts, seen);
                }
            }
        }
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException messaging && messaging.getNextException() != null) {
            return messaging.getNextException();
        }
        return t.getCause();
    }
}
