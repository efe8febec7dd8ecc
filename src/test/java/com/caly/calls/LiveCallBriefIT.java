package com.caly.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.ConsoleBrowser;
import com.caly.support.ConsoleBrowserExtension;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.telephony.exotel.ExotelTestLines;
import com.caly.telephony.exotel.ExotelWebhookGuard;
import com.caly.tenants.TenantService;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * The live list carries an escalated call's hand-off brief, so a console that opens or reconnects after the
 * {@code call.escalated} event still shows it; a call that was not escalated has none, and another company sees
 * neither. The console's live screen, opened after the escalation, shows the brief from the list.
 */
@ExtendWith(ConsoleBrowserExtension.class)
class LiveCallBriefIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    ExotelWebhookGuard guard;

    @Test
    void listsTheBriefOfAnEscalatedLiveCall() {
        ExotelTestLines.Line line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Live Brief Co");
        String escalated = liveCall(line);
        String quiet = liveCall(line);
        String bearer = line.company().member().bearer();

        ApiClient.Response handed = api.post(
                "/api/calls/escalate",
                ApiClient.json(Map.of("callId", escalated, "reason", "wants a refund today", "urgency", "urgent")),
                "Authorization",
                bearer);
        assertThat(handed.status()).as(handed.toString()).isEqualTo(201);
        assertThat(handed.json().path("handedOff").asBoolean()).isTrue();

        JsonNode calls =
                api.get("/api/calls/live", "Authorization", bearer).json().path("calls");
        JsonNode brief = find(calls, escalated).path("brief");
        assertThat(brief.isObject()).as(calls.toString()).isTrue();
        assertThat(brief.path("reason").asString()).isEqualTo("wants a refund today");
        assertThat(brief.path("urgency").asString()).isEqualTo("urgent");
        assertThat(brief.path("intent").asString()).isNotEmpty();
        assertThat(brief.has("summary")).isTrue();
        assertThat(brief.path("actionsTaken").isArray()).isTrue();
        assertThat(brief.path("returnsFiled").isArray()).isTrue();
        assertThat(brief.path("preparedAt").asString()).isNotEmpty();
        JsonNode stored = api.get("/api/escalations?callId=" + escalated, "Authorization", bearer)
                .json()
                .path("items")
                .get(0)
                .path("brief");
        assertThat(brief).as("the brief the escalation keeps").isEqualTo(stored);
        assertThat(find(calls, quiet).has("brief"))
                .as("not escalated: no brief")
                .isFalse();

        ExotelTestLines.Line other = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Other Co");
        assertThat(api.get(
                                "/api/calls/live",
                                "Authorization",
                                other.company().owner().bearer())
                        .json()
                        .path("calls"))
                .isEmpty();
    }

    @Test
    void theLiveScreenOpenedAfterTheEscalationShowsTheBriefFromTheList(ConsoleBrowser browser) {
        ExotelTestLines.Line line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Live Screen Co");
        String escalated = liveCall(line);
        assertThat(api.post(
                                "/api/calls/escalate",
                                ApiClient.json(Map.of("callId", escalated, "reason", "asked for a person")),
                                "Authorization",
                                line.company().member().bearer())
                        .status())
                .isEqualTo(201);

        TenantFixture.User owner = line.company().owner();
        browser.open("/sign-in");
        WebElement form = browser.form("Sign in");
        browser.fill(form, "email", owner.email());
        browser.fill(form, "password", TenantFixture.PASSWORD);
        browser.submit(form);
        browser.waitForScreen("Get started");
        browser.open("/live");
        browser.waitForScreen("Live calls");
        WebElement intent = browser.waitForVisible(By.cssSelector("li.live-call[data-call-id='" + escalated
                + "'] [data-role='handoff-brief'] [data-role='brief-intent']"));
        assertThat(intent.getText()).isNotBlank();
    }

    @Test
    void theOpenApiDocumentDescribesTheBrief() {
        JsonNode schemas = api.get("/v3/api-docs").json().path("components").path("schemas");
        JsonNode liveCall = null;
        for (JsonNode schema : schemas) {
            if (schema.path("properties").has("agentState")) {
                liveCall = schema;
            }
        }
        assertThat(liveCall).as("the live call's schema").isNotNull();
        assertThat(liveCall.path("properties").has("brief")).isTrue();
        assertThat(liveCall.path("required").toString()).doesNotContain("\"brief\"");
    }

    private String liveCall(ExotelTestLines.Line line) {
        String callSid = ExotelTestLines.newCallSid();
        assertThat(api.get("/webhooks/exotel/call-start?token=" + guard.token() + "&CallSid=" + callSid
                                + "&CallFrom=09845012345&CallTo=" + line.exophone() + "&Direction=incoming")
                        .status())
                .isEqualTo(200);
        return jdbc.sql("select id from calls where provider_call_sid = ?")
                .param(callSid)
                .query(UUID.class)
                .single()
                .toString();
    }

    private static JsonNode find(JsonNode calls, String id) {
        for (JsonNode call : calls) {
            if (call.path("id").asString().equals(id)) {
                return call;
            }
        }
        throw new AssertionError("no call " + id + " in " + calls);
    }
}
