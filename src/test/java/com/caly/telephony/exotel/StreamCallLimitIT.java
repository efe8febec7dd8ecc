package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TestEnvironment;
import com.caly.tenants.TenantService;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A company's limit of simultaneous calls holds for media streams as for call-start: a stream on the static URL
 * (or a dynamic URL asked for without a call-start) over the limit is recorded as refused and closed with 1013, and
 * a stream opened anyway for a call call-start refused is closed at once; neither reaches the agent, keeps a
 * recording or is charged.
 */
@Import(StandInVoiceAgent.class)
class StreamCallLimitIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    ExotelWebhookGuard guard;

    private ExotelTestLines.Line line;

    @BeforeEach
    void companyWithALimitOfOne() {
        line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Stream Limit Co");
        ApiClient.Response set = api.put(
                "/internal/companies/" + line.company().id().value() + "/call-limits",
                ApiClient.json(Map.of("maxConcurrentCalls", 1)),
                "X-Operator-Token",
                TestEnvironment.OPERATOR_TOKEN);
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
    }

    @Test
    void aStreamWithoutACallStartOverTheLimitIsRefusedRecordedAsSuchAndNeverCharged() throws Exception {
        String first = ExotelTestLines.newCallSid();
        MediaStreamClient admitted = staticStream().connected().start("S1", first, "+919845012345", line.e164());
        admitted.media("S1", new byte[320], 0);
        assertThat(ExotelTestLines.await(() -> agentBytes(admitted), bytes -> bytes >= 16_000, Duration.ofSeconds(5)))
                .as("the first call is within the limit: the agent answers")
                .isEqualTo(16_000);

        long opened = StandInVoiceAgent.opened.get();
        String overStatic = ExotelTestLines.newCallSid();
        MediaStreamClient refused = staticStream().connected().start("S2", overStatic, "+919845012346", line.e164());
        refused.media("S2", new byte[320], 0);
        assertThat(refused.awaitClose()).as("closed as over the limit").isEqualTo(1013);

        // the dynamic URL asked for without a call-start: its token's stream is held to the limit too
        String overDynamic = ExotelTestLines.newCallSid();
        ApiClient.Response url = api.get("/webhooks/exotel/stream-url?token=" + guard.token() + "&CallSid="
                + overDynamic + "&CallFrom=09845012347&CallTo=" + line.exophone());
        assertThat(url.status()).as(url.toString()).isEqualTo(200);
        MediaStreamClient tokened =
                MediaStreamClient.connect(url.json().path("url").asString());
        tokened.connected().start("S3", overDynamic, "+919845012347", line.e164());
        assertThat(tokened.awaitClose()).isEqualTo(1013);

        assertThat(StandInVoiceAgent.opened.get()).as("no agent for either").isEqualTo(opened);
        for (String sid : new String[] {overStatic, overDynamic}) {
            assertThat(call(sid)).as(sid).isEqualTo("refused/company_limit/unanswered");
        }
        assertThat(api.get(
                                "/api/calls/concurrency",
                                "Authorization",
                                line.company().member().bearer())
                        .json()
                        .path("refusals")
                        .asLong())
                .isEqualTo(2);

        // the admitted call ends and is charged; the refused one's end (a person took it) changes nothing
        admitted.stop("S1", first);
        assertThat(admitted.awaitClose()).isEqualTo(1000);
        assertThat(callEnd(first)).isEqualTo(200);
        assertThat(callEnd(overStatic)).isEqualTo(200);
        BigDecimal charged =
                ExotelTestLines.await(() -> telephonyCharge(first), Objects::nonNull, Duration.ofSeconds(10));
        assertThat(charged).as("the admitted call is charged").isNotNull();
        assertThat(telephonyCharge(overStatic)).as("the refused call is not").isNull();
        assertThat(count("call_charges c join calls k on k.id = c.call_id where k.provider_call_sid in ('" + overStatic
                        + "', '" + overDynamic + "')"))
                .isZero();
        assertThat(call(overStatic)).isEqualTo("refused/company_limit/unanswered");
        assertThat(count("recording_uploads u join calls c on c.id = u.call_id where c.provider_call_sid in ('"
                        + overStatic + "', '" + overDynamic + "')"))
                .as("no recording")
                .isZero();

        // the place is free again
        String next = ExotelTestLines.newCallSid();
        MediaStreamClient again = staticStream().connected().start("S4", next, "+919845012348", line.e164());
        again.media("S4", new byte[320], 0);
        assertThat(ExotelTestLines.await(() -> agentBytes(again), bytes -> bytes >= 16_000, Duration.ofSeconds(5)))
                .isEqualTo(16_000);
        again.stop("S4", next);
        assertThat(again.awaitClose()).isEqualTo(1000);
    }

    @Test
    void aStreamForACallRefusedAtCallStartIsClosedAtOnceAndTheCallStaysRefused() throws Exception {
        String admitted = ExotelTestLines.newCallSid();
        String refusedSid = ExotelTestLines.newCallSid();
        assertThat(callStart(admitted)).isEqualTo(200);
        assertThat(callStart(refusedSid)).as("over the limit").isEqualTo(302);
        String before = row(refusedSid);
        long opened = StandInVoiceAgent.opened.get();
        long callerBytes = StandInVoiceAgent.callerBytes.get();

        MediaStreamClient exotel = staticStream().connected().start("S5", refusedSid, "+919845012345", line.e164());
        exotel.media("S5", new byte[320], 0);
        assertThat(exotel.awaitClose()).as("refused at once").isEqualTo(1013);
        assertThat(agentBytes(exotel)).isZero();
        Thread.sleep(200);

        assertThat(StandInVoiceAgent.opened.get()).as("no agent session").isEqualTo(opened);
        assertThat(StandInVoiceAgent.callerBytes.get()).isEqualTo(callerBytes);
        assertThat(row(refusedSid))
                .as("the call is untouched: still refused, never answered")
                .isEqualTo(before);
        assertThat(call(refusedSid)).isEqualTo("refused/company_limit/unanswered");
        assertThat(count("recording_uploads u join calls c on c.id = u.call_id where c.provider_call_sid = '"
                        + refusedSid + "'"))
                .isZero();

        assertThat(callEnd(admitted)).isEqualTo(200);
        assertThat(callEnd(refusedSid)).isEqualTo(200);
        assertThat(ExotelTestLines.await(() -> telephonyCharge(admitted), Objects::nonNull, Duration.ofSeconds(10)))
                .isNotNull();
        assertThat(telephonyCharge(refusedSid)).as("nothing billed").isNull();
        assertThat(call(refusedSid)).isEqualTo("refused/company_limit/unanswered");
    }

    private MediaStreamClient staticStream() throws Exception {
        return MediaStreamClient.connect(
                "ws://127.0.0.1:" + port + "/media/exotel",
                "Authorization",
                StaticStreamUrlIT.basic(StaticStreamUrlIT.ACCOUNT));
    }

    private int callStart(String callSid) {
        return api.get("/webhooks/exotel/call-start?token=" + guard.token() + "&CallSid=" + callSid
                        + "&CallFrom=09845012345&CallTo=" + line.exophone() + "&Direction=incoming")
                .status();
    }

    private int callEnd(String callSid) {
        return api.get("/webhooks/exotel/call-end?token=" + guard.token() + "&CallSid=" + callSid
                        + "&CallFrom=09845012345&CallTo=" + line.exophone()
                        + "&Status=completed&ConversationDuration=30")
                .status();
    }

    private String call(String callSid) {
        return jdbc.sql("select status || '/' || coalesce(end_reason, '') || '/'"
                        + " || case when answered_at is null then 'unanswered' else 'answered' end"
                        + " from calls where provider_call_sid = ?")
                .param(callSid)
                .query(String.class)
                .single();
    }

    private String row(String callSid) {
        return jdbc.sql("select row_to_json(c)::text from calls c where provider_call_sid = ?")
                .param(callSid)
                .query(String.class)
                .single();
    }

    private BigDecimal telephonyCharge(String callSid) {
        return jdbc.sql("select amount from call_charges c join calls k on k.id = c.call_id"
                        + " where k.provider_call_sid = ? and c.category = 'telephony'")
                .param(callSid)
                .query(BigDecimal.class)
                .optional()
                .orElse(null);
    }

    private static long agentBytes(MediaStreamClient exotel) {
        return exotel.received.stream()
                .map(ApiClient.JSON::readTree)
                .filter(node -> node.path("event").asString().equals("media"))
                .mapToLong(node -> Base64.getDecoder()
                        .decode(node.path("media").path("payload").asString())
                        .length)
                .sum();
    }
}
