package com.caly.voice;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.IntegrationTest;
import com.caly.telephony.exotel.ExotelTestLines;
import com.caly.tenants.TenantService;
import com.caly.voice.fake.FakeBrain;
import com.caly.voice.fake.FakeRealtimeServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The realtime API caps a session (60 minutes; scaled down here to 5 seconds): a call that outlives it goes on in
 * a renewed session that carries the conversation, started before the cap and taking over at a quiet moment.
 */
class SessionRenewalIT extends IntegrationTest {

    static final String TOKEN = "renewal-test-webhook-token-0123456789";

    @RegisterExtension
    static final FakeRealtimeServer MODEL = FakeRealtimeServer.onLoopback();

    static {
        MODEL.durationCap(5_000);
    }

    @DynamicPropertySource
    static void realtime(DynamicPropertyRegistry registry) {
        registry.add("app.voice.api-key", () -> FakeRealtimeServer.API_KEY);
        registry.add("app.voice.base-url", MODEL::baseUrl);
        registry.add("app.voice.session-max-age", () -> "3s");
        registry.add("app.telephony.exotel.webhook-token", () -> TOKEN);
    }

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    CallJournal journal;

    @Test
    void aCallLongerThanTheSessionCapGoesOnInARenewedSession() throws Exception {
        ExotelTestLines.Line line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Long Call Co");
        PhoneCall call = PhoneCall.dial(api, TOKEN, line.exophone());
        call.silenceUntil(() -> call.agentMillis() >= 1_500, 5_000);
        call.silenceUntil(() -> MODEL.sessions().size() >= 2, 5_000).silence(1_000);
        int before = call.agentMillis();
        call.say(500, 700)
                .silenceUntil(() -> call.agentMillis() >= before + 2_000, 6_000)
                .silence(2_500);
        assertThat(call.exotel.closed)
                .as("the call outlived the first session's cap")
                .isNotDone();
        assertThat(call.hangUp()).isEqualTo(1000);

        assertThat(MODEL.sessions().size()).isGreaterThanOrEqualTo(2);
        assertThat(MODEL.sessions().get(1).events("conversation.item.create"))
                .as("the new session was given the conversation so far")
                .anySatisfy(e ->
                        assertThat(e.path("item").path("content").toString()).contains("Namaste"));
        journal.flush();
        assertThat(jdbc.sql(
                                "select t.text from transcripts t join calls c on c.id = t.call_id where c.provider_call_sid = ? and t.speaker = 'agent'")
                        .param(call.callSid)
                        .query(String.class)
                        .list())
                .contains(FakeBrain.OPENING_HOURS);
        assertThat(jdbc.sql("""
                                select count(*) from escalations e join calls c on c.id = e.call_id
                                where c.provider_call_sid = ? and e.reason = 'ai_unavailable'""").param(call.callSid).query(Long.class).single())
                .as("no hand-off to a person: the renewal was not a failure")
                .isZero();
        ExotelTestLines.await(MODEL::openSessions, open -> open == 0, Duration.ofSeconds(5));
        assertThat(MODEL.openSessions()).isZero();
        assertThat(MODEL.violations()).isEmpty();
    }
}
