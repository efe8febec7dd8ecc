package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.recordings.RecordingTestAccess;
import com.caly.support.IntegrationTest;
import com.caly.tenants.TenantService;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The Voicebot applet set to the static URL {@code wss://SID:TOKEN@host/media/exotel}: no call-start webhook and no
 * stream token, the account's Basic credentials instead; the company is the one whose ExoPhone the call came to.
 */
@Import(StandInVoiceAgent.class)
class StaticStreamUrlIT extends IntegrationTest {

    static final String ACCOUNT = "test-exotel-sid:test-exotel-token";

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    ExotelWebhookGuard guard;

    @Autowired
    ApplicationContext context;

    private ExotelTestLines.Line line;

    @BeforeEach
    void companyWithANumber() {
        line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Static Url Co");
        StandInVoiceAgent.heard.set(0);
    }

    @Test
    void aWholeCallOverTheStaticUrlIsRecordedAnsweredChargedAndKeptWithoutACallStart() throws Exception {
        CallSimulator.Result call = new CallSimulator("http://127.0.0.1:" + port, guard.token())
                .callOverStaticUrl("09845012345", line.exophone(), CallSimulator.tone(8000, 3.0), 8000, true, ACCOUNT);

        assertThat(call.callStartStatus()).as("no call-start was sent").isZero();
        assertThat(call.closeCode()).isEqualTo(1000);
        assertThat(call.agentAudio()).as("the agent talked: its one second").hasSize(16_000);
        assertThat(StandInVoiceAgent.heard.get()).isEqualTo(16_000);
        assertThat(call.callEndStatus()).isEqualTo(200);

        var row = jdbc.sql("""
                        select company_id::text, phone_number_id is not null, to_number, status, duration_seconds,
                               end_reason, started_at <= answered_at, answered_at <= ended_at
                        from calls where provider_call_sid = ?""")
                .param(call.callSid())
                .query((rs, n) -> List.of(
                        rs.getString(1),
                        rs.getBoolean(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getInt(5),
                        rs.getString(6),
                        rs.getBoolean(7),
                        rs.getBoolean(8)))
                .list();
        assertThat(row)
                .as("one call, for the ExoPhone's company, the stream's start and the call-end merged")
                .containsExactly(List.of(
                        line.company().id().toString(),
                        true,
                        line.e164(),
                        "completed",
                        3,
                        "stream_callended",
                        true,
                        true));

        BigDecimal charge = ExotelTestLines.await(
                () -> jdbc.sql(
                                "select amount from call_charges c join calls k on k.id = c.call_id where k.provider_call_sid = ? and c.category = 'telephony'")
                        .param(call.callSid())
                        .query(BigDecimal.class)
                        .optional()
                        .orElse(null),
                Objects::nonNull,
                Duration.ofSeconds(10));
        assertThat(charge).isEqualByComparingTo("0.60");

        assertThat(uploadsOf(call.callSid())).as("the recording was queued").isEqualTo(1);
        RecordingTestAccess.drainUploads(context);
        var recording = jdbc.sql("select recording_url, recording_duration_ms from calls where provider_call_sid = ?")
                .param(call.callSid())
                .query((rs, n) -> List.of(rs.getString(1), rs.getLong(2)))
                .single();
        assertThat((String) recording.get(0))
                .startsWith("recordings/" + line.company().id() + "/");
        assertThat((Long) recording.get(1)).isBetween(3_000L, 3_350L);
    }

    @Test
    void aStreamNamingACallOfAnotherCompanyIsClosedAsAPolicyViolationAndChangesNothing() throws Exception {
        ExotelTestLines.Line other = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Other Co");
        String callSid = ExotelTestLines.newCallSid();
        String query = "CallSid=" + callSid + "&CallFrom=09845012345&CallTo=" + line.exophone() + "&Direction=incoming";
        assertThat(api.get("/webhooks/exotel/call-start?token=" + guard.token() + "&" + query)
                        .status())
                .isEqualTo(200);
        List<String> before = callsOf(line, other);

        // the other company's ExoPhone, this company's call
        MediaStreamClient exotel = MediaStreamClient.connect(staticUrl(), "Authorization", basic(ACCOUNT));
        exotel.connected().start("S1", callSid, "+919845012345", other.e164());
        exotel.media("S1", new byte[320], 0);

        assertThat(exotel.awaitClose()).isEqualTo(1008);
        Thread.sleep(200);
        assertThat(callsOf(line, other)).as("no row of either company changed").isEqualTo(before);
        assertThat(uploadsOf(callSid)).isZero();
        assertThat(StandInVoiceAgent.heard.get()).isZero();
    }

    @Test
    void routesByTheExophoneCustomParameterOrElseByTheCallACallStartRecorded() throws Exception {
        // the stream's "to" is no number of ours, but the URL's custom parameter names the ExoPhone
        String byParameter = ExotelTestLines.newCallSid();
        MediaStreamClient first = MediaStreamClient.connect(staticUrl(), "Authorization", basic(ACCOUNT));
        first.connected()
                .send("{\"event\":\"start\",\"start\":{\"stream_sid\":\"S2\",\"call_sid\":\"" + byParameter
                        + "\",\"from\":\"+919845012345\",\"to\":\"09512345678\","
                        + "\"custom_parameters\":{\"exophone\":\"" + line.exophone() + "\"}}}")
                .stop("S2", byParameter);
        assertThat(first.awaitClose()).isEqualTo(1000);
        assertThat(companyOf(byParameter)).isEqualTo(line.company().id().toString());

        // no number of ours in the stream at all: the company a call-start recorded the call for
        String recorded = ExotelTestLines.newCallSid();
        api.get("/webhooks/exotel/call-start?token=" + guard.token() + "&CallSid=" + recorded + "&CallTo="
                + line.exophone() + "&To=09512345678");
        MediaStreamClient second = MediaStreamClient.connect(staticUrl(), "Authorization", basic(ACCOUNT));
        second.connected().start("S3", recorded, "+919845012345", "09512345678");
        second.media("S3", new byte[320], 0).stop("S3", recorded);
        assertThat(second.awaitClose()).isEqualTo(1000);
        // the server notes the end once the close has reached the client: wait for it
        String recordedEnd = ExotelTestLines.await(
                () -> jdbc.sql(
                                "select count(*) || ':' || coalesce(min(end_reason), '') from calls where provider_call_sid = ?")
                        .param(recorded)
                        .query(String.class)
                        .single(),
                text -> !text.endsWith(":"),
                Duration.ofSeconds(5));
        assertThat(recordedEnd).isEqualTo("1:stream_callended");

        // neither: refused, nothing recorded
        String unknown = ExotelTestLines.newCallSid();
        MediaStreamClient third = MediaStreamClient.connect(staticUrl(), "Authorization", basic(ACCOUNT));
        third.connected().start("S4", unknown, "+919845012345", "09512345678");
        assertThat(third.awaitClose()).isEqualTo(1008);
        assertThat(companyOf(unknown)).isNull();
    }

    @Test
    void takesTheSampleRateFromEitherSpellingOfTheUrlParameter() throws Exception {
        for (String url : List.of(staticUrl() + "?sample_rate=16000", staticUrl() + "?sample-rate=16000")) {
            String callSid = ExotelTestLines.newCallSid();
            MediaStreamClient exotel = MediaStreamClient.connect(url, "Authorization", basic(ACCOUNT));
            exotel.connected().start("S5", callSid, "+919845012345", line.exophone());
            exotel.media("S5", new byte[640], 0);
            // the stand-in answers with a second of audio at the line's rate: 32,000 bytes at 16 kHz
            long bytes = ExotelTestLines.await(
                    () -> agentBytes(exotel), received -> received >= 32_000, Duration.ofSeconds(5));
            assertThat(bytes).as(url).isEqualTo(32_000);
            exotel.stop("S5", callSid);
            assertThat(exotel.awaitClose()).isEqualTo(1000);
        }
    }

    @Test
    void aMuLawStreamReachesTheAgentAsPcmAndIsAnsweredInMuLaw() throws Exception {
        String callSid = ExotelTestLines.newCallSid();
        long before = StandInVoiceAgent.callerBytes.get();
        MediaStreamClient exotel = MediaStreamClient.connect(staticUrl(), "Authorization", basic(ACCOUNT));
        exotel.connected()
                .send("{\"event\":\"start\",\"start\":{\"stream_sid\":\"S6\",\"call_sid\":\"" + callSid
                        + "\",\"from\":\"+919845012345\",\"to\":\"" + line.e164()
                        + "\",\"media_format\":{\"encoding\":\"audio/x-mulaw\",\"sample_rate\":\"8000\"}}}");
        byte[] ulaw = new byte[160];
        java.util.Arrays.fill(ulaw, (byte) 0x80); // a loud positive sample in μ-law
        exotel.media("S6", ulaw, 0);

        // one second of the agent at 8 kHz: 8,000 bytes of μ-law (16,000 of PCM)
        long bytes =
                ExotelTestLines.await(() -> agentBytes(exotel), received -> received >= 8_000, Duration.ofSeconds(5));
        Thread.sleep(300);
        assertThat(agentBytes(exotel)).isEqualTo(8_000);
        assertThat(bytes).isEqualTo(8_000);
        assertThat(StandInVoiceAgent.callerBytes.get() - before)
                .as("160 μ-law samples reach the agent as 320 bytes of PCM")
                .isEqualTo(320);
        exotel.stop("S6", callSid);
        assertThat(exotel.awaitClose()).isEqualTo(1000);
    }

    private static long agentBytes(MediaStreamClient exotel) {
        return exotel.received.stream()
                .map(com.caly.support.ApiClient.JSON::readTree)
                .filter(node -> node.path("event").asString().equals("media"))
                .mapToLong(node -> Base64.getDecoder()
                        .decode(node.path("media").path("payload").asString())
                        .length)
                .sum();
    }

    private String staticUrl() {
        return "ws://127.0.0.1:" + port + "/media/exotel";
    }

    static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> callsOf(ExotelTestLines.Line... lines) {
        return jdbc.sql("select row_to_json(c)::text from calls c where company_id = any(?::uuid[]) order by id")
                .param(java.util.Arrays.stream(lines)
                        .map(l -> l.company().id().toString())
                        .toArray(String[]::new))
                .query(String.class)
                .list();
    }

    private String companyOf(String callSid) {
        return jdbc.sql("select company_id::text from calls where provider_call_sid = ?")
                .param(callSid)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private long uploadsOf(String callSid) throws InterruptedException {
        return ExotelTestLines.await(
                () -> jdbc.sql(
                                "select count(*) from recording_uploads u join calls c on c.id = u.call_id where c.provider_call_sid = ?")
                        .param(callSid)
                        .query(Long.class)
                        .single(),
                count -> count > 0,
                Duration.ofSeconds(2));
    }
}
