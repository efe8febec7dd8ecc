package com.caly.voice;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.telephony.exotel.ExotelTestLines;
import com.caly.tenants.TenantService;
import com.caly.voice.fake.FakeRealtimeServer;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A company's order endpoint is outside text too: control characters in its answer are dropped before the action is
 * recorded, and the caller still hears the answer.
 */
class OrderEndpointTextIT extends IntegrationTest {

    static final String TOKEN = "order-text-webhook-token-0123456789";
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
        line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Order Text Co");
    }

    @AfterEach
    void noModelSessionIsLeftOpen() throws InterruptedException {
        ExotelTestLines.await(MODEL::openSessions, open -> open == 0, Duration.ofSeconds(5));
        assertThat(MODEL.openSessions()).isZero();
    }

    @Test
    void recordsAnOrderLookupWhoseAnswerHoldsControlCharacters() throws Exception {
        HttpServer orders = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        orders.createContext("/status", exchange -> {
            byte[] answer =
                    "{\"order_id\":\"12345\",\"status\":\"ship\\u0000ped\\u0007\",\"expected_delivery\":\"2026-12-03\\u0000\"}"
                            .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        orders.start();
        try {
            Map<String, Object> settings = ApiClient.JSON.convertValue(
                    api.get(
                                    "/api/agent",
                                    "Authorization",
                                    line.company().owner().bearer())
                            .json(),
                    Map.class);
            settings.put(
                    "orderStatusUrl", "http://127.0.0.1:" + orders.getAddress().getPort() + "/status");
            assertThat(api.put(
                                    "/api/agent",
                                    ApiClient.json(settings),
                                    "Authorization",
                                    line.company().owner().bearer())
                            .status())
                    .isEqualTo(200);

            PhoneCall call = PhoneCall.dial(api, TOKEN, line.exophone());
            call.silenceUntil(() -> call.agentMillis() >= 1_500, 5_000).silence(1_800);
            int before = call.agentMillis();
            call.say(700, 800)
                    .silenceUntil(() -> call.agentMillis() >= before + 1_200, 8_000)
                    .silence(1_500);
            assertThat(call.hangUp()).isEqualTo(1000);

            List<String[]> actions = jdbc.sql(
                            "select a.status, a.result::text from actions a join calls c on c.id = a.call_id where c.provider_call_sid = ?")
                    .param(call.callSid)
                    .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                    .list();
            assertThat(actions).hasSize(1);
            assertThat(actions.get(0)[0]).isEqualTo("ok");
            assertThat(actions.get(0)[1])
                    .contains("\"shipped\"", "2026-12-03\"")
                    .doesNotContain("\\u0000");
            journal.flush();
            assertThat(jdbc.sql(
                                    "select t.text from transcripts t join calls c on c.id = t.call_id where c.provider_call_sid = ? and t.speaker = 'agent'")
                            .param(call.callSid)
                            .query(String.class)
                            .list())
                    .anySatisfy(text ->
                            assertThat(text).startsWith("Here is what I found").contains("ship"));
        } finally {
            orders.stop(0);
        }
    }
}
