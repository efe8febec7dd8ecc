package com.caly.voice;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.recordings.RecordingTestAccess;
import com.caly.support.IntegrationTest;
import com.caly.telephony.exotel.ExotelTestLines;
import com.caly.tenants.TenantService;
import com.caly.voice.fake.FakeRealtimeServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A caller reads out a card number (the fake model hears a 1700 Hz tone as "My card number is 4111 1111 1111
 * 1111"): with the company's redaction on, the stored transcript, the live view and the call's detail carry
 * {@code [card]} and its count, and with silencing on the recording is silent over that line.
 */
class RedactionIT extends IntegrationTest {

    static final String TOKEN = "redaction-test-webhook-token-0123456789";
    static final int CARD_TONE = 1700;

    @RegisterExtension
    static final FakeRealtimeServer MODEL = FakeRealtimeServer.onLoopback();

    @DynamicPropertySource
    static void realtime(DynamicPropertyRegistry registry) {
        registry.add("app.voice.api-key", () -> FakeRealtimeServer.API_KEY);
        registry.add("app.voice.base-url", MODEL::baseUrl);
        registry.add("app.telephony.exotel.webhook-token", () -> TOKEN);
    }

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    CallJournal journal;

    @Autowired
    ApplicationContext context;

    private ExotelTestLines.Line line;

    @BeforeEach
    void companyWithANumber() {
        MODEL.reset();
        line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Redaction Co");
    }

    @AfterEach
    void noModelSessionIsLeftOpen() throws InterruptedException {
        ExotelTestLines.await(MODEL::openSessions, open -> open == 0, Duration.ofSeconds(5));
        assertThat(MODEL.violations()).isEmpty();
    }

    @Test
    void redactsTheCardNumberEverywhereAndSilencesTheRecordingOverItsLine() throws Exception {
        JsonNode company = patchCompany("{\"redactTranscripts\": true, \"silenceRecordingSpans\": true}");
        assertThat(company.path("redactTranscripts").asBoolean()).isTrue();
        assertThat(company.path("silenceRecordingSpans").asBoolean()).isTrue();

        PhoneCall call = answered();
        call.say(CARD_TONE, 1_500);
        String[] live = new String[1];
        call.silenceUntil(
                () -> {
                    live[0] = liveCallerLine(call);
                    return live[0] != null;
                },
                6_000);
        assertThat(live[0]).as("the live view").isEqualTo("My card number is [card]");
        call.silence(2_500);
        assertThat(call.hangUp()).isEqualTo(1000);

        List<String> stored = transcript(call);
        assertThat(stored).contains("caller: My card number is [card]");
        assertThat(String.join("\n", stored)).doesNotContain("4111");
        String id = callId(call);
        awaitConversationClosed(id);
        JsonNode detail = api.get("/api/calls/" + id, "Authorization", owner()).json();
        assertThat(detail.path("redactions").path("card").asInt()).isEqualTo(1);
        assertThat(detail.path("redactions").size()).isEqualTo(1);
        assertThat(detail.toString()).doesNotContain("4111 1111").contains("My card number is [card]");

        long[] span = callerLineSpan(id);
        short[] recording = recording(id);
        assertThat(peak(recording, 0, 1_400))
                .as("the greeting is in the recording")
                .isGreaterThan(1_000);
        assertThat(peak(recording, span[0] + 200, span[1] - 200))
                .as("the card number's line is silent")
                .isLessThan(300);
    }

    @Test
    void withRedactionOffKeepsTheWordsAndTheRecordingAsSpoken() throws Exception {
        JsonNode company = api.get("/api/company", "Authorization", owner()).json();
        assertThat(company.path("redactTranscripts").asBoolean()).isFalse();
        assertThat(company.path("silenceRecordingSpans").asBoolean()).isFalse();

        PhoneCall call = answered();
        call.say(CARD_TONE, 1_500);
        call.silenceUntil(() -> transcript(call).stream().anyMatch(l -> l.startsWith("caller:")), 6_000);
        call.silence(2_500);
        assertThat(call.hangUp()).isEqualTo(1000);

        assertThat(transcript(call)).contains("caller: My card number is 4111 1111 1111 1111");
        String id = callId(call);
        awaitConversationClosed(id);
        JsonNode detail = api.get("/api/calls/" + id, "Authorization", owner()).json();
        assertThat(detail.path("redactions").isObject()).isTrue();
        assertThat(detail.path("redactions").size()).isZero();

        long[] span = callerLineSpan(id);
        assertThat(peak(recording(id), span[0] + 200, span[1] - 200))
                .as("the caller's tone is in the recording")
                .isGreaterThan(1_000);
    }

    @Test
    void refusesSilencingWithoutRedaction() {
        var response = api.send(
                "PATCH",
                "/api/company",
                "{\"silenceRecordingSpans\": true}",
                "Content-Type",
                "application/json",
                "Authorization",
                owner());
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("type").asString()).isEqualTo("/problems/silencing-needs-redaction");
        assertThat(api.get("/api/company", "Authorization", owner())
                        .json()
                        .path("silenceRecordingSpans")
                        .asBoolean())
                .isFalse();
    }

    private String owner() {
        return line.company().owner().bearer();
    }

    private JsonNode patchCompany(String body) {
        var response =
                api.send("PATCH", "/api/company", body, "Content-Type", "application/json", "Authorization", owner());
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    private PhoneCall answered() throws Exception {
        PhoneCall call = PhoneCall.dial(api, TOKEN, line.exophone());
        call.silenceUntil(() -> call.agentMillis() >= 1_500, 5_000).silence(1_800);
        return call;
    }

    private String callId(PhoneCall call) {
        return jdbc.sql("select id::text from calls where provider_call_sid = ?")
                .param(call.callSid)
                .query(String.class)
                .single();
    }

    private List<String> transcript(PhoneCall call) {
        journal.flush();
        return jdbc.sql("""
                        select t.speaker || ': ' || t.text from transcripts t join calls c on c.id = t.call_id
                        where c.provider_call_sid = ? order by t.sequence""").param(call.callSid).query(String.class).list();
    }

    private @org.jspecify.annotations.Nullable String liveCallerLine(PhoneCall call) {
        for (JsonNode live :
                api.get("/api/calls/live", "Authorization", owner()).json().path("calls")) {
            for (JsonNode said : live.path("transcript")) {
                if (said.path("speaker").asString().equals("caller")) {
                    return said.path("text").asString();
                }
            }
        }
        return null;
    }

    private void awaitConversationClosed(String id) throws InterruptedException {
        ExotelTestLines.await(
                () -> {
                    journal.flush();
                    return jdbc.sql("select count(*) from voice_call_stats where call_id = ?::uuid")
                            .param(id)
                            .query(Long.class)
                            .single();
                },
                count -> count == 1,
                Duration.ofSeconds(10));
    }

    private long[] callerLineSpan(String id) {
        return jdbc.sql("select start_ms, end_ms from transcripts where call_id = ?::uuid and speaker = 'caller'")
                .param(id)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .single();
    }

    /** The call's recording as uploaded, decoded to 16-bit samples. */
    private short[] recording(String id) throws Exception {
        ExotelTestLines.await(
                () -> {
                    RecordingTestAccess.drainUploads(context);
                    return jdbc.sql("select recording_url is not null from calls where id = ?::uuid")
                            .param(id)
                            .query(Boolean.class)
                            .single();
                },
                stored -> stored,
                Duration.ofSeconds(15));
        String link = api.get("/api/recordings/" + id, "Authorization", owner())
                .json()
                .path("url")
                .asString();
        byte[] mp3 = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofByteArray())
                .body();
        Bitstream bitstream = new Bitstream(new ByteArrayInputStream(mp3));
        Decoder decoder = new Decoder();
        short[] samples = new short[0];
        int length = 0;
        for (Header header = bitstream.readFrame(); header != null; header = bitstream.readFrame()) {
            SampleBuffer frame = (SampleBuffer) decoder.decodeFrame(header, bitstream);
            int channels = frame.getChannelCount();
            int count = frame.getBufferLength() / channels;
            if (length + count > samples.length) {
                samples = Arrays.copyOf(samples, Math.max(2 * samples.length, length + count));
            }
            for (int i = 0; i < count; i++) {
                samples[length + i] = frame.getBuffer()[i * channels];
            }
            length += count;
            bitstream.closeFrame();
        }
        return Arrays.copyOf(samples, length);
    }

    /** The loudest sample between these milliseconds of an 8 kHz recording. */
    private static int peak(short[] samples, long fromMs, long toMs) {
        assertThat(toMs).as("a stretch to look at").isGreaterThan(fromMs);
        int peak = 0;
        for (long i = fromMs * 8; i < Math.min(samples.length, toMs * 8); i++) {
            peak = Math.max(peak, Math.abs(samples[(int) i]));
        }
        return peak;
    }
}
