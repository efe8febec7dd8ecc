package com.caly.voice;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.IntegrationTest;
import com.caly.telephony.exotel.ExotelTestLines;
import com.caly.tenants.TenantService;
import com.caly.voice.fake.FakeBrain;
import com.caly.voice.fake.FakeRealtimeServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Whole calls through the Exotel stream to the voice agent, with a faithful fake of the realtime API. */
class VoiceAgentIT extends IntegrationTest {

    static final String TOKEN = "voice-test-webhook-token-0123456789";
    static final FakeRealtimeServer MODEL;

    static {
        try {
            MODEL = new FakeRealtimeServer();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

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
        assertThat(jdbc.sql(
                                "select count(*) from call_charges k join calls c on c.id = k.call_id where c.provider_call_sid = ? and k.category = 'ai'")
                        .param(call.callSid)
                        .query(Long.class)
                        .single())
                .isPositive();
    }
}
