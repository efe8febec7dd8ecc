package com.caly.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.recordings.RecordingTestAccess;
import com.caly.support.ApiClient;
import com.caly.support.ConsoleBrowser;
import com.caly.support.ConsoleBrowserExtension;
import com.caly.support.FakeMicrophone;
import com.caly.support.IntegrationTest;
import com.caly.voice.fake.FakeBrain;
import com.caly.voice.fake.FakeRealtimeServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A company's first hour in the console, in a real browser: sign-up with the e-mailed code, a number and the
 * Exotel URLs, the agent saved after a refused value, a test call from the browser's (fake) microphone against the
 * fake realtime model, the call's recording played with its transcript following, analytics, an API key created
 * and revoked, and a member invited who signs in with the member's role.
 */
@ExtendWith(ConsoleBrowserExtension.class)
class ConsoleJourneyIT extends IntegrationTest {

    private static final String PASSWORD = "Harbour-Lights-Keep-91";
    private static final String MEMBER_PASSWORD = "Quiet-Orchard-Path-58";

    /**
     * The caller hears the greeting out, asks for the opening hours (a 500 Hz tone to the fake model) and listens;
     * Chromium loops the file.
     */
    static final Path CALLER = Path.of("target", "console-browser", "caller-asks-opening-hours.wav");

    @RegisterExtension
    static final FakeRealtimeServer MODEL = FakeRealtimeServer.onLoopback();

    @DynamicPropertySource
    static void realtime(DynamicPropertyRegistry registry) {
        registry.add("app.voice.api-key", () -> FakeRealtimeServer.API_KEY);
        registry.add("app.voice.base-url", MODEL::baseUrl);
    }

    @Autowired
    ApplicationContext context;

    @BeforeAll
    static void callerAudio() throws IOException {
        int rate = 16_000;
        int lead = rate * 3;
        int tone = rate * 3 / 2;
        int silence = rate * 3;
        ByteBuffer wav = ByteBuffer.allocate(44 + (lead + tone + silence) * 2).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + (lead + tone + silence) * 2);
        wav.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
        wav.putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2);
        wav.putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((lead + tone + silence) * 2);
        for (int i = 0; i < lead; i++) {
            wav.putShort((short) 0);
        }
        for (int i = 0; i < tone; i++) {
            wav.putShort((short) Math.round(12_000 * Math.sin(2 * Math.PI * 500 * i / rate)));
        }
        for (int i = 0; i < silence; i++) {
            wav.putShort((short) 0);
        }
        Files.createDirectories(CALLER.getParent());
        Files.write(CALLER, wav.array());
    }

    @Test
    void aCompanySignsUpSetsUpTriesItsAgentReviewsTheCallAndBringsInItsTeam(
            @FakeMicrophone("target/console-browser/caller-asks-opening-hours.wav") ConsoleBrowser browser,
            ConsoleBrowser colleague) {
        MODEL.reset();
        String email = uniqueEmail("journey-owner");

        // 1. Sign up and verify the e-mailed code
        browser.open("/sign-up");
        WebElement signUp = browser.form("Sign up");
        browser.fill(signUp, "companyName", "Journey Kirana");
        browser.fill(signUp, "fullName", "Asha Rao");
        browser.fill(signUp, "email", email);
        browser.fill(signUp, "password", PASSWORD);
        browser.submit(signUp);
        WebElement verify = browser.form("Verify e-mail");
        browser.fill(verify, "code", awaitCode(email, 1));
        browser.submit(verify);
        browser.waitForScreen("Get started");
        assertThat(step(browser, "number")).isEqualTo("false");

        // 2. Get started: a number, the Exotel URLs of this deployment
        WebElement addNumber = browser.form("Add a number");
        browser.fill(addNumber, "number", "08041234567");
        browser.fill(addNumber, "label", "Support line");
        browser.submit(addNumber);
        browser.waitForVisible(By.xpath("//table//span[normalize-space()='+918041234567']"));
        browser.waitUntil(d -> "true".equals(step(browser, "number")));
        String callStart = browser.waitForVisible(By.cssSelector("#exotel-urls dd[data-url=callStart] code"))
                .getText();
        assertThat(callStart).startsWith(browser.baseUrl() + "/webhooks/exotel/");
        assertThat(browser.driver()
                        .findElement(By.cssSelector("#exotel-urls dd[data-url=voicebotUrl] code"))
                        .getText())
                .startsWith(browser.baseUrl() + "/webhooks/exotel/");
        browser.screenshot("journey-get-started");

        // 3. Agent: a refused value is shown beside its field, then the fixed settings are saved
        browser.open("/agent");
        browser.waitForScreen("Agent");
        WebElement agent = browser.form("Agent settings");
        browser.fill(agent, "greeting", "Namaste, Journey Kirana here. How can I help?");
        browser.fill(agent, "turnDetection.silenceDurationMs", "50");
        browser.expectFailure(400, "/api/agent");
        browser.submit(agent);
        WebElement error = browser.waitForVisible(
                By.cssSelector(".field[data-field='turnDetection.silenceDurationMs'] .field-error"));
        assertThat(error.getText()).contains("100 to 5000");
        assertThat(agent.findElement(By.name("turnDetection.silenceDurationMs")).getAttribute("aria-invalid"))
                .isEqualTo("true");
        browser.fill(agent, "turnDetection.silenceDurationMs", "500");
        browser.submit(agent);
        browser.waitUntil(ExpectedConditions.textToBe(By.id("agent-version"), "Version 1"));
        JsonNode saved =
                api.get("/api/agent", "Authorization", bearer(email, PASSWORD)).json();
        assertThat(saved.path("turnDetection").path("silenceDurationMs").asInt())
                .isEqualTo(500);
        assertThat(saved.path("greeting").asString()).isEqualTo("Namaste, Journey Kirana here. How can I help?");

        // the privacy settings beside them: silencing alone is refused beside its box, with redaction it is saved
        WebElement privacy = browser.form("Privacy settings");
        privacy.findElement(By.name("silenceRecordingSpans")).click();
        browser.expectFailure(400, "/api/company");
        browser.submit(privacy);
        assertThat(browser.waitForVisible(By.cssSelector(".field[data-field=silenceRecordingSpans] .field-error"))
                        .getText())
                .contains("redactTranscripts");
        browser.form("Privacy settings")
                .findElement(By.name("redactTranscripts"))
                .click();
        browser.submit(browser.form("Privacy settings"));
        browser.waitUntil(d -> api.get("/api/company", "Authorization", bearer(email, PASSWORD))
                .json()
                .path("silenceRecordingSpans")
                .asBoolean());

        // 4. A test call from the browser: the agent greets, hears the question and answers, as it is spoken; a
        // colleague watches it on the live screen of another browser
        colleague.open("/sign-in");
        WebElement signIn = colleague.form("Sign in");
        colleague.fill(signIn, "email", email);
        colleague.fill(signIn, "password", PASSWORD);
        colleague.submit(signIn);
        colleague.waitForScreen("Get started");
        colleague.open("/live");
        colleague.waitForScreen("Live calls");
        colleague.waitForVisible(By.id("live-empty"));
        browser.open("/test-call");
        browser.waitForScreen("Test call");
        browser.driver().findElement(By.id("start-call")).click();
        browser.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("call-state"), "Live"));
        browser.waitUntil(d -> transcriptHas(browser, "#live-transcript", "agent", FakeBrain.OPENING_HOURS));
        // the reply heard to its end before hanging up, so that the recording holds nothing the caller did not hear
        browser.waitForVisible(By.cssSelector("#call-state[data-state=listening]"));
        assertThat(transcriptHas(browser, "#live-transcript", "caller", FakeBrain.hear(500)))
                .as("the caller's words as the model heard them")
                .isTrue();
        browser.screenshot("journey-test-call");
        colleague.waitUntil(d -> transcriptHas(colleague, "li.live-call", "agent", FakeBrain.OPENING_HOURS));
        colleague.waitForVisible(By.cssSelector("li.live-call [data-state=talking]"));
        colleague.screenshot("journey-live");
        String live =
                colleague.driver().findElement(By.cssSelector("li.live-call")).getAttribute("data-call-id");
        browser.driver().findElement(By.id("end-call")).click();
        String href = browser.waitForVisible(By.id("test-call-link")).getAttribute("href");
        String callId = href.substring(href.lastIndexOf('/') + 1);
        assertThat(live).as("the call on the live screen").isEqualTo(callId);
        colleague.waitForVisible(By.cssSelector("li.live-call[data-ended=true]"));

        // 5. The call is listed, its recording plays, and the transcript follows playback
        JsonNode call = awaitCompleted(browser, email, callId);
        assertThat(call.path("channel").asString()).isEqualTo("web");
        RecordingTestAccess.drainUploads(context);
        browser.open("/calls");
        browser.waitForScreen("Calls");
        browser.waitForVisible(By.cssSelector("a.call-link[data-call-id='" + callId + "']"))
                .click();
        browser.waitForRoute("/call/" + callId);
        assertThat(browser.waitForVisible(By.cssSelector("#call-facts dd[data-fact=channel]"))
                        .getText())
                .containsIgnoringCase("web");
        browser.waitForVisible(By.id("recording-player"));
        double duration = browser.waitUntil(d -> {
            Object value = browser.script("const p = document.getElementById('recording-player');"
                    + " return p && Number.isFinite(p.duration) && p.duration > 0 ? p.duration : null;");
            return value == null ? null : ((Number) value).doubleValue();
        });
        Instant answered = Instant.parse(call.path(call.hasNonNull("answeredAt") ? "answeredAt" : "startedAt")
                .asString());
        double callSeconds =
                Duration.between(answered, Instant.parse(call.path("endedAt").asString()))
                                .toMillis()
                        / 1000.0;
        assertThat(call.path("durationSeconds").asDouble()).isCloseTo(callSeconds, within(1.0));
        assertThat(duration).as("the recording's length against the call's").isCloseTo(callSeconds, within(1.0));

        List<WebElement> transcript = browser.driver().findElements(By.cssSelector("#transcript li[data-start-ms]"));
        assertThat(transcript).hasSizeGreaterThanOrEqualTo(3);
        WebElement later = transcript.get(2);
        double laterStart = Long.parseLong(later.getAttribute("data-start-ms")) / 1000.0;
        browser.script("document.getElementById('recording-player').currentTime = arguments[0];", laterStart + 0.2);
        browser.waitUntil(d -> later.getAttribute("class").contains("current"));
        assertThat(later.getAttribute("aria-current")).isEqualTo("true");
        WebElement first = transcript.get(0);
        first.click();
        double firstStart = Long.parseLong(first.getAttribute("data-start-ms")) / 1000.0;
        browser.waitUntil(d -> first.getAttribute("class").contains("current"));
        double at = ((Number) browser.script("return document.getElementById('recording-player').currentTime;"))
                .doubleValue();
        assertThat(at).as("a click on a line seeks there").isCloseTo(firstStart, within(0.5));
        browser.screenshot("journey-call");

        // 6. Analytics shows the call
        browser.waitUntil(d -> {
            browser.open("/analytics");
            browser.waitForScreen("Analytics");
            return "1"
                    .equals(browser.waitForVisible(By.cssSelector("#kpis [data-kpi=calls] .kpi"))
                            .getAttribute("data-value"));
        });
        assertThat(browser.waitForVisible(By.cssSelector("#concurrency dd[data-fact=peak]"))
                        .getText())
                .as("the test call was the company's one live call")
                .startsWith("1 at ");
        browser.screenshot("journey-analytics");

        // 7. An API key: shown once, works, revoked, stops working
        browser.open("/keys");
        browser.waitForScreen("API keys");
        WebElement create = browser.waitForVisible(By.id("create-api-key"));
        browser.fill(create, "name", "CRM sync");
        WebElement callsScope = create.findElement(By.cssSelector("input[name=scopes][value='calls:read']"));
        if (!callsScope.isSelected()) {
            callsScope.click();
        }
        browser.submit(create);
        String key = browser.waitForVisible(By.id("new-api-key")).getText().trim();
        assertThat(api.get("/api/calls", "X-API-Key", key).status()).isEqualTo(200);
        browser.waitForVisible(By.cssSelector("[data-role=revoke-key][data-action=ask]"))
                .click();
        browser.waitForVisible(By.cssSelector("[data-role=revoke-key][data-action=confirm]"))
                .click();
        browser.waitForVisible(By.cssSelector("#api-keys-list tr[data-state=revoked]"));
        assertThat(api.get("/api/calls", "X-API-Key", key).status()).isEqualTo(401);

        // 8. A member invited by e-mail joins with the member's role and is refused an owner's action
        String memberEmail = uniqueEmail("journey-member");
        browser.open("/team");
        browser.waitForScreen("Team");
        WebElement invite = browser.waitForVisible(By.id("invite-form"));
        browser.fill(invite, "email", memberEmail);
        new Select(invite.findElement(By.name("role"))).selectByValue("member");
        browser.submit(invite);
        browser.waitForVisible(By.cssSelector("#team-invitations tr[data-email='" + memberEmail + "']"));
        Matcher link = awaitInvitationLink(memberEmail, 1);
        browser.driver().findElement(By.id("sign-out")).click();
        browser.waitForScreen("Sign in");

        browser.open("/accept-invite?token=" + link.group(2));
        browser.waitForScreen("Join Journey Kirana");
        WebElement accept = browser.form("Accept invitation");
        browser.screenshot("accept-invite");
        browser.fill(accept, "fullName", "Ravi Kumar");
        browser.fill(accept, "password", MEMBER_PASSWORD);
        browser.submit(accept);
        browser.waitForScreen("Get started");
        assertThat(browser.waitForVisible(By.id("who")).getText())
                .contains(memberEmail)
                .endsWith("member");
        browser.open("/team");
        browser.waitForScreen("Team");
        browser.waitForVisible(By.id("team-read-only"));
        assertThat(browser.driver().findElements(By.id("invite-form"))).isEmpty();
        ApiClient.Response refused = api.post(
                "/api/company/invitations",
                ApiClient.json(Map.of("email", uniqueEmail("not-allowed"), "role", "member")),
                "Authorization",
                bearer(memberEmail, MEMBER_PASSWORD));
        assertThat(refused.status()).as("a member may not invite").isEqualTo(403);
    }

    private static String step(ConsoleBrowser browser, String name) {
        return browser.waitForVisible(By.cssSelector("#checklist li[data-step=" + name + "]"))
                .getAttribute("data-done");
    }

    private static boolean transcriptHas(ConsoleBrowser browser, String list, String speaker, String text) {
        return lines(browser, list, speaker).stream().anyMatch(line -> line.contains(text));
    }

    private static List<String> lines(ConsoleBrowser browser, String list, String speaker) {
        return browser.driver().findElements(By.cssSelector(list + " li[data-speaker=" + speaker + "]")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private String bearer(String email, String password) {
        ApiClient.Response login = api.from(randomIp())
                .post("/api/auth/login", ApiClient.json(Map.of("email", email, "password", password)));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return ApiClient.bearer(login.json().path("accessToken").asString());
    }

    /** The call as the API shows it once its stream has ended and the call is complete. */
    private JsonNode awaitCompleted(ConsoleBrowser browser, String email, String callId) {
        String bearer = bearer(email, PASSWORD);
        return browser.waitUntil(d -> {
            JsonNode call = api.get("/api/calls/" + callId, "Authorization", bearer)
                    .json()
                    .path("call");
            return "completed".equals(call.path("status").asString()) ? call : null;
        });
    }

    private static org.assertj.core.data.Offset<Double> within(double value) {
        return org.assertj.core.data.Offset.offset(value);
    }
}
