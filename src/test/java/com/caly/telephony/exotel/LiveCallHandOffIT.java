package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.tenants.TenantService;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * Handing a live call to a person through {@code POST /api/calls/escalate}: the command to the instance holding the
 * call carries ids only, so no reason can overflow PostgreSQL's 8,000-byte notification; a reason past its limit
 * or holding control characters is refused and the call goes on.
 */
@Import(StandInVoiceAgent.class)
class LiveCallHandOffIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    ExotelWebhookGuard guard;

    @Autowired
    DataSource dataSource;

    private ExotelTestLines.Line line;
    private String callSid;

    @BeforeEach
    void companyWithANumber() {
        line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Hand-off Co");
        callSid = ExotelTestLines.newCallSid();
        StandInVoiceAgent.heard.set(0);
    }

    @Test
    void aHandOffNotifiesIdsOnlyHoweverLongTheReason() throws Exception {
        MediaStreamClient exotel = answer();
        String callId = liveCallId();
        // the longest reason allowed, in characters that take the most bytes: quotes, tabs and Devanagari
        String reason = "\"\t\u0939".repeat(666) + "\u0939\u0939";
        assertThat(reason).hasSize(2_000);

        try (Connection listening = dataSource.getConnection()) {
            try (Statement statement = listening.createStatement()) {
                statement.execute("LISTEN " + LiveCallCommands.CHANNEL);
            }
            ApiClient.Response escalated = escalate(callId, reason);
            assertThat(escalated.status()).as(escalated.toString()).isEqualTo(201);
            assertThat(escalated.json().path("handedOff").asBoolean()).isTrue();

            List<PGNotification> notifications = notifications(listening);
            assertThat(notifications).hasSize(1);
            String payload = notifications.get(0).getParameter();
            JsonNode command = ApiClient.JSON.readTree(payload);
            List<String> keys = new ArrayList<>(command.propertyNames());
            assertThat(keys).containsExactlyInAnyOrder("command", "companyId", "callId", "escalationId");
            assertThat(command.path("callId").asString()).isEqualTo(callId);
            assertThat(command.path("escalationId").asString())
                    .isEqualTo(escalated.json().path("escalationId").asString());
            assertThat(payload.length()).isLessThan(200);
        }
        assertThat(exotel.awaitClose())
                .as("the stream ends so the flow connects a person")
                .isEqualTo(1000);
        assertThat(jdbc.sql("select reason from escalations where call_id = ?::uuid")
                        .param(callId)
                        .query(String.class)
                        .single())
                .as("the reason is kept whole in the escalation")
                .isEqualTo(reason);
    }

    @Test
    void refusesAReasonPastItsLimitOrOfControlCharactersAndTheCallGoesOn() throws Exception {
        MediaStreamClient exotel = answer();
        String callId = liveCallId();

        ApiClient.Response tooLong = escalate(callId, "r".repeat(10_000));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.problemType()).isEqualTo("validation-failed");
        assertThat(tooLong.json().path("errors").get(0).path("field").asString())
                .isEqualTo("reason");

        // escaped in JSON, 2,000 of them made a notification of 12,000 bytes
        ApiClient.Response controls = escalate(callId, "\u0001".repeat(2_000));
        assertThat(controls.status()).as(controls.toString()).isEqualTo(400);
        assertThat(controls.problemType()).isEqualTo("validation-failed");
        assertThat(controls.json().path("errors").get(0).path("field").asString())
                .isEqualTo("reason");

        Thread.sleep(300);
        assertThat(exotel.closed).as("the call is still with the agent").isNotDone();
        assertThat(jdbc.sql("select count(*) from escalations where call_id = ?::uuid")
                        .param(callId)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select coalesce(end_reason, '') || ':' || escalated from calls where id = ?::uuid")
                        .param(callId)
                        .query(String.class)
                        .single())
                .isEqualTo(":false");
        exotel.stop("S1", callSid);
        assertThat(exotel.awaitClose()).isEqualTo(1000);
    }

    private ApiClient.Response escalate(String callId, String reason) {
        return api.post(
                "/api/calls/escalate",
                ApiClient.json(Map.of("callId", callId, "reason", reason)),
                "Authorization",
                line.company().member().bearer());
    }

    private static List<PGNotification> notifications(Connection connection) throws Exception {
        PGConnection postgres = connection.unwrap(PGConnection.class);
        List<PGNotification> received = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (received.isEmpty() && System.nanoTime() < deadline) {
            PGNotification[] batch = postgres.getNotifications(200);
            if (batch != null) {
                received.addAll(List.of(batch));
            }
        }
        return received;
    }

    private String liveCallId() throws InterruptedException {
        return ExotelTestLines.await(
                () -> jdbc.sql("select id::text from calls where provider_call_sid = ?")
                        .param(callSid)
                        .query(String.class)
                        .optional()
                        .orElse(""),
                id -> !id.isEmpty(),
                Duration.ofSeconds(5));
    }

    /** Exotel's side of this test's call: call-start, the stream URL, then connected, start and a frame. */
    private MediaStreamClient answer() throws Exception {
        String query = "CallSid=" + callSid + "&CallFrom=09845012345&CallTo=" + line.exophone() + "&Direction=incoming";
        api.get("/webhooks/exotel/call-start?token=" + guard.token() + "&" + query);
        String url = api.get("/webhooks/exotel/stream-url?token=" + guard.token() + "&" + query)
                .json()
                .path("url")
                .asString();
        MediaStreamClient exotel = MediaStreamClient.connect(url);
        exotel.connected().start("S1", callSid, "+919845012345", line.exophone());
        exotel.media("S1", new byte[320], 0);
        return exotel;
    }
}
