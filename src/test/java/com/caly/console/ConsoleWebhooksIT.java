package com.caly.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ConsoleBrowser;
import com.caly.support.ConsoleBrowserExtension;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The webhooks screen against a real receiver: an owner adds an endpoint on a loopback HTTP server (its origin
 * allowed for this test, as an operator would allow one), copies the secret shown once, sends a test event, sees it
 * delivered with the receiver's 200, opens it and redelivers it. The receiver checks each request's signature with
 * the secret the screen showed.
 */
@ExtendWith(ConsoleBrowserExtension.class)
class ConsoleWebhooksIT extends IntegrationTest {

    /** A request the receiver got: its headers (lower-case names) and raw body. */
    record Received(Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final HttpServer RECEIVER;

    // started before the application context, whose allowed origins name its (random) port
    static {
        try {
            RECEIVER = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RECEIVER.createContext("/hooks/caly", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream()
                    .collect(Collectors.toMap(
                            e -> e.getKey().toLowerCase(Locale.ROOT),
                            e -> String.join(",", e.getValue()),
                            (a, b) -> a));
            RECEIVED.add(new Received(headers, body));
            byte[] answer = "{\"received\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        RECEIVER.setExecutor(Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "webhook-receiver");
            thread.setDaemon(true);
            return thread;
        }));
        RECEIVER.start();
    }

    private static String origin() {
        return "http://127.0.0.1:" + RECEIVER.getAddress().getPort();
    }

    @DynamicPropertySource
    static void receiverIsAllowed(DynamicPropertyRegistry registry) {
        registry.add("app.webhooks.allowed-private-origins", ConsoleWebhooksIT::origin);
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop(0);
    }

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    private TenantFixture.Company company;

    @BeforeEach
    void aCompany() {
        RECEIVED.clear();
        company = new TenantFixture(tenants, passwordEncoder).company(api, "Webhook Weavers");
    }

    @Test
    void anOwnerAddsAnEndpointSendsATestEventAndRedeliversIt(ConsoleBrowser browser) {
        signIn(browser, company.owner());
        browser.open("/webhooks");
        browser.waitForScreen("Webhooks");
        browser.waitForVisible(By.id("webhooks-empty"));

        WebElement form = browser.form("Add a webhook endpoint");
        browser.fill(form, "url", origin() + "/hooks/caly");
        form.findElement(By.cssSelector("input[name=events][value='escalation.created']"))
                .click();
        browser.fill(form, "description", "CRM sync");
        browser.submit(form);

        WebElement shown = browser.waitForVisible(By.id("new-webhook-secret"));
        assertThat(shown.getText()).contains("It will not be shown again");
        String secret = browser.waitForVisible(By.id("new-webhook-secret-value"))
                .getText()
                .trim();
        assertThat(secret).startsWith("whsec_");
        WebElement card = browser.waitForVisible(By.cssSelector("#webhook-endpoints li[data-endpoint-id]"));
        assertThat(card.getText()).contains(origin() + "/hooks/caly", "call.ended", "escalation.created", "CRM sync");
        browser.waitForVisible(By.id("webhook-deliveries-title"));

        card.findElement(By.cssSelector("button[data-role=send-test]")).click();
        browser.waitForVisible(By.cssSelector("#delivery-results tr[data-status=delivered]"));
        assertThat(textOf(browser, "#delivery-results tr[data-status=delivered] .response-status"))
                .isEqualTo("200");
        assertThat(RECEIVED).hasSize(1);
        Received test = RECEIVED.get(0);
        assertThat(test.header("Caly-Event-Type")).isEqualTo("webhook.test");
        assertThat(test.header("Content-Type")).startsWith("application/json");
        assertThat(test.header("Caly-Delivery-Attempt")).isEqualTo("1");
        assertThat(signedWith(secret, test))
                .as("the signature checks with the secret shown")
                .isTrue();
        String eventId = test.header("Caly-Event-Id");
        assertThat(new String(test.body(), StandardCharsets.UTF_8)).contains(eventId);

        clickWhenStable(browser, By.cssSelector("#delivery-results tr[data-status=delivered] a.open-delivery"));
        browser.waitForVisible(By.cssSelector("#delivery-detail section[data-status=delivered]"));
        assertThat(textOf(browser, "#delivery-payload")).contains(eventId, "webhook.test");
        assertThat(browser.waitForVisible(By.cssSelector("#delivery-detail .attempts-table tbody tr"))
                        .getText())
                .contains("200");
        assertThat(browser.route()).contains("delivery=");
        browser.screenshot("webhooks");
        layoutFitsAPhone(browser);

        browser.waitForVisible(By.id("redeliver")).click();
        browser.waitUntil(d -> RECEIVED.size() == 2);
        Received again = RECEIVED.get(1);
        assertThat(again.header("Caly-Event-Id")).isEqualTo(eventId);
        assertThat(signedWith(secret, again)).isTrue();
        browser.waitForVisible(By.cssSelector("#delivery-detail section[data-status=delivered]"));
        browser.waitUntil(d -> d.findElements(By.cssSelector("#delivery-results tr[data-status=pending],"
                                + " #delivery-results tr[data-status=delivering]"))
                        .isEmpty()
                && !d.findElements(By.cssSelector("#delivery-results tr[data-status=delivered]"))
                        .isEmpty());

        // the secret was shown once: a reload shows the endpoint, its deliveries, and no secret
        browser.reload();
        browser.waitForScreen("Webhooks");
        browser.waitForVisible(By.cssSelector("#delivery-detail section[data-status=delivered]"));
        assertThat(browser.driver().findElements(By.id("new-webhook-secret-value")))
                .isEmpty();
    }

    @Test
    void aRefusedUrlIsShownBesideItsField(ConsoleBrowser browser) {
        browser.expectFailure(422, "/api/webhooks");
        signIn(browser, company.admin());
        browser.open("/webhooks");
        browser.waitForScreen("Webhooks");

        WebElement form = browser.form("Add a webhook endpoint");
        // loopback, and not an origin the operator allowed
        browser.fill(form, "url", "http://127.0.0.1:9/hooks");
        browser.submit(form);

        WebElement error = browser.waitForVisible(By.cssSelector("#create-webhook [data-field=url] .field-error"));
        assertThat(error.getText()).isNotBlank();
        assertThat(form.findElement(By.name("url")).getDomAttribute("aria-invalid"))
                .isEqualTo("true");
        assertThat(browser.driver().findElements(By.id("new-webhook-secret-value")))
                .isEmpty();
    }

    @Test
    void aMemberSeesANoteAndTheScreenAsksNothing(ConsoleBrowser browser) {
        signIn(browser, company.member());
        browser.open("/webhooks");
        browser.waitForScreen("Webhooks");

        assertThat(browser.waitForVisible(By.id("webhooks-read-only")).getText())
                .contains("Owners and admins manage webhooks");
        Object asked = browser.script("return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/api/webhooks')).length;");
        assertThat(((Number) asked).intValue()).isZero();
    }

    /** Every control labelled and nothing wider than the phone, with an endpoint, its deliveries and one open. */
    private static void layoutFitsAPhone(ConsoleBrowser browser) {
        browser.phone();
        try {
            Object unlabelled = browser.script("return [...document.querySelectorAll('main input, main select,"
                    + " main textarea')].filter(el => el.type !== 'hidden' && !(el.labels && el.labels.length)"
                    + " && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))"
                    + ".map(el => el.name || el.id || el.outerHTML.slice(0, 80));");
            assertThat((List<?>) unlabelled).as("controls without a label").isEmpty();
            browser.script("document.querySelectorAll('main details').forEach(d => d.open = true);");
            Object wider = browser.script(
                    "return [...document.querySelectorAll('body *')]"
                            + ".filter(el => el.getBoundingClientRect().right > arguments[0] + 1"
                            + " && !el.closest('.table-wrap, .visually-hidden, [hidden]'))"
                            + ".map(el => el.tagName + (el.id ? '#' + el.id : '') + '.' + el.className"
                            + " + ' ' + Math.round(el.getBoundingClientRect().right));",
                    ConsoleBrowser.PHONE.width);
            assertThat((List<?>) wider).as("what is wider than the phone").isEmpty();
            browser.script("document.querySelectorAll('main details').forEach(d => d.open = false);");
        } finally {
            browser.desktop();
        }
    }

    /** The text of what the selector finds, read again if the screen redrew it meanwhile. */
    private static String textOf(ConsoleBrowser browser, String selector) {
        return browser.waitUntil(d -> {
            try {
                return d.findElement(By.cssSelector(selector)).getText().trim();
            } catch (StaleElementReferenceException redrawn) {
                return null;
            }
        });
    }

    private static void clickWhenStable(ConsoleBrowser browser, By locator) {
        browser.waitUntil(d -> {
            try {
                d.findElement(locator).click();
                return true;
            } catch (StaleElementReferenceException redrawn) {
                return false;
            }
        });
    }

    /** Whether a v1 entry of the request's Caly-Signature is the HMAC-SHA256 of "t.body" with the secret. */
    private static boolean signedWith(String secret, Received request) {
        String header = request.header("Caly-Signature");
        assertThat(header).isNotNull();
        String t = Arrays.stream(header.split(","))
                .filter(part -> part.startsWith("t="))
                .map(part -> part.substring(2))
                .findFirst()
                .orElseThrow();
        assertThat(Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(t)))
                .isLessThan(Duration.ofMinutes(5).toSeconds());
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
            expected = mac.doFinal(request.body());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return Arrays.stream(header.split(","))
                .filter(part -> part.startsWith("v1="))
                .anyMatch(part -> MessageDigest.isEqual(HexFormat.of().parseHex(part.substring(3)), expected));
    }

    private static void signIn(ConsoleBrowser browser, TenantFixture.User user) {
        browser.open("/sign-in");
        WebElement form = browser.form("Sign in");
        browser.fill(form, "email", user.email());
        browser.fill(form, "password", TenantFixture.PASSWORD);
        browser.submit(form);
        browser.waitForScreen("Get started");
    }
}
