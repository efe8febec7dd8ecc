package com.caly.support;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Base of the HTTP integration tests: the whole application on a random port, against the real PostgreSQL and the
 * in-process SMTP server. Each test uses its own client address and e-mail addresses, so tests do not share
 * rate limits or accounts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

    private static final Pattern INVITATION_LINK = Pattern.compile("(\\S+)/#/accept-invite\\?token=([A-Za-z0-9_-]+)");
    private static final Pattern CODE_IN_SUBJECT = Pattern.compile("^(\\d{6}) is your Caly verification code$");

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    protected ApiClient api;

    @BeforeEach
    void newClientAddress() {
        api = new ApiClient(port).from(randomIp());
    }

    protected static String randomIp() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "198.51." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    protected static String uniqueEmail(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** The health endpoint as an operator sees it: every component with its details. */
    protected ApiClient.Response operatorHealth() {
        return api.get("/actuator/health", "X-Operator-Token", TestEnvironment.OPERATOR_TOKEN);
    }

    protected long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    /** The verification codes e-mailed to the address, oldest first. */
    protected static String[] codesSentTo(String email) {
        return Arrays.stream(TestEnvironment.mail().getReceivedMessages())
                .filter(message -> recipient(message).equalsIgnoreCase(email))
                .map(IntegrationTest::code)
                .toArray(String[]::new);
    }

    /** The e-mails sent to the address, oldest first. */
    protected static java.util.List<MimeMessage> messagesTo(String email) {
        return Arrays.stream(TestEnvironment.mail().getReceivedMessages())
                .filter(message -> recipient(message).equalsIgnoreCase(email))
                .toList();
    }

    /** Waits for the n-th code sent to the address (1-based) and returns it. */
    protected static String awaitCode(String email, int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String[] codes = codesSentTo(email);
            if (codes.length >= n) {
                return codes[n - 1];
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no code number " + n + " was e-mailed to " + email);
    }

    /**
     * Waits for the n-th invitation e-mailed to the address (1-based) and returns its link: group 1 is the console's
     * address, group 2 the token.
     */
    protected static Matcher awaitInvitationLink(String email, int n) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            java.util.List<MimeMessage> messages = messagesTo(email);
            if (messages.size() >= n) {
                String text = plainText(messages.get(n - 1));
                Matcher matcher = INVITATION_LINK.matcher(text);
                if (!matcher.find()) {
                    throw new AssertionError("no invitation link in: " + text);
                }
                return matcher;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no invitation number " + n + " was e-mailed to " + email);
    }

    protected static String plainText(jakarta.mail.Part part) {
        try {
            if (part.isMimeType("text/plain")) {
                return (String) part.getContent();
            }
            if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
                java.util.List<String> texts = new java.util.ArrayList<>();
                for (int i = 0; i < multipart.getCount(); i++) {
                    jakarta.mail.BodyPart body = multipart.getBodyPart(i);
                    texts.add(plainText(body));
                }
                return String.join("\n", texts);
            }
            return "";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String code(MimeMessage message) {
        try {
            Matcher matcher = CODE_IN_SUBJECT.matcher(message.getSubject());
            if (!matcher.matches()) {
                throw new AssertionError("unexpected subject: " + message.getSubject());
            }
            return matcher.group(1);
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
