package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.recordings.RecordingTestAccess;
import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import com.caly.voice.fake.FakeRealtimeServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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
 * The console's test call: POST /api/web-calls, then the browser's side of /media/web as web-call.js speaks it
 * (Exotel's messages, 100 ms chunks of 8 kHz PCM), against the fake realtime model. The instance takes one live
 * call here, so that the limit can be met.
 */
class WebCallIT extends IntegrationTest {

    @RegisterExtension
    static final FakeRealtimeServer MODEL = FakeRealtimeServer.onLoopback();

    @DynamicPropertySource
    static void realtime(DynamicPropertyRegistry registry) {
        registry.add("app.voice.api-key", () -> FakeRealtimeServer.API_KEY);
        registry.add("app.voice.base-url", MODEL::baseUrl);
        registry.add("app.telephony.max-live-calls", () -> "1");
    }

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    ApplicationContext context;

    @Autowired
    MediaSessionRegistry registry;

    @Autowired
    WebCallTickets tickets;

    private TenantFixture.Company company;

    @BeforeEach
    void company() {
        MODEL.reset();
        company = new TenantFixture(tenants, passwordEncoder).company(api, "Web Call Co");
    }

    @AfterEach
    void noCallIsLeftLive() throws InterruptedException {
        ExotelTestLines.await(registry::liveCalls, live -> live == 0, Duration.ofSeconds(10));
        assertThat(registry.liveCalls()).isZero();
    }

    private String origin() {
        return "http://127.0.0.1:" + port;
    }

    private JsonNode start(TenantFixture.User member) {
        ApiClient.Response started = api.send("POST", "/api/web-calls", null, "Authorization", member.bearer());
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        return started.json();
    }

    /** The browser's side of a web call: connected and start sent, the agent's messages kept and marks echoed. */
    private static final class Browser {
        final ExotelCallerSide line = new ExotelCallerSide(8000, true);
        final String callId;
        final String streamSid = "web-" + UUID.randomUUID();
        private final long startedNanos = System.nanoTime();
        private int chunk;
        private double phase;

        Browser(String url, String origin, String callId) throws Exception {
            this.callId = callId;
            WebSocket socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Origin", origin)
                    .buildAsync(URI.create(url), line)
                    .get(10, TimeUnit.SECONDS);
            line.attach(socket);
            line.send("{\"event\":\"connected\"}");
            line.send(
                    "{\"event\":\"start\",\"sequence_number\":1,\"stream_sid\":\"" + streamSid
                            + "\",\"start\":{\"stream_sid\":\"" + streamSid + "\",\"call_sid\":\"" + callId
                            + "\",\"account_sid\":\"web\",\"from\":\"web\",\"to\":\"agent\","
                            + "\"media_format\":{\"encoding\":\"raw/slin\",\"sample_rate\":\"8000\",\"bit_rate\":\"128kbps\"}}}");
        }

        /** A tone (the fake model hears its pitch as words), or silence, in 100 ms chunks of 1,600 bytes. */
        Browser stream(int hz, int ms) throws InterruptedException {
            for (int sent = 0; sent < ms && !line.closed.isDone(); sent += 100) {
                ByteBuffer pcm = ByteBuffer.allocate(1_600).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < 800; i++) {
                    pcm.putShort(hz == 0 ? 0 : (short) Math.round(12_000 * Math.sin(phase)));
                    phase += 2 * Math.PI * hz / 8000;
                }
                line.send("{\"event\":\"media\",\"sequence_number\":" + (chunk + 2) + ",\"stream_sid\":\"" + streamSid
                        + "\",\"media\":{\"chunk\":" + (chunk + 1) + ",\"timestamp\":\"" + chunk * 100
                        + "\",\"payload\":\"" + Base64.getEncoder().encodeToString(pcm.array()) + "\"}}");
                chunk++;
                long wait = startedNanos + chunk * 100_000_000L - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000);
                }
            }
            return this;
        }

        Browser silenceUntil(java.util.function.BooleanSupplier done, int maxMs) throws InterruptedException {
            for (int waited = 0; waited < maxMs && !done.getAsBoolean() && !line.closed.isDone(); waited += 100) {
                stream(0, 100);
            }
            return this;
        }

        int agentMillis() {
            return (int) (line.agentBytes.get() / 16);
        }

        int hangUp() throws Exception {
            line.send("{\"event\":\"stop\",\"stream_sid\":\"" + streamSid + "\",\"stop\":{\"call_sid\":\"" + callId
                    + "\",\"reason\":\"callended\"}}");
            return line.closed.get(15, TimeUnit.SECONDS);
        }
    }

    /** The status of a refused upgrade. */
    private int refusal(String url, String origin) throws Exception {
        var builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (origin != null) {
            builder.header("Origin", origin);
        }
        try {
            builder.buildAsync(URI.create(url), new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
        throw new AssertionError("the upgrade to " + url + " was accepted");
    }

    private static String url(JsonNode started) {
        return started.path("streamUrl").asString() + "?ticket="
                + started.path("ticket").asString();
    }

    private String column(String callId, String expression) {
        return jdbc.sql("select coalesce(cast(" + expression + " as text), '') from calls where id = ?::uuid")
                .param(callId)
                .query(String.class)
                .single();
    }

    private long charges(String callId, String category) {
        return jdbc.sql("select count(*) from call_charges where call_id = ?::uuid and category = ?")
                .params(callId, category)
                .query(Long.class)
                .single();
    }

    @Test
    void talksToTheAgentAndIsStoredRecordedAndBilledAsAWebCall() throws Exception {
        JsonNode started = start(company.member());
        String callId = started.path("callId").asString();
        assertThat(started.path("streamUrl").asString()).isEqualTo("ws://127.0.0.1:" + port + "/media/web");
        assertThat(started.path("ticket").asString()).hasSize(43);
        assertThat(started.path("sampleRate").asInt()).isEqualTo(8000);
        assertThat(java.time.Instant.parse(started.path("expiresAt").asString()))
                .isBetween(
                        java.time.Instant.now().plusSeconds(50),
                        java.time.Instant.now().plusSeconds(61));
        assertThat(column(callId, "channel")).isEqualTo("web");
        assertThat(column(callId, "status")).isEqualTo("initiated");

        Browser browser = new Browser(url(started), origin(), callId);
        browser.silenceUntil(() -> browser.agentMillis() >= 1_500, 6_000).stream(0, 1_800);
        int greeting = browser.agentMillis();
        assertThat(greeting).as("the agent greeted the member").isGreaterThanOrEqualTo(1_500);
        browser.stream(500, 800).silenceUntil(() -> browser.agentMillis() >= greeting + 2_000, 6_000);
        assertThat(browser.agentMillis()).as("the agent answered").isGreaterThanOrEqualTo(greeting + 2_000);
        assertThat(browser.line.events).as("the agent's audio is marked").anyMatch(e -> e.startsWith("mark@"));
        assertThat(browser.hangUp()).isEqualTo(1000);

        String status =
                ExotelTestLines.await(() -> column(callId, "status"), "completed"::equals, Duration.ofSeconds(10));
        assertThat(status).isEqualTo("completed");
        assertThat(column(callId, "provider")).isEqualTo("web");
        assertThat(column(callId, "end_reason")).isEqualTo("stream_callended");
        assertThat(Integer.parseInt(column(callId, "duration_seconds"))).isBetween(4, 30);
        assertThat(column(callId, "answered_at")).isNotEmpty();
        assertThat(column(callId, "from_number")).isEmpty();

        RecordingTestAccess.drainUploads(context);
        assertThat(column(callId, "recording_url")).startsWith("recordings/" + company.id() + "/");
        assertThat(Long.parseLong(column(callId, "recording_duration_ms"))).isGreaterThan(4_000L);

        long ai = ExotelTestLines.await(() -> charges(callId, "ai"), n -> n > 0, Duration.ofSeconds(10));
        assertThat(ai).as("the model's usage is charged as on any call").isPositive();
        Thread.sleep(500); // the meter runs after the call's transaction
        assertThat(charges(callId, "telephony")).as("no carrier took the call").isZero();
        String transcript = ExotelTestLines.await(
                () -> jdbc.sql("select string_agg(speaker || ': ' || text, ' | ' order by sequence) from transcripts"
                                + " where call_id = ?::uuid")
                        .param(callId)
                        .query(String.class)
                        .optional()
                        .orElse(""),
                text -> text != null && text.contains("caller: "),
                Duration.ofSeconds(10));
        assertThat(transcript).contains("caller: What time do you open?");

        String bearer = company.member().bearer();
        JsonNode web =
                api.get("/api/calls?channel=web", "Authorization", bearer).json();
        assertThat(web.path("items").size()).isEqualTo(1);
        assertThat(web.path("items").get(0).path("id").asString()).isEqualTo(callId);
        assertThat(web.path("items").get(0).path("channel").asString()).isEqualTo("web");
        assertThat(api.get("/api/calls?channel=phone", "Authorization", bearer)
                        .json()
                        .path("items")
                        .size())
                .isZero();
        assertThat(api.get("/api/calls?channel=phone,web&status=completed", "Authorization", bearer)
                        .json()
                        .path("items")
                        .size())
                .isEqualTo(1);
        JsonNode detail =
                api.get("/api/calls/" + callId, "Authorization", bearer).json();
        assertThat(detail.path("call").path("channel").asString()).isEqualTo("web");
        assertThat(detail.path("call").path("hasRecording").asBoolean()).isTrue();

        assertThat(refusal(url(started), origin()))
                .as("a ticket opens one stream")
                .isEqualTo(401);
    }

    @Test
    void refusesAStreamWithoutAValidTicketAndCancelsTheCallOfALapsedOne() throws Exception {
        String base = "ws://127.0.0.1:" + port + "/media/web";
        assertThat(refusal(base, origin())).isEqualTo(401);
        assertThat(refusal(base + "?ticket=short", origin())).isEqualTo(401);
        assertThat(refusal(base + "?ticket=" + "A".repeat(43), origin())).isEqualTo(401);

        JsonNode started = start(company.owner());
        String callId = started.path("callId").asString();
        jdbc.sql("update web_call_tickets set expires_at = now() - interval '1 minute' where call_id = ?::uuid")
                .param(callId)
                .update();
        assertThat(refusal(url(started), origin())).as("an expired ticket").isEqualTo(401);

        tickets.cancelCallsNeverConnected();
        assertThat(column(callId, "status")).isEqualTo("canceled");
        assertThat(column(callId, "end_reason")).isEqualTo("web_not_connected");
        assertThat(column(callId, "recording_url")).isEmpty();
        Thread.sleep(500);
        assertThat(jdbc.sql("select count(*) from call_charges where call_id = ?::uuid")
                        .param(callId)
                        .query(Long.class)
                        .single())
                .as("nothing is billed")
                .isZero();
        assertThat(count("recording_uploads where call_id = '" + callId + "'")).isZero();
    }

    @Test
    void refusesAPageOfAnotherSiteAndKeepsTheTicketForOurs() throws Exception {
        JsonNode started = start(company.member());
        String callId = started.path("callId").asString();
        assertThat(refusal(url(started), "https://evil.example")).isEqualTo(403);
        assertThat(refusal(url(started), "http://127.0.0.1:" + (port + 1))).isEqualTo(403);
        assertThat(refusal(url(started), null)).as("no Origin").isEqualTo(403);
        assertThat(column(callId, "status")).isEqualTo("initiated");

        Browser browser = new Browser(url(started), origin(), callId);
        browser.silenceUntil(() -> browser.agentMillis() > 0, 5_000);
        assertThat(browser.hangUp()).isEqualTo(1000);
        assertThat(ExotelTestLines.await(() -> column(callId, "status"), "completed"::equals, Duration.ofSeconds(10)))
                .isEqualTo("completed");
    }

    @Test
    void refusesWebCallsBeyondTheInstancesLiveCallLimit() throws Exception {
        JsonNode first = start(company.member());
        JsonNode second = start(company.member());
        Browser browser = new Browser(url(first), origin(), first.path("callId").asString());
        ExotelTestLines.await(registry::liveCalls, live -> live == 1, Duration.ofSeconds(5));

        ApiClient.Response refused = api.send(
                "POST",
                "/api/web-calls",
                null,
                "Authorization",
                company.member().bearer());
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.problemType()).isEqualTo("live-calls-full");
        assertThat(refusal(url(second), origin())).isEqualTo(503);

        browser.stream(0, 300);
        assertThat(browser.hangUp()).isEqualTo(1000);
    }

    @Test
    void needsASignedInMemberAndAKnownChannel() {
        assertThat(api.send("POST", "/api/web-calls", null).status()).isEqualTo(401);
        ApiClient.Response bogus = api.get(
                "/api/calls?channel=bogus", "Authorization", company.member().bearer());
        assertThat(bogus.status()).isEqualTo(400);
        assertThat(bogus.problemType()).isEqualTo("invalid-parameter");
    }
}
