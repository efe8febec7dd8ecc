package com.caly.voice;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.calls.CallId;
import com.caly.calls.HandoffDecision;
import com.caly.shared.TenantId;
import com.caly.support.IntegrationTest;
import com.caly.telephony.exotel.ExotelTestLines;
import com.caly.telephony.exotel.ExotelWebhookGuard;
import com.caly.tenants.RedactionSettings;
import com.caly.tenants.TenantService;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The reasons the model gives for a return request and for a hand-off are the caller's words: with the company's
 * redaction on, a card number in them is redacted before the return, the escalation, its brief or the action keep
 * it, and before it becomes the call's end reason; with redaction off they are kept as given.
 */
class ReasonRedactionIT extends IntegrationTest {

    static final String CARD = "4111 1111 1111 1111";

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    ExotelWebhookGuard guard;

    @Autowired
    AgentTools tools;

    @Autowired
    AgentSettingsService settings;

    private ExotelTestLines.Line line;

    @BeforeEach
    void companyWithANumber() {
        line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Reason Co");
    }

    @Test
    void redactsACardNumberInAReturnReasonAndAnEscalationReason() {
        var patched = api.send(
                "PATCH",
                "/api/company",
                "{\"redactTranscripts\": true}",
                "Content-Type",
                "application/json",
                "Authorization",
                line.company().owner().bearer());
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        TenantId company = line.company().id();
        RedactionSettings redaction = tenants.getCompany(company).redaction();
        assertThat(redaction.redactTranscripts()).isTrue();
        CallId call = liveCall();

        AgentTools.Outcome filed = run(
                call,
                "create_return_request",
                "{\"order_id\":\"12345\",\"items\":[\"shoes\"],\"kind\":\"refund\",\"reason\":\"my card " + CARD
                        + " was charged twice\"}",
                redaction);
        assertThat(filed.status()).isEqualTo("ok");
        AgentTools.Outcome handedOff = run(
                call,
                "escalate_to_human",
                "{\"reason\":\"the caller wants to read out card " + CARD + " to a person\",\"urgency\":\"high\"}",
                redaction);
        assertThat(handedOff.effect()).isEqualTo(AgentTools.Effect.HAND_OFF);
        assertThat(handedOff.reason())
                .as("the reason the call's end will carry")
                .isEqualTo("the caller wants to read out card [card] to a person");

        assertThat(run(call, "end_call", "{\"reason\":\"read out card " + CARD + "\"}", redaction)
                        .reason())
                .as("an end's reason, the call's end reason")
                .isEqualTo("read out card [card]");

        assertThat(returnReason(call)).isEqualTo("my card [card] was charged twice");
        assertThat(jdbc.sql("select order_id from returns where call_id = ?")
                        .param(call.value())
                        .query(String.class)
                        .single())
                .as("the order id is no card")
                .isEqualTo("12345");
        assertThat(escalationReason(call)).isEqualTo("the caller wants to read out card [card] to a person");
        assertThat(briefReason(call)).isEqualTo("the caller wants to read out card [card] to a person");
        assertThat(actionArguments(call))
                .hasSize(3)
                .allSatisfy(
                        arguments -> assertThat(arguments).contains("[card]").doesNotContain("4111"));
        String bearer = line.company().member().bearer();
        assertThat(api.get("/api/returns?callId=" + call.value(), "Authorization", bearer)
                        .body())
                .contains("[card]")
                .doesNotContain("4111");
        assertThat(api.get("/api/escalations?callId=" + call.value(), "Authorization", bearer)
                        .body())
                .contains("[card]")
                .doesNotContain("4111");
    }

    @Test
    void withRedactionOffKeepsTheReasonsAsGiven() {
        TenantId company = line.company().id();
        RedactionSettings redaction = tenants.getCompany(company).redaction();
        assertThat(redaction.redactTranscripts()).isFalse();
        CallId call = liveCall();

        run(
                call,
                "create_return_request",
                "{\"order_id\":\"12345\",\"items\":[\"shoes\"],\"kind\":\"refund\",\"reason\":\"my card " + CARD
                        + " was charged twice\"}",
                redaction);
        run(call, "escalate_to_human", "{\"reason\":\"card " + CARD + "\"}", redaction);

        assertThat(returnReason(call)).isEqualTo("my card " + CARD + " was charged twice");
        assertThat(escalationReason(call)).isEqualTo("card " + CARD);
        assertThat(briefReason(call)).isEqualTo("card " + CARD);
    }

    /** A call in progress, from Exotel's call-start. */
    private CallId liveCall() {
        String callSid = ExotelTestLines.newCallSid();
        assertThat(api.get("/webhooks/exotel/call-start?token=" + guard.token() + "&CallSid=" + callSid
                                + "&CallFrom=09845012345&CallTo=" + line.exophone() + "&Direction=incoming")
                        .status())
                .isEqualTo(200);
        return new CallId(jdbc.sql("select id from calls where provider_call_sid = ?")
                .param(callSid)
                .query(UUID.class)
                .single());
    }

    private AgentTools.Outcome run(CallId call, String tool, String arguments, RedactionSettings redaction) {
        TenantId company = line.company().id();
        return tools.run(
                company,
                call,
                "+919845012345",
                settings.settings(company),
                tool,
                arguments,
                HandoffDecision.now(HandoffDecision.TOOL, Clock.systemUTC()),
                redaction);
    }

    private String returnReason(CallId call) {
        return jdbc.sql("select reason from returns where call_id = ?")
                .param(call.value())
                .query(String.class)
                .single();
    }

    private String escalationReason(CallId call) {
        return jdbc.sql("select reason from escalations where call_id = ?")
                .param(call.value())
                .query(String.class)
                .single();
    }

    private String briefReason(CallId call) {
        return jdbc.sql("select brief ->> 'reason' from escalations where call_id = ?")
                .param(call.value())
                .query(String.class)
                .single();
    }

    private java.util.List<String> actionArguments(CallId call) {
        return jdbc.sql("select arguments::text from actions where call_id = ? order by created_at, id")
                .param(call.value())
                .query(String.class)
                .list();
    }
}
