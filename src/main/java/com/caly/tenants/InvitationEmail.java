package com.caly.tenants;

import com.caly.shared.Role;
import com.caly.shared.mail.OutgoingEmail;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.web.util.HtmlUtils;

/** The e-mail that carries an invitation link. */
final class InvitationEmail {

    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern(
                    "d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private InvitationEmail() {}

    static OutgoingEmail of(String to, String inviter, String companyName, Role role, String link, Instant expiresAt) {
        // names are the members' own text: one line each, so that nothing they type can add a header or a line
        String who = oneLine(inviter);
        String company = oneLine(companyName);
        String as = switch (role) {
            case OWNER -> "an owner";
            case ADMIN -> "an admin";
            case MEMBER -> "a member";
        };
        String until = EXPIRY.format(expiresAt);
        String subject = who + " invited you to join " + company + " on Caly";
        String text = """
                %s invited you to join %s on Caly as %s.

                Choose your password and join here:

                    %s

                The link works once, until %s. If you did not expect this invitation, you can ignore this e-mail.
                """.formatted(who, company, as, link, until);
        String html = """
                <!doctype html>
                <html><body style="font-family:Arial,sans-serif;color:#222">
                <p>%s invited you to join <b>%s</b> on Caly as %s.</p>
                <p><a href="%s">Choose your password and join</a></p>
                <p>The link works once, until %s. If you did not expect this invitation, you can ignore this e-mail.</p>
                </body></html>
                """.formatted(
                HtmlUtils.htmlEscape(who), HtmlUtils.htmlEscape(company), as, HtmlUtils.htmlEscape(link), until);
        return new OutgoingEmail(to, subject, text, html);
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }
}
