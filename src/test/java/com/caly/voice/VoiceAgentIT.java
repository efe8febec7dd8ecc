package com.caly.voice;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.calls.CallFixtures;
import com.caly.calls.CallId;
import com.caly.support.IntegrationTest;
import com.caly.telephony.exotel.ExotelTestLines;
import com.caly.tenants.TenantService;
import com.caly.voice.audio.MuLaw;
import com.caly.voice.fake.FakeBrain;
import com.caly.voice.fake.FakeRealtimeServer;
import com.caly.voice.fake.FakeRealtimeSession;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Whole calls through the Exotel stream to the voice agent, with a faithful fake of the realtime API. */
class VoiceAgentIT extends IntegrationTest {

    static final String TOKEN = "voice-test-webhook-token-0123456789";

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

    private ExotelTestLines.Line line;

    @BeforeEach
    void companyWithANumber() {
        MODEL.reset();
        line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Voice Co");
    }

    @AfterEach
    void everyClientEventMatchedTheDocumentedShapes() throws InterruptedException {
        ExotelTestLines.await(MODEL::openSessions, open -> open == 0, Duration.ofSeconds(5));
        assertThat(MODEL.openSessions()).as("no model session is left open").isZero();
        assertThat(MODEL.violations()).isEmpty();
    }

    private <T> T await(java.util.function.Supplier<T> probe, java.util.function.Predicate<T> done)
            throws InterruptedException {
        return ExotelTestLines.await(probe, done, Duration.ofSeconds(10));
    }

    private List<String> transcript(PhoneCall call) {
        journal.flush();
        return jdbc.sql("""
                        select t.speaker || ': ' || t.text from transcripts t join calls c on c.id = t.call_id
                        where c.provider_call_sid = ? order by t.sequence""").param(call.callSid).query(String.class).list();
    }

    @Test
    void greetsFromTheCacheWithin300MillisecondsOnceTheGreetingHasBeenSpoken() throws Exception {
        PhoneCall first = PhoneCall.dial(api, TOKEN, line.exophone());
        first.silenceUntil(() -> first.agentMillis() >= 1_500, 5_000);
        assertThat(first.agentMillis()).as("the model spoke the greeting").isGreaterThanOrEqualTo(1_500);
        first.silence(1_700);
        assertThat(first.hangUp()).isEqualTo(1000);
        assertThat(transcript(first)).first().asString().startsWith("agent: Namaste!");
        await(
                () -> jdbc.sql("select count(*) from agent_greetings where company_id = ?")
                        .param(line.company().id().value())
                        .query(Long.class)
                        .single(),
                count -> count == 1);

        PhoneCall second = PhoneCall.dial(api, TOKEN, line.exophone());
        second.silence(600);
        assertThat(second.firstAgentAudioMs()).isBetween(0L, 300L);
        assertThat(second.hangUp()).isEqualTo(1000);
        assertThat(MODEL.sessions()).hasSize(2);
        assertThat(MODEL.sessions().get(1).events("response.create"))
                .as("the second call's greeting came from the cache, not the model")
                .isEmpty();
    }

    @Test
    void batchesLongSilenceToTheModelButSendsSpeechFrameByFrameAndLosesNoAudio() throws Exception {
        PhoneCall call = PhoneCall.dial(api, TOKEN, line.exophone());
        call.silence(1_500).say(500, 600).silence(1_500);
        assertThat(call.hangUp()).isEqualTo(1000);

        List<byte[]> appends = MODEL.sessions().get(0).events("input_audio_buffer.append").stream()
                .map(event ->
                        java.util.Base64.getDecoder().decode(event.path("audio").asString()))
                .toList();
        assertThat(appends.stream().mapToInt(audio -> audio.length).sum())
                .as("what the caller sent reached the model as 8 kHz mu-law, but for silence still held at the hang-up")
                .isBetween(8 * 3_600 - 800, 8 * 3_600);
        assertThat(appends).as("quiet stretches go in 100 ms appends").anyMatch(audio -> audio.length == 800);
        List<byte[]> loud = appends.stream()
                .filter(audio -> {
                    byte[] pcm = com.caly.voice.audio.MuLaw.toPcm(audio);
                    for (int i = 0; i + 1 < pcm.length; i += 2) {
                        if (Math.abs((short) ((pcm[i] & 0xFF) | (pcm[i + 1] << 8))) > 3_000) {
                            return true;
                        }
                    }
                    return false;
                })
                .toList();
        assertThat(loud).hasSize(30);
        assertThat(loud.subList(1, loud.size()))
                .as("speech goes frame by frame")
                .allMatch(audio -> audio.length == 160);
    }

    @Test
    void answersAQuestionAndRecordsTheTurn() throws Exception {
        PhoneCall call = PhoneCall.dial(api, TOKEN, line.exophone());
        call.silenceUntil(() -> call.agentMillis() >= 1_500, 5_000).silence(1_800);
        int greeting = call.agentMillis();
        call.say(500, 800)
                .silenceUntil(() -> call.agentMillis() >= greeting + 2_000, 6_000)
                .silence(2_200);
        assertThat(call.agentMillis()).isGreaterThanOrEqualTo(greeting + 2_000);
        assertThat(call.hangUp()).isEqualTo(1000);

        assertThat(transcript(call))
                .containsSubsequence("caller: What time do you open?", "agent: " + FakeBrain.OPENING_HOURS);
        var turn = jdbc.sql("""
                        select voice_to_voice_ms, model_ms, server_ms from call_turns t join calls c on c.id = t.call_id
                        where c.provider_call_sid = ?""")
                .param(call.callSid)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
                .single();
        assertThat(turn[0]).as("voice to voice").isBetween(turn[1], 3_000L);
        assertThat(turn[2]).as("what this server adds").isLessThan(100);
        // the conversation's counts and charges are written once it has closed, just after the socket
        long charges = await(
                () -> {
                    journal.flush();
                    return jdbc.sql(
                                    "select count(*) from call_charges k join calls c on c.id = k.call_id where c.provider_call_sid = ? and k.category = 'ai'")
                            .param(call.callSid)
                            .query(Long.class)
                            .single();
                },
                count -> count > 0);
        assertThat(charges).isPositive();

        // Exotel's call-end: the call is analysed from its transcript
        assertThat(api.get("/webhooks/exotel/call-end?token=" + TOKEN + "&CallSid=" + call.callSid + "&CallTo="
                                + line.exophone() + "&Status=completed&DialCallDuration=12")
                        .status())
                .isEqualTo(200);
        String analysis = await(
                () -> callColumn(call, "coalesce(outcome || '/' || sentiment || '/' || intent, '')"),
                verdict -> !verdict.isEmpty());
        assertThat(analysis).isEqualTo("resolved/neutral/opening hours");
        assertThat(callColumn(call, "summary")).startsWith("The caller called the shop");
        assertThat(MODEL.analyses.get()).isPositive();
    }

    /** Waits out the greeting (spoken by the model on a first call, or from the cache) and its playback. */
    private PhoneCall answered() throws Exception {
        PhoneCall call = PhoneCall.dial(api, TOKEN, line.exophone());
        call.silenceUntil(() -> call.agentMillis() >= 1_500, 5_000).silence(1_800);
        return call;
    }

    /** Points the company's agent at an order-status endpoint, with a secret to sign requests or none. */
    private void orderEndpoint(String url, @org.jspecify.annotations.Nullable String secret) {
        var settings = api.get(
                        "/api/agent", "Authorization", line.company().owner().bearer())
                .json();
        java.util.Map<String, Object> update =
                com.caly.support.ApiClient.JSON.convertValue(settings, java.util.Map.class);
        update.put("orderStatusUrl", url);
        if (secret != null) {
            update.put("orderStatusSecret", secret);
        }
        assertThat(api.put(
                                "/api/agent",
                                com.caly.support.ApiClient.json(update),
                                "Authorization",
                                line.company().owner().bearer())
                        .status())
                .isEqualTo(200);
    }

    private long stat(PhoneCall call, String column) throws InterruptedException {
        return await(
                () -> {
                    journal.flush();
                    return jdbc.sql(
                                    "select coalesce(max(s." + column
                                            + "), -1) from voice_call_stats s join calls c on c.id = s.call_id where c.provider_call_sid = ?")
                            .param(call.callSid)
                            .query(Long.class)
                            .single();
                },
                value -> value >= 0);
    }

    private String callColumn(PhoneCall call, String expression) {
        return jdbc.sql("select " + expression + " from calls where provider_call_sid = ?")
                .param(call.callSid)
                .query(String.class)
                .single();
    }

    private int afterBot(PhoneCall call) {
        return api.get("/webhooks/exotel/after-bot?token=" + TOKEN + "&CallSid=" + call.callSid + "&CallTo="
                        + line.exophone())
                .status();
    }

    @Test
    void looksUpAnOrderAtTheCompanysEndpointWithASignedRequest() throws Exception {
        List<String> signatures = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer orders =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        orders.createContext("/status", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String expected = "sha256="
                    + java.util.HexFormat.of()
                            .formatHex(com.caly.shared.Secrets.hmacSha256(
                                    "order-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                    exchange.getRequestHeaders().getFirst("X-Caly-Timestamp") + "." + body));
            boolean signed = expected.equals(exchange.getRequestHeaders().getFirst("X-Caly-Signature"));
            signatures.add(signed + " " + body);
            byte[] answer = (signed
                            ? "{\"order_id\":\"12345\",\"status\":\"shipped\",\"expected_delivery\":\"2026-12-03\",\"warehouse_notes\":\"internal\"}"
                            : "{}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(signed ? 200 : 401, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        orders.start();
        try {
            orderEndpoint("http://127.0.0.1:" + orders.getAddress().getPort() + "/status", "order-secret");

            PhoneCall call = answered();
            int before = call.agentMillis();
            call.say(700, 800)
                    .silenceUntil(() -> call.agentMillis() >= before + 1_200, 8_000)
                    .silence(1_500);
            assertThat(call.hangUp()).isEqualTo(1000);

            assertThat(signatures).hasSize(1);
            assertThat(signatures.get(0)).startsWith("true ").contains("\"order_id\":\"12345\"");
            var action = jdbc.sql(
                            "select a.tool, a.status, a.result::text from actions a join calls c on c.id = a.call_id where c.provider_call_sid = ?")
                    .param(call.callSid)
                    .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                    .single();
            assertThat(action[0]).isEqualTo("lookup_order");
            assertThat(action[1]).isEqualTo("ok");
            assertThat(action[2]).contains("shipped").doesNotContain("warehouse_notes");
            assertThat(transcript(call))
                    .anySatisfy(line -> assertThat(line)
                            .startsWith("agent: Here is what I found")
                            .contains("shipped"));
        } finally {
            orders.stop(0);
        }
    }

    @Test
    void filesAReturnRequestFromTheCall() throws Exception {
        PhoneCall call = answered();
        int before = call.agentMillis();
        call.say(900, 900)
                .silenceUntil(() -> call.agentMillis() >= before + 1_200, 8_000)
                .silence(1_500);
        assertThat(call.hangUp()).isEqualTo(1000);
        var filed = jdbc.sql(
                        "select r.order_id, r.kind, r.reason, r.status, r.items::text from returns r join calls c on c.id = r.call_id where c.provider_call_sid = ?")
                .param(call.callSid)
                .query((rs, n) -> new String[] {
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)
                })
                .single();
        assertThat(filed).containsExactly("12345", "return", "arrived damaged", "requested", "[\"all items\"]");
        assertThat(jdbc.sql(
                                "select a.status from actions a join calls c on c.id = a.call_id where c.provider_call_sid = ?")
                        .param(call.callSid)
                        .query(String.class)
                        .single())
                .isEqualTo("ok");
    }

    /** Makes the database refuse this company's inserts into a table, as a broken or full database would. */
    private AutoCloseable refuseInserts(String table) {
        String name = "refuse_" + table + "_" + Long.toHexString(System.nanoTime());
        jdbc.sql("create function " + name + "() returns trigger language plpgsql as $$ begin raise exception '" + table
                        + " refused by the test'; end $$")
                .update();
        jdbc.sql("create trigger " + name + " before insert on " + table + " for each row when (new.company_id = '"
                        + line.company().id().value() + "') execute function " + name + "()")
                .update();
        return () -> {
            jdbc.sql("drop trigger " + name + " on " + table).update();
            jdbc.sql("drop function " + name + "()").update();
        };
    }

    private List<String> toolOutputs() {
        return MODEL.sessions().get(0).events("conversation.item.create").stream()
                .filter(e -> e.path("item").path("type").asString("").equals("function_call_output"))
                .map(e -> e.path("item").path("output").asString())
                .toList();
    }

    /** The transcript has lines starting with each of these, in this order. */
    private static void saidInOrder(List<String> transcript, String... starts) {
        int next = 0;
        for (String said : transcript) {
            if (next < starts.length && said.startsWith(starts[next])) {
                next++;
            }
        }
        assertThat(next)
                .as("lines starting %s in %s", List.of(starts), transcript)
                .isEqualTo(starts.length);
    }

    /** The caller asks what time the shop opens; the agent answers in full. */
    private void asksTheOpeningHours(PhoneCall call) throws Exception {
        int before = call.agentMillis();
        call.say(500, 800)
                .silenceUntil(() -> call.agentMillis() >= before + 2_000, 6_000)
                .silence(2_200);
    }

    @Test
    void aReturnTheDatabaseRefusesIsToldToTheModelAndTheConversationGoesOn() throws Exception {
        PhoneCall call;
        try (AutoCloseable refused = refuseInserts("returns")) {
            call = answered();
            int before = call.agentMillis();
            call.say(900, 900)
                    .silenceUntil(() -> call.agentMillis() >= before + 1_200, 8_000)
                    .silence(1_500);
            asksTheOpeningHours(call);
            assertThat(call.hangUp()).isEqualTo(1000);
        }
        assertThat(toolOutputs()).singleElement().asString().contains("temporarily_unavailable");
        saidInOrder(
                transcript(call),
                "caller: I want to return order 12345, it arrived damaged.",
                "agent: Here is what I found: {\"error\":\"temporarily_unavailable\"",
                "caller: What time do you open?",
                "agent: " + FakeBrain.OPENING_HOURS);
        assertThat(jdbc.sql("select count(*) from returns where company_id = ?")
                        .param(line.company().id().value())
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql(
                                "select a.status from actions a join calls c on c.id = a.call_id where c.provider_call_sid = ?")
                        .param(call.callSid)
                        .query(String.class)
                        .single())
                .isEqualTo("error");
    }

    @Test
    void anActionTheDatabaseCannotLogStillGivesTheModelItsAnswer() throws Exception {
        PhoneCall call;
        try (AutoCloseable refused = refuseInserts("actions")) {
            call = answered();
            int before = call.agentMillis();
            call.say(900, 900)
                    .silenceUntil(() -> call.agentMillis() >= before + 1_200, 8_000)
                    .silence(1_500);
            asksTheOpeningHours(call);
            assertThat(call.hangUp()).isEqualTo(1000);
        }
        assertThat(toolOutputs()).singleElement().asString().contains("\"status\":\"requested\"");
        saidInOrder(
                transcript(call),
                "agent: Here is what I found: {\"status\":\"requested\"",
                "agent: " + FakeBrain.OPENING_HOURS);
        assertThat(jdbc.sql(
                                "select r.status from returns r join calls c on c.id = r.call_id where c.provider_call_sid = ?")
                        .param(call.callSid)
                        .query(String.class)
                        .single())
                .isEqualTo("requested");
    }

    @Test
    void givesBadToolArgumentsBackToTheModelAsAnError() throws Exception {
        orderEndpoint("http://127.0.0.1:9/status", null);
        PhoneCall call = answered();
        int before = call.agentMillis();
        call.say(1500, 800)
                .silenceUntil(() -> call.agentMillis() >= before + 1_200, 8_000)
                .silence(1_500);
        assertThat(call.hangUp()).isEqualTo(1000);
        var action = jdbc.sql(
                        "select a.status, a.result::text from actions a join calls c on c.id = a.call_id where c.provider_call_sid = ?")
                .param(call.callSid)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                .single();
        assertThat(action[0]).isEqualTo("invalid_arguments");
        assertThat(action[1]).contains("unexpected order_number");
        var output = MODEL.sessions().get(0).events("conversation.item.create").stream()
                .filter(e -> e.path("item").path("type").asString("").equals("function_call_output"))
                .findFirst()
                .orElseThrow();
        assertThat(output.path("item").path("output").asString()).contains("invalid_arguments");
    }

    @Test
    void aRealInterruptionClearsThePlaybackCancelsAndTruncatesAtWhatWasHeard() throws Exception {
        MODEL.faults().deltaEveryMs = 90; // a little faster than real time: the reply is still streaming
        MODEL.faults().lateDeltas = 3;
        PhoneCall call = answered();
        int before = call.agentMillis();
        // the greeting's last chunk may be shorter than the others (its tail is padded to whole frames only)
        int greetingChunks = call.times("media").size();
        call.say(500, 600).silenceUntil(() -> call.agentMillis() >= before + 600, 5_000);
        long replyStarted = call.times("media").stream()
                .filter(t -> t > call.startedNanos)
                .toList()
                .get(greetingChunks);
        call.say(700, 1_200);
        List<Long> clears = call.times("clear");
        assertThat(clears).hasSize(1);
        long clearedAt = clears.get(0);
        call.silence(300);
        assertThat(call.times("media").stream()
                        .filter(t -> t > clearedAt + 20_000_000L && t < clearedAt + 300_000_000L))
                .as("nothing of the interrupted reply is played after the clear, late deltas included")
                .isEmpty();
        call.silenceUntil(() -> false, 4_500); // the answer to the interruption plays out
        assertThat(call.hangUp()).isEqualTo(1000);

        var session = MODEL.sessions().get(0);
        assertThat(session.events("response.cancel")).hasSize(1);
        var truncate = session.events("conversation.item.truncate");
        assertThat(truncate).hasSize(1);
        long playedMs = (clearedAt - replyStarted) / 1_000_000;
        assertThat(truncate.get(0).path("audio_end_ms").asLong())
                .as(
                        "truncated where the caller stopped hearing: the chunk playing at the clear plays to its end,"
                                + " nothing after it (played %d ms)",
                        playedMs)
                .isBetween(Math.max(0, playedMs - 500), playedMs + 200 + 50);
        assertThat(session.errors).isEmpty();
        assertThat(stat(call, "interruptions")).isEqualTo(1);
        assertThat(jdbc.sql(
                                "select count(*) from transcripts t join calls c on c.id = t.call_id where c.provider_call_sid = ? and t.speaker = 'agent' and t.interrupted")
                        .param(call.callSid)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void theCallApiShowsWhatTheAgentCountedOfTheCallerSpeakingOverIt() {
        UUID call = new CallFixtures(jdbc)
                .call(line.company().id(), Instant.now().minusSeconds(120))
                .insert();
        journal.finished(
                line.company().id(),
                new CallId(call),
                new CallJournal.ConversationStats(3, 5, 120, 4_000, 0, 80, 6_000, 1, 0, 7, 4));
        journal.flush();

        var voice = api.get(
                        "/api/calls/" + call,
                        "Authorization",
                        line.company().member().bearer())
                .json()
                .path("voice");
        assertThat(voice.path("interruptions").asInt()).isEqualTo(3);
        assertThat(voice.path("backchannelsIgnored").asInt()).isEqualTo(5);
        assertThat(voice.path("pauses").asInt()).isEqualTo(7);
        assertThat(voice.path("resumes").asInt()).isEqualTo(4);
        assertThat(voice.path("inputAudioTokens").asLong()).isEqualTo(4_000);
    }

    @Test
    void haanOverTheAgentPausesItUntilTheWordsAreKnownAndItResumesWithNoAudioLostOrRepeated() throws Exception {
        MODEL.faults().deltaEveryMs = 90;
        PhoneCall call = answered();
        int before = call.agentMillis();
        call.say(500, 600).silenceUntil(() -> call.agentMillis() >= before + 400, 5_000);
        call.say(300, 400).silence(3_000);
        List<Long> clears = call.times("clear");
        assertThat(clears).as("paused at once, a single clear").hasSize(1);
        long resumedAt = call.times("media").stream()
                .filter(t -> t > clears.get(0))
                .findFirst()
                .orElseThrow();
        // the decision: the caller's 400 ms, the model's 500 ms of silence to end the turn, then the words
        assertThat((resumedAt - clears.get(0)) / 1_000_000)
                .as("paused for no longer than the decision takes")
                .isBetween(400L, 1_400L);
        assertThat(call.hangUp()).isEqualTo(1000);

        byte[] greeting = MuLaw.toPcm(FakeRealtimeSession.replyAudio(0, 1_500, true));
        byte[] reply = MuLaw.toPcm(FakeRealtimeSession.replyAudio(0, 2_000, true));
        byte[] expected = java.util.Arrays.copyOf(greeting, greeting.length + reply.length);
        System.arraycopy(reply, 0, expected, greeting.length, reply.length);
        assertThat(call.exotel.heardAudio())
                .as("the caller heard the greeting and the whole reply, nothing lost or played twice")
                .isEqualTo(expected);
        assertThat(MODEL.sessions().get(0).events("response.cancel")).isEmpty();
        assertThat(MODEL.sessions().get(0).events("conversation.item.truncate")).isEmpty();
        assertThat(stat(call, "pauses")).isEqualTo(1);
        assertThat(stat(call, "resumes")).isEqualTo(1);
        assertThat(stat(call, "backchannels_ignored")).isEqualTo(1);
        assertThat(stat(call, "interruptions")).isZero();
        assertThat(transcript(call)).contains("caller: haan", "agent: " + FakeBrain.OPENING_HOURS);
    }

    @Test
    void talkingThroughTheAgentGoesOnOverABackchannelWithoutAPause() throws Exception {
        interruptionMode("talk_through");
        MODEL.faults().deltaEveryMs = 90;
        PhoneCall call = answered();
        int before = call.agentMillis();
        call.say(500, 600).silenceUntil(() -> call.agentMillis() >= before + 400, 5_000);
        call.say(300, 400).silence(2_500);
        assertThat(call.agentMillis()).as("the whole reply was played").isGreaterThanOrEqualTo(before + 2_000);
        assertThat(call.times("clear")).isEmpty();
        assertThat(call.hangUp()).isEqualTo(1000);
        assertThat(MODEL.sessions().get(0).events("response.cancel")).isEmpty();
        assertThat(stat(call, "backchannels_ignored")).isEqualTo(1);
        assertThat(stat(call, "pauses")).isZero();
        assertThat(stat(call, "interruptions")).isZero();
        assertThat(transcript(call)).contains("caller: haan", "agent: " + FakeBrain.OPENING_HOURS);
    }

    @Test
    void inImmediateModeAnyWordsOverTheAgentInterruptItAndAreAnswered() throws Exception {
        interruptionMode("immediate");
        MODEL.faults().deltaEveryMs = 90;
        PhoneCall call = answered();
        int before = call.agentMillis();
        call.say(500, 600).silenceUntil(() -> call.agentMillis() >= before + 400, 5_000);
        call.say(300, 400).silence(3_000);
        assertThat(call.times("clear")).hasSize(1);
        assertThat(call.hangUp()).isEqualTo(1000);
        assertThat(MODEL.sessions().get(0).events("response.cancel")).hasSize(1);
        assertThat(stat(call, "interruptions")).isEqualTo(1);
        assertThat(stat(call, "pauses")).isZero();
        assertThat(MODEL.sessions().get(0).events("response.create").size())
                .as("the interruption was answered")
                .isGreaterThanOrEqualTo(2);
    }

    private void interruptionMode(String mode) {
        var settings = api.get(
                        "/api/agent", "Authorization", line.company().owner().bearer())
                .json();
        java.util.Map<String, Object> update =
                com.caly.support.ApiClient.JSON.convertValue(settings, java.util.Map.class);
        update.put("interruptions", java.util.Map.of("mode", mode, "resumeAfterMs", 700, "echoGuardMs", 200));
        assertThat(api.put(
                                "/api/agent",
                                com.caly.support.ApiClient.json(update),
                                "Authorization",
                                line.company().owner().bearer())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void escalatesToAPersonWhenAsked() throws Exception {
        PhoneCall call = answered();
        call.say(1100, 900);
        call.silenceUntil(() -> call.exotel.closed.isDone(), 10_000);
        assertThat(call.awaitClose()).isEqualTo(1000);
        assertThat(call.agentMillis()).as("the hand-off line was said first").isGreaterThan(1_500 + 1_000);
        assertThat(jdbc.sql(
                                "select e.reason || '/' || e.urgency || '/' || e.status from escalations e join calls c on c.id = e.call_id where c.provider_call_sid = ?")
                        .param(call.callSid)
                        .query(String.class)
                        .single())
                .isEqualTo("caller asked for a person/normal/open");
        assertThat(afterBot(call)).isEqualTo(302);
    }

    @Test
    void aModelThatRefusesTheConnectionSendsTheCallerToAPerson() throws Exception {
        MODEL.faults().refuseWith = 503;
        PhoneCall call = PhoneCall.dial(api, TOKEN, line.exophone());
        call.silenceUntil(() -> call.exotel.closed.isDone(), 8_000);
        assertThat(call.awaitClose()).isEqualTo(1000);
        assertThat(afterBot(call)).isEqualTo(302);
        assertThat(callColumn(call, "end_reason")).isEqualTo("ai_unavailable");
        await(
                () -> jdbc.sql(
                                "select count(*) from escalations e join calls c on c.id = e.call_id where c.provider_call_sid = ? and e.reason = 'ai_unavailable'")
                        .param(call.callSid)
                        .query(Long.class)
                        .single(),
                count -> count == 1);
        // the recording is queued on a worker once the loop is done with the call
        assertThat(await(
                        () -> jdbc.sql(
                                        "select count(*) from recording_uploads u join calls c on c.id = u.call_id where c.provider_call_sid = ?")
                                .param(call.callSid)
                                .query(Long.class)
                                .single(),
                        count -> count == 1))
                .as("the caller's audio is still recorded")
                .isEqualTo(1);
    }

    @Test
    void oneCloseMidCallIsSurvivedWithTheConversationCarriedOver() throws Exception {
        MODEL.faults().closeAfterMs = 4_000;
        MODEL.faults().closeSessions = 1;
        PhoneCall call = answered();
        call.silenceUntil(() -> MODEL.sessions().size() == 2, 4_000).silence(500);
        int before = call.agentMillis();
        call.say(500, 700)
                .silenceUntil(() -> call.agentMillis() >= before + 2_000, 6_000)
                .silence(2_200);
        assertThat(call.hangUp()).isEqualTo(1000);
        assertThat(MODEL.sessions()).hasSize(2);
        assertThat(MODEL.sessions().get(1).events("conversation.item.create"))
                .as("the greeting was carried into the new session")
                .anySatisfy(
                        e -> assertThat(e.path("item").path("role").asString()).isEqualTo("assistant"));
        assertThat(transcript(call)).contains("agent: " + FakeBrain.OPENING_HOURS);
        assertThat(afterBot(call)).isEqualTo(200);
    }

    @Test
    void aModelThatKeepsClosingSendsTheCallerToAPersonAndTheRecordingIsKept() throws Exception {
        MODEL.faults().closeAfterMs = 2_000;
        PhoneCall call = answered();
        call.silenceUntil(() -> call.exotel.closed.isDone(), 8_000);
        assertThat(call.awaitClose()).isEqualTo(1000);
        assertThat(MODEL.sessions()).hasSize(2);
        assertThat(callColumn(call, "end_reason")).isEqualTo("ai_unavailable");
        assertThat(afterBot(call)).isEqualTo(302);
        await(
                () -> jdbc.sql(
                                "select count(*) from recording_uploads u join calls c on c.id = u.call_id where c.provider_call_sid = ?")
                        .param(call.callSid)
                        .query(Long.class)
                        .single(),
                count -> count == 1);
    }

    @Test
    void malformedEventsFromTheModelAreCountedAndSurvived() throws Exception {
        MODEL.faults().garbage = List.of("not json at all", "[1,2,3]", "{\"no\":\"type\"}");
        PhoneCall call = answered();
        int before = call.agentMillis();
        call.say(500, 700)
                .silenceUntil(() -> call.agentMillis() >= before + 2_000, 6_000)
                .silence(2_200);
        assertThat(call.hangUp()).isEqualTo(1000);
        assertThat(stat(call, "malformed_events")).isEqualTo(3);
        assertThat(transcript(call)).contains("agent: " + FakeBrain.OPENING_HOURS);
    }

    @Test
    void callersWhoHangUpAtAnyMomentLeaveNoModelSessionOpen() throws Exception {
        MODEL.faults().handshakeDelayMs = 600; // some hang up while the model is still connecting
        List<Integer> hangUpAfterMs = List.of(0, 150, 400, 700, 1_200, 2_000);
        for (int after : hangUpAfterMs) {
            PhoneCall call = PhoneCall.dial(api, TOKEN, line.exophone());
            call.silence(after);
            assertThat(call.hangUp()).isEqualTo(1000);
        }
        // a call that hangs up while its session is still connecting may never open one; the later ones do
        await(() -> MODEL.sessions().size(), size -> size >= 2);
        assertThat(MODEL.sessions())
                .as("the calls still up after the handshake opened their sessions")
                .hasSizeBetween(2, hangUpAfterMs.size());
        // the check after each test: every session opened is closed again
    }

    @Test
    void talksOnA16KilohertzLineThroughTheResamplers() throws Exception {
        PhoneCall call = PhoneCall.dial(api, TOKEN, line.exophone(), 16_000);
        call.silenceUntil(() -> call.agentMillis() >= 1_500, 5_000).silence(1_800);
        int before = call.agentMillis();
        call.say(500, 800)
                .silenceUntil(() -> call.agentMillis() >= before + 2_000, 6_000)
                .silence(2_200);
        assertThat(call.hangUp()).isEqualTo(1000);
        assertThat(MODEL.sessions()
                        .get(0)
                        .events("session.update")
                        .get(0)
                        .path("session")
                        .path("audio")
                        .path("input")
                        .path("format")
                        .toString())
                .isEqualTo("{\"type\":\"audio/pcm\",\"rate\":24000}");
        assertThat(transcript(call)).contains("caller: What time do you open?", "agent: " + FakeBrain.OPENING_HOURS);
        // the model's 600 Hz voice, brought down from 24 kHz, is still 600 Hz on the 16 kHz line
        byte[] agent = call.exotel.agentAudio();
        int crossings = 0;
        for (int i = 2; i + 1 < agent.length; i += 2) {
            short previous = (short) ((agent[i - 2] & 0xFF) | (agent[i - 1] << 8));
            short sample = (short) ((agent[i] & 0xFF) | (agent[i + 1] << 8));
            if ((previous < 0) != (sample < 0)) {
                crossings++;
            }
        }
        double seconds = agent.length / 2.0 / 16_000;
        assertThat(crossings / (2 * seconds)).isCloseTo(600, org.assertj.core.data.Offset.offset(40.0));
    }

    @Test
    void anOrderEndpointThatDoesNotAnswerInThreeSecondsBecomesAPoliteAnswer() throws Exception {
        com.sun.net.httpserver.HttpServer slow =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        slow.createContext("/status", exchange -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        slow.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        slow.start();
        try {
            orderEndpoint("http://127.0.0.1:" + slow.getAddress().getPort() + "/status", null);
            PhoneCall call = answered();
            int before = call.agentMillis();
            call.say(700, 800)
                    .silenceUntil(() -> call.agentMillis() >= before + 1_200, 8_000)
                    .silence(1_500);
            assertThat(call.agentMillis()).as("the agent answered, not silence").isGreaterThanOrEqualTo(before + 1_200);
            assertThat(call.hangUp()).isEqualTo(1000);
            var action = jdbc.sql(
                            "select a.status, a.duration_ms from actions a join calls c on c.id = a.call_id where c.provider_call_sid = ?")
                    .param(call.callSid)
                    .query((rs, n) -> new Object[] {rs.getString(1), rs.getInt(2)})
                    .single();
            assertThat(action[0]).isEqualTo("timeout");
            assertThat((Integer) action[1]).isBetween(2_900, 4_500);
            assertThat(transcript(call))
                    .anySatisfy(said -> assertThat(said)
                            .startsWith("agent: Here is what I found")
                            .contains("lookup_unavailable"));
        } finally {
            slow.stop(0);
        }
    }

    @Test
    void endsTheCallWhenTheCallerSaysGoodbye() throws Exception {
        PhoneCall call = answered();
        call.say(1300, 700);
        call.silenceUntil(() -> call.exotel.closed.isDone(), 10_000);
        assertThat(call.awaitClose()).isEqualTo(1000);
        assertThat(call.agentMillis()).as("a goodbye was said first").isGreaterThan(1_500 + 1_000);
        assertThat(callColumn(call, "end_reason")).isEqualTo("caller said goodbye");
        assertThat(afterBot(call)).as("no person needed").isEqualTo(200);
        assertThat(api.get("/actuator/prometheus").body()).contains("caly_voice_reply_seconds_bucket");
    }
}
