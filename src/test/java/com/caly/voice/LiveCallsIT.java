package com.caly.voice;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.Application;
import com.caly.support.ApiClient;
import com.caly.support.EventStreamClient;
import com.caly.support.IntegrationTest;
import com.caly.telephony.exotel.ExotelTestLines;
import com.caly.tenants.TenantService;
import com.caly.voice.fake.FakeBrain;
import com.caly.voice.fake.FakeRealtimeServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The live view over HTTP: calls in progress with their transcripts as they grow, and the event stream, for the
 * company's own calls only, across two instances on one database.
 */
class LiveCallsIT extends IntegrationTest {

    static final String TOKEN = "live-test-webhook-token-0123456789";
    static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final FakeRealtimeServer MODEL = FakeRealtimeServer.onLoopback();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("app.voice.api-key", () -> FakeRealtimeServer.API_KEY);
        registry.add("app.voice.base-url", MODEL::baseUrl);
        registry.add("app.telephony.exotel.webhook-token", () -> TOKEN);
        registry.add("app.calls.live.max-streams-per-company", () -> 2);
        registry.add("app.calls.live.heartbeat", () -> "500ms");
    }

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    private final List<EventStreamClient> streams = new ArrayList<>();
    private ExotelTestLines.Line line;

    @BeforeEach
    void companyWithANumber() {
        MODEL.reset();
        line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Live Co");
    }

    @AfterEach
    void closeStreams() {
        streams.forEach(EventStreamClient::close);
    }

    private EventStreamClient stream(ApiClient on, String query, String bearer) {
        EventStreamClient stream = EventStreamClient.open(
                on.url("/api/calls/live/events" + query),
                "Authorization",
                bearer,
                "Accept",
                "text/event-stream",
                "X-Forwarded-For",
                randomIp());
        streams.add(stream);
        return stream;
    }

    private static <T> T await(Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        return ExotelTestLines.await(probe, done, WAIT);
    }

    private JsonNode liveCall(ApiClient on, String bearer, String callSid) {
        String id = callId(callSid);
        for (JsonNode call :
                on.get("/api/calls/live", "Authorization", bearer).json().path("calls")) {
            if (call.path("id").asString().equals(id)) {
                return call;
            }
        }
        return null;
    }

    private String callId(String callSid) {
        return jdbc.sql("select id::text from calls where provider_call_sid = ?")
                .param(callSid)
                .query(String.class)
                .optional()
                .orElse("");
    }

    private static List<String> lines(JsonNode call) {
        List<String> lines = new ArrayList<>();
        call.path("transcript")
                .forEach(line -> lines.add(line.path("speaker").asString() + ": "
                        + line.path("text").asString()));
        return lines;
    }

    @Test
    void listsACallInProgressWithItsTranscriptAndStreamsItsEventsToItsCompanyOnly() throws Exception {
        String bearer = line.company().owner().bearer();
        EventStreamClient mine = stream(api, "", bearer);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.contentType()).startsWith("text/event-stream");
        ExotelTestLines.Line other = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Other Co");
        EventStreamClient theirs = stream(api, "", other.company().owner().bearer());

        PhoneCall call = PhoneCall.dial(api, TOKEN, line.exophone());
        call.silenceUntil(() -> call.agentMillis() >= 1_500, 5_000).silence(1_800);
        JsonNode greeted = await(() -> liveCall(api, bearer, call.callSid), c -> c != null && !lines(c).isEmpty());
        assertThat(greeted.path("status").asString()).isEqualTo("in_progress");
        assertThat(greeted.path("agentState").asString()).isEqualTo("talking");
        assertThat(greeted.path("from").asString()).isNotEmpty();
        assertThat(greeted.path("startedAt").asString()).isNotEmpty();
        assertThat(lines(greeted)).hasSize(1).first().asString().startsWith("agent: Namaste!");

        int greeting = call.agentMillis();
        call.say(500, 800)
                .silenceUntil(() -> call.agentMillis() >= greeting + 2_000, 6_000)
                .silence(2_200);
        JsonNode answered = await(() -> liveCall(api, bearer, call.callSid), c -> lines(c).size() >= 3);
        assertThat(lines(answered))
                .as("the transcript grew while the call went on")
                .containsSubsequence("caller: What time do you open?", "agent: " + FakeBrain.OPENING_HOURS);
        assertThat(liveCall(api, other.company().owner().bearer(), call.callSid))
                .as("another company's list")
                .isNull();

        assertThat(call.hangUp()).isEqualTo(1000);
        assertThat(api.get("/webhooks/exotel/call-end?token=" + TOKEN + "&CallSid=" + call.callSid + "&CallTo="
                                + line.exophone() + "&Status=completed&DialCallDuration=12")
                        .status())
                .isEqualTo(200);

        List<EventStreamClient.Event> events = mine.until("call.ended", WAIT);
        String id = callId(call.callSid);
        assertThat(events)
                .allMatch(event -> event.data().path("callId").asString().equals(id)
                        || event.data().path("id").asString().equals(id));
        assertThat(events.get(0).name()).isEqualTo("call.started");
        assertThat(events.get(0).id()).isEqualTo(id + ":started");
        assertThat(events.get(0).data().path("id").asString()).isEqualTo(id);
        List<String> said = events.stream()
                .filter(event -> event.name().equals("transcript"))
                .map(event -> event.data().path("line").path("speaker").asString() + ": "
                        + event.data().path("line").path("text").asString())
                .toList();
        assertThat(said).containsExactlyElementsOf(lines(answered).subList(0, said.size()));
        assertThat(said).containsSubsequence("caller: What time do you open?", "agent: " + FakeBrain.OPENING_HOURS);
        assertThat(events.stream()
                        .filter(event -> event.name().equals("transcript"))
                        .map(EventStreamClient.Event::id))
                .startsWith(id + ":line:0", id + ":line:1");
        EventStreamClient.Event ended = events.get(events.size() - 1);
        assertThat(ended.id()).isEqualTo(id + ":ended");
        assertThat(ended.data().path("status").asString()).isEqualTo("completed");
        assertThat(mine.comments()).as("heartbeats").contains("heartbeat");

        assertThat(liveCall(api, bearer, call.callSid))
                .as("an ended call leaves the list")
                .isNull();
        Thread.sleep(300);
        assertThat(theirs.drain()).as("another company's stream").isEmpty();
        assertThat(theirs.comments()).contains("heartbeat");
    }

    @Test
    void aCallOnOneInstanceIsSeenAndHandedToAPersonFromTheOther() throws Exception {
        String bearer = line.company().owner().bearer();
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(Application.class)
                .run(
                        "--server.port=0",
                        "--app.voice.api-key=" + FakeRealtimeServer.API_KEY,
                        "--app.voice.base-url=" + MODEL.baseUrl(),
                        "--app.telephony.exotel.webhook-token=" + TOKEN)) {
            ApiClient other = new ApiClient(
                            Integer.parseInt(second.getEnvironment().getProperty("local.server.port")))
                    .from(randomIp());
            EventStreamClient watching = stream(other, "", bearer);
            assertThat(watching.status()).isEqualTo(200);

            PhoneCall call = PhoneCall.dial(api, TOKEN, line.exophone());
            call.silenceUntil(() -> call.agentMillis() >= 1_500, 5_000);
            List<EventStreamClient.Event> seen = watching.until("transcript", WAIT);
            String id = callId(call.callSid);
            assertThat(seen.get(0).name()).isEqualTo("call.started");
            assertThat(seen.get(seen.size() - 1).data().path("callId").asString())
                    .isEqualTo(id);
            assertThat(liveCall(other, bearer, call.callSid))
                    .as("the other instance lists the call")
                    .isNotNull();

            ApiClient.Response escalated = other.post(
                    "/api/calls/escalate",
                    ApiClient.json(Map.of("callId", id, "reason", "the caller wants a person")),
                    "Authorization",
                    bearer);
            assertThat(escalated.status()).isEqualTo(201);
            assertThat(escalated.json().path("handedOff").asBoolean()).isTrue();
            assertThat(call.awaitClose())
                    .as("the stream on the first instance ended")
                    .isEqualTo(1000);
            EventStreamClient.Event handed = watching.until("call.escalated", WAIT).stream()
                    .filter(event -> event.name().equals("call.escalated"))
                    .findFirst()
                    .orElseThrow();
            assertThat(handed.data().path("callId").asString()).isEqualTo(id);
            assertThat(handed.data().path("reason").asString()).isEqualTo("the caller wants a person");
            JsonNode after = await(
                    () -> liveCall(other, bearer, call.callSid),
                    c -> c != null && c.path("agentState").asString().equals("handed_off"));
            assertThat(after.path("agentState").asString()).isEqualTo("handed_off");
        }
    }

    @Test
    void boundsTheCompanysStreamsAndRefusesBadRequests() throws Exception {
        String bearer = line.company().owner().bearer();
        EventStreamClient first = stream(api, "", bearer);
        EventStreamClient second = stream(api, "?callId=" + java.util.UUID.randomUUID(), bearer);
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        ApiClient.Response third =
                api.get("/api/calls/live/events", "Authorization", bearer, "Accept", "text/event-stream");
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.header("Content-Type")).startsWith("application/problem+json");
        assertThat(third.problemType()).isEqualTo("too-many-live-streams");
        assertThat(third.header("Retry-After")).isNotNull();

        // a client that goes away frees its place once the server notices (at the next heartbeat)
        first.close();
        int status = await(
                () -> {
                    EventStreamClient again = stream(api, "", bearer);
                    return again.status();
                },
                code -> code == 200);
        assertThat(status).isEqualTo(200);

        ApiClient.Response badId = api.get("/api/calls/live/events?callId=nope", "Authorization", bearer);
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.problemType()).isEqualTo("invalid-parameter");
        assertThat(api.get("/api/calls/live?what=1", "Authorization", bearer).problemType())
                .isEqualTo("unknown-parameter");
        assertThat(api.get("/api/calls/live").status()).isEqualTo(401);
        ApiClient.Response anonymous = api.get("/api/calls/live/events", "Accept", "text/event-stream");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.problemType()).isEqualTo("unauthenticated");
        assertThat(api.get("/api/calls/live", "Authorization", bearer)
                        .json()
                        .path("calls")
                        .isArray())
                .isTrue();
    }
}
