package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.recordings.RecordingTestAccess;
import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.tenants.TenantService;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The stream with an agent on the other side (a stand-in until the voice module provides the real one). */
@Import(StandInVoiceAgent.class)
class MediaStreamWithAgentIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    ExotelWebhookGuard guard;

    @Autowired
    org.springframework.context.ApplicationContext context;

    private ExotelTestLines.Line line;
    private String exophone;
    private String callSid;

    @BeforeEach
    void companyWithANumber() {
        line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Agent Co");
        exophone = line.exophone();
        callSid = ExotelTestLines.newCallSid();
        StandInVoiceAgent.heard.set(0);
        StandInVoiceAgent.pausedAt.set(-1);
    }

    @Test
    void playsAgentAudioInExotelSizedChunksAtRealTimeAndHandsOverOnRequest() throws Exception {
        MediaStreamClient exotel = answer("S9");
        long before = StandInVoiceAgent.callerBytes.get();
        long sentAt = System.nanoTime();
        for (int frame = 0; frame < 50; frame++) {
            exotel.media("S9", new byte[320], frame * 20L);
        }

        // one second of 8 kHz audio: 16,000 bytes in chunks of whole 320-byte frames, at least 3,200 each
        List<byte[]> chunks = awaitAgentAudio(exotel, 16_000);
        assertThat(chunks).hasSize(5).allSatisfy(chunk -> {
            assertThat(chunk.length % 320).isZero();
            assertThat(chunk.length).isBetween(3_200, 102_400);
        });
        long elapsedMs = (System.nanoTime() - sentAt) / 1_000_000;
        // every chunk is followed by a mark naming where it ends in the agent's audio
        List<String> marks = events(exotel, "mark").stream()
                .map(mark -> mark.path("mark").path("name").asString())
                .toList();
        assertThat(marks).hasSize(5);
        assertThat(events(exotel, "media"))
                .allSatisfy(m -> assertThat(m.path("stream_sid").asString()).isEqualTo("S9"));
        // paced: the last of five 200 ms chunks goes out about 800 ms after the first, less the lead
        assertThat(elapsedMs).isGreaterThanOrEqualTo(600);
        assertThat(StandInVoiceAgent.callerBytes.get() - before).isEqualTo(50 * 320);

        // Exotel echoes the marks as the audio plays: the agent learns how much was heard, never going back
        echo(exotel, marks.get(1));
        awaitHeard(6_400);
        echo(exotel, marks.get(4));
        awaitHeard(16_000);
        echo(exotel, marks.get(2));
        echo(exotel, "utt-4");
        exotel.send("{\"event\":\"dtmf\",\"stream_sid\":\"S9\",\"dtmf\":{\"digit\":\"7\"}}");
        Thread.sleep(200);
        assertThat(StandInVoiceAgent.heard.get()).isEqualTo(16_000);

        exotel.send("{\"event\":\"dtmf\",\"stream_sid\":\"S9\",\"dtmf\":{\"digit\":\"9\",\"duration\":\"100\"}}");
        assertThat(exotel.awaitClose()).isEqualTo(1000);

        String after = "CallSid=" + callSid + "&CallTo=" + exophone;
        assertThat(api.get("/webhooks/exotel/after-bot?token=" + guard.token() + "&" + after)
                        .status())
                .isEqualTo(302);
        assertThat(jdbc.sql("select end_reason || ':' || escalated from calls where provider_call_sid = ?")
                        .param(callSid)
                        .query(String.class)
                        .single())
                .isEqualTo("caller asked for a person:true");
        long jobs = ExotelTestLines.await(
                () -> jdbc.sql(
                                "select count(*) from recording_uploads u join calls c on c.id = u.call_id where c.provider_call_sid = ?")
                        .param(callSid)
                        .query(Long.class)
                        .single(),
                count -> count > 0,
                java.time.Duration.ofSeconds(5));
        assertThat(jobs)
                .as("the caller's audio was queued as the call's recording")
                .isEqualTo(1);
    }

    @Test
    void aMemberHandsALiveCallToAPersonAndEscalatesAFinishedOne() throws Exception {
        MediaStreamClient exotel = answer("S5");
        exotel.media("S5", new byte[320], 0);
        String callId = ExotelTestLines.await(
                () -> jdbc.sql("select id::text from calls where provider_call_sid = ?")
                        .param(callSid)
                        .query(String.class)
                        .optional()
                        .orElse(""),
                id -> !id.isEmpty(),
                java.time.Duration.ofSeconds(5));
        String member = line.company().member().bearer();

        ExotelTestLines.Line other = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Other Co");
        ApiClient.Response foreign = api.post(
                "/api/calls/escalate",
                ApiClient.json(java.util.Map.of("callId", callId, "reason", "not theirs")),
                "Authorization",
                other.company().owner().bearer());
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.problemType()).isEqualTo("call-not-found");
        Thread.sleep(200);
        assertThat(exotel.closed.isDone())
                .as("another company cannot end the call")
                .isFalse();

        assertThat(api.post(
                                "/api/calls/escalate",
                                ApiClient.json(java.util.Map.of("callId", callId)),
                                "Authorization",
                                member)
                        .status())
                .as("a reason is required")
                .isEqualTo(400);
        ApiClient.Response live = api.post(
                "/api/calls/escalate",
                ApiClient.json(
                        java.util.Map.of("callId", callId, "reason", "supervisor takes over", "urgency", "urgent")),
                "Authorization",
                member);
        assertThat(live.status()).isEqualTo(201);
        assertThat(live.json().path("handedOff").asBoolean()).isTrue();
        assertThat(exotel.awaitClose())
                .as("the stream ends so the flow connects a person")
                .isEqualTo(1000);
        String after = "CallSid=" + callSid + "&CallTo=" + exophone;
        assertThat(api.get("/webhooks/exotel/after-bot?token=" + guard.token() + "&" + after)
                        .status())
                .isEqualTo(302);

        api.get("/webhooks/exotel/call-end?token=" + guard.token() + "&" + after
                + "&Status=completed&DialCallDuration=30");
        ApiClient.Response followUp = api.post(
                "/api/calls/escalate",
                ApiClient.json(java.util.Map.of("callId", callId, "reason", "call the customer back")),
                "Authorization",
                member);
        assertThat(followUp.status()).isEqualTo(201);
        assertThat(followUp.json().path("handedOff").asBoolean()).isFalse();
        assertThat(jdbc.sql(
                                "select reason || ':' || urgency || ':' || status from escalations where call_id = ?::uuid order by created_at")
                        .param(callId)
                        .query(String.class)
                        .list())
                .containsExactly("supervisor takes over:urgent:open", "call the customer back:high:open");
        assertThat(jdbc.sql("select escalated from calls where id = ?::uuid")
                        .param(callId)
                        .query(Boolean.class)
                        .single())
                .isTrue();
    }

    @Test
    void aClearDropsTheUnplayedAudioFromThePlaybackAndTheRecording() throws Exception {
        MediaStreamClient exotel = answer("S9");
        long startedAt = System.nanoTime();
        for (int frame = 0; frame < 50; frame++) {
            exotel.media("S9", new byte[320], frame * 20L);
        }
        awaitAgentAudio(exotel, 16_000);
        Thread.sleep(300); // the first second has played out

        // three seconds more, interrupted as soon as its first chunk arrives
        exotel.send("{\"event\":\"dtmf\",\"stream_sid\":\"S7\",\"dtmf\":{\"digit\":\"2\"}}");
        awaitAgentAudio(exotel, 16_000 + 3_200);
        String unplayed = lastMark(exotel);
        exotel.send("{\"event\":\"dtmf\",\"stream_sid\":\"S7\",\"dtmf\":{\"digit\":\"1\"}}");
        ExotelTestLines.await(
                () -> events(exotel, "clear").size(), count -> count == 1, java.time.Duration.ofSeconds(5));
        long clearedAtMs = (System.nanoTime() - startedAt) / 1_000_000;
        int mediaAtClear = events(exotel, "media").size();
        Thread.sleep(500);
        assertThat(events(exotel, "media"))
                .as("nothing of the interrupted audio is sent after the clear")
                .hasSize(mediaAtClear);
        assertThat(events(exotel, "clear").get(0).path("stream_sid").asString()).isEqualTo("S9");

        // an echo of audio the clear dropped proves nothing: Exotel may flush marks when it clears
        echo(exotel, unplayed);
        // the next reply's audio is counted after all that was handed over, the dropped part included
        exotel.send("{\"event\":\"dtmf\",\"stream_sid\":\"S7\",\"dtmf\":{\"digit\":\"2\"}}");
        awaitAgentAudio(exotel, 16_000 + 3_200 * (mediaAtClear - 5) + 3_200);
        String next = lastMark(exotel);
        assertThat(StandInVoiceAgent.heard.get()).isLessThan(16_000 + 3_200);
        echo(exotel, next);
        awaitHeard(16_000 + 48_000 + 3_200);
        exotel.send("{\"event\":\"dtmf\",\"stream_sid\":\"S7\",\"dtmf\":{\"digit\":\"1\"}}");
        long secondClearMs = (System.nanoTime() - startedAt) / 1_000_000;
        exotel.stop("S9", callSid);
        assertThat(exotel.awaitClose()).isEqualTo(1000);

        ExotelTestLines.await(
                () -> jdbc.sql(
                                "select count(*) from recording_uploads u join calls c on c.id = u.call_id where c.provider_call_sid = ?")
                        .param(callSid)
                        .query(Long.class)
                        .single(),
                count -> count > 0,
                java.time.Duration.ofSeconds(5));
        RecordingTestAccess.drainUploads(context);
        long recordedMs = jdbc.sql("select recording_duration_ms from calls where provider_call_sid = ?")
                .param(callSid)
                .query(Long.class)
                .single();
        // the recording ends where the agent was cut off, not three seconds later (MP3 padding is about 0.3 s)
        assertThat(clearedAtMs).isLessThan(secondClearMs);
        assertThat(recordedMs).isBetween(1_000L, secondClearMs + 400);
    }

    @Test
    void aPauseClearsTheLineAtOnceAndResumePlaysOnFromWhereTheCallerStoppedHearing() throws Exception {
        MediaStreamClient exotel = answer("S9");
        for (int frame = 0; frame < 50; frame++) {
            exotel.media("S9", new byte[320], frame * 20L);
        }
        awaitAgentAudio(exotel, 16_000);
        exotel.send("{\"event\":\"dtmf\",\"stream_sid\":\"S9\",\"dtmf\":{\"digit\":\"2\"}}");
        awaitAgentAudio(exotel, 16_000 + 6_400);
        exotel.send("{\"event\":\"dtmf\",\"stream_sid\":\"S9\",\"dtmf\":{\"digit\":\"3\"}}");
        ExotelTestLines.await(
                () -> events(exotel, "clear").size(), count -> count == 1, java.time.Duration.ofSeconds(5));
        long pausedAt = StandInVoiceAgent.pausedAt.get();
        assertThat(pausedAt).as("within the three seconds, on a chunk's end").isBetween(16_000L + 3_200, 64_000L);
        assertThat((pausedAt - 16_000) % 3_200).isZero();

        exotel.send("{\"event\":\"dtmf\",\"stream_sid\":\"S9\",\"dtmf\":{\"digit\":\"4\"}}");
        ExotelTestLines.await(
                () -> lastMarkName(exotel), mark -> mark.equals("caly-1-64000"), java.time.Duration.ofSeconds(10));

        // what the caller hears: the second reply up to the pause, then all that came after the clear
        java.io.ByteArrayOutputStream heard = new java.io.ByteArrayOutputStream();
        boolean cleared = false;
        byte[] chunk = new byte[0];
        for (String message : new ArrayList<>(exotel.received)) {
            JsonNode node = JSON.readTree(message);
            String event = node.path("event").asString();
            if (event.equals("clear")) {
                cleared = true;
            } else if (event.equals("media")) {
                chunk = Base64.getDecoder()
                        .decode(node.path("media").path("payload").asString());
            } else if (event.equals("mark")) {
                // each chunk is followed by its mark, naming where the chunk ends
                String name = node.path("mark").path("name").asString();
                long end = Long.parseLong(name.substring(name.lastIndexOf('-') + 1));
                long start = end - chunk.length;
                if (cleared || (start >= 16_000 && end <= pausedAt)) {
                    heard.writeBytes(chunk);
                }
            }
        }
        assertThat(heard.toByteArray())
                .as("nothing lost, nothing played twice: all that was sent after the clear is heard")
                .isEqualTo(CallSimulator.tone(8000, 3.0));
        exotel.stop("S9", callSid);
        assertThat(exotel.awaitClose()).isEqualTo(1000);
    }

    private static String lastMarkName(MediaStreamClient exotel) {
        List<JsonNode> marks = events(exotel, "mark");
        return marks.isEmpty() ? "" : last(marks).path("mark").path("name").asString();
    }

    @Test
    void readsAMessageLongerThanTheContainersBufferWhole() throws Exception {
        MediaStreamClient exotel = answer("S9");
        long before = StandInVoiceAgent.callerBytes.get();
        // three seconds at 8 kHz in one message: 64,000 characters of base64, eight times the container's buffer
        exotel.media("S9", CallSimulator.tone(8000, 3.0), 0);
        exotel.media("S9", new byte[320], 3000);
        ExotelTestLines.await(
                () -> StandInVoiceAgent.callerBytes.get() - before,
                bytes -> bytes == 48_320,
                java.time.Duration.ofSeconds(5));
        assertThat(StandInVoiceAgent.callerBytes.get() - before).isEqualTo(48_320);
        assertThat(exotel.closed).isNotDone();
        exotel.stop("S9", callSid);
        assertThat(exotel.awaitClose()).isEqualTo(1000);
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static List<JsonNode> events(MediaStreamClient exotel, String event) {
        List<JsonNode> found = new ArrayList<>();
        for (String message : exotel.received) {
            JsonNode node = JSON.readTree(message);
            if (node.path("event").asString().equals(event)) {
                found.add(node);
            }
        }
        return found;
    }

    /** Waits for at least {@code bytes} of agent audio and returns the chunks received. */
    private static List<byte[]> awaitAgentAudio(MediaStreamClient exotel, int bytes) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<byte[]> chunks = List.of();
        while (System.nanoTime() < deadline) {
            chunks = events(exotel, "media").stream()
                    .map(m -> Base64.getDecoder()
                            .decode(m.path("media").path("payload").asString()))
                    .toList();
            if (chunks.stream().mapToInt(c -> c.length).sum() >= bytes) {
                return chunks;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("agent audio did not arrive: " + chunks.size() + " chunks");
    }

    /** Exotel's side of this test's call: call-start, the stream URL, then connected and start. */
    private MediaStreamClient answer(String streamSid) throws Exception {
        String query = "CallSid=" + callSid + "&CallFrom=09845012345&CallTo=" + exophone + "&Direction=incoming";
        api.get("/webhooks/exotel/call-start?token=" + guard.token() + "&" + query);
        String url = api.get("/webhooks/exotel/stream-url?token=" + guard.token() + "&" + query)
                .json()
                .path("url")
                .asString();
        MediaStreamClient exotel = MediaStreamClient.connect(url);
        exotel.connected().start(streamSid, callSid, "+919845012345", exophone);
        return exotel;
    }

    /** The mark after the last chunk received: each chunk is followed by its mark, which may still be on its way. */
    private static String lastMark(MediaStreamClient exotel) throws InterruptedException {
        ExotelTestLines.await(
                () -> events(exotel, "mark").size() - events(exotel, "media").size(),
                missing -> missing == 0,
                java.time.Duration.ofSeconds(5));
        return last(events(exotel, "mark")).path("mark").path("name").asString();
    }

    private static JsonNode last(List<JsonNode> nodes) {
        return nodes.get(nodes.size() - 1);
    }

    private static void echo(MediaStreamClient exotel, String mark) {
        exotel.send("{\"event\":\"mark\",\"sequence_number\":\"15\",\"stream_sid\":\"S9\",\"mark\":{\"name\":\"" + mark
                + "\"}}");
    }

    private static void awaitHeard(long bytes) throws InterruptedException {
        ExotelTestLines.await(StandInVoiceAgent.heard::get, heard -> heard == bytes, java.time.Duration.ofSeconds(5));
        assertThat(StandInVoiceAgent.heard.get()).isEqualTo(bytes);
    }
}
