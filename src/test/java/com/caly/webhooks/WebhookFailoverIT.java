package com.caly.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.Application;
import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Deliveries by two other instances on the same database (this one only writes events): one is stopped while
 * its request is open, and the other delivers the event once the lease runs out. Also what a worker does with an
 * endpoint that never answers and with one that answers without end.
 */
@TestPropertySource(properties = "app.webhooks.workers-enabled=false")
class WebhookFailoverIT extends IntegrationTest {

    static final WebhookReceiver receiver = new WebhookReceiver();
    static final Duration WAIT = Duration.ofSeconds(30);
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @DynamicPropertySource
    static void receiverIsAllowed(DynamicPropertyRegistry registry) {
        registry.add("app.webhooks.allowed-private-origins", receiver::origin);
    }

    @BeforeAll
    static void startTwoDeliveringInstances() {
        first = instance();
        second = instance();
    }

    private static ConfigurableApplicationContext instance() {
        return new SpringApplicationBuilder(Application.class)
                .run(
                        "--server.port=0",
                        "--app.front.enabled=false",
                        "--app.webhooks.allowed-private-origins=" + receiver.origin(),
                        "--app.webhooks.lease=4s",
                        "--app.webhooks.poll-interval=200ms",
                        "--app.webhooks.request-timeout=2s",
                        "--app.webhooks.retry-base=200ms",
                        "--app.webhooks.retry-max=1s");
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {first, second}) {
            if (context != null && context.isActive()) {
                context.close();
            }
        }
        receiver.close();
    }

    private String endpoint(TenantFixture.User owner, String path) {
        ApiClient.Response created = api.post(
                "/api/webhooks",
                ApiClient.json(Map.of("url", receiver.url(path), "events", List.of("call.ended"))),
                "Authorization",
                owner.bearer());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("endpoint").path("id").asString();
    }

    private String test(TenantFixture.User owner, String endpoint) {
        ApiClient.Response test = api.post("/api/webhooks/" + endpoint + "/test", "", "Authorization", owner.bearer());
        assertThat(test.status()).as(test.toString()).isEqualTo(202);
        return test.json().path("id").asString();
    }

    private JsonNode detail(TenantFixture.User owner, String delivery) {
        return api.get("/api/webhooks/deliveries/" + delivery, "Authorization", owner.bearer())
                .json();
    }

    private JsonNode awaitDetail(TenantFixture.User owner, String delivery, String status) throws InterruptedException {
        return com.caly.telephony.exotel.ExotelTestLines.await(
                () -> detail(owner, delivery),
                d -> d.path("delivery").path("status").asString().equals(status),
                WAIT);
    }

    @Test
    void anotherInstanceDeliversWhatAStoppedInstanceWasSending() throws Exception {
        TenantFixture.Company company = new TenantFixture(tenants, passwordEncoder).company(api, "Failover Co");
        String path = "/" + UUID.randomUUID();
        AtomicInteger requests = new AtomicInteger();
        receiver.answer(r -> r.path().equals(path) && requests.incrementAndGet() == 1
                ? new WebhookReceiver.Answer(200, Duration.ofMillis(-1), "")
                : WebhookReceiver.Answer.ok());
        String delivery = test(company.owner(), endpoint(company.owner(), path));
        receiver.await(path, got -> got.size() == 1, WAIT);

        String holder = jdbc.sql("select claimed_by from webhook_deliveries where id = cast(? as uuid)")
                .param(delivery)
                .query(String.class)
                .single();
        ConfigurableApplicationContext stopped =
                first.getBean(WebhookDispatcher.class).instance().equals(holder) ? first : second;
        ConfigurableApplicationContext survivor = stopped == first ? second : first;
        stopped.close();

        List<WebhookReceiver.Received> got = receiver.await(path, r -> r.size() >= 2, WAIT);
        assertThat(got.get(1).eventId()).isEqualTo(got.get(0).eventId());
        assertThat(got.get(1).attempt()).isEqualTo("2");
        JsonNode done = awaitDetail(company.owner(), delivery, "delivered");
        assertThat(done.path("delivery").path("attempts").asInt()).isEqualTo(2);
        assertThat(done.path("attemptLog").path(0).path("error").asString())
                .contains("the instance delivering it stopped");
        assertThat(done.path("attemptLog").path(1).path("responseStatus").asInt())
                .isEqualTo(200);
        assertThat(jdbc.sql("select claimed_by from webhook_deliveries where id = cast(? as uuid)")
                        .param(delivery)
                        .query(String.class)
                        .single())
                .isEqualTo(survivor.getBean(WebhookDispatcher.class).instance());
    }

    @Test
    void givesUpOnAnEndpointThatDoesNotAnswerInTimeAndReadsOnlyTheStartOfAnEndlessAnswer() throws Exception {
        TenantFixture.Company company = new TenantFixture(tenants, passwordEncoder).company(api, "Silent Co");
        String silent = "/" + UUID.randomUUID();
        String chatty = "/" + UUID.randomUUID();
        String huge = "x".repeat(2_000_000);
        receiver.answer(r -> r.path().equals(silent)
                ? new WebhookReceiver.Answer(200, Duration.ofMillis(-1), "")
                : r.path().equals(chatty)
                        ? new WebhookReceiver.Answer(200, Duration.ZERO, huge)
                        : WebhookReceiver.Answer.ok());
        String unanswered = test(company.owner(), endpoint(company.owner(), silent));
        String answered = test(company.owner(), endpoint(company.owner(), chatty));

        JsonNode big = awaitDetail(company.owner(), answered, "delivered");
        assertThat(big.path("attemptLog").path(0).path("responseExcerpt").asString())
                .hasSize(1000);

        JsonNode timedOut = com.caly.telephony.exotel.ExotelTestLines.await(
                () -> detail(company.owner(), unanswered),
                d -> !d.path("attemptLog").path(0).path("error").isMissingNode()
                        && !d.path("attemptLog").path(0).path("error").isNull(),
                WAIT);
        assertThat(timedOut.path("attemptLog").path(0).path("error").asString()).isEqualTo("no answer in time");
        assertThat(timedOut.path("attemptLog").path(0).path("latencyMs").asLong())
                .isBetween(1_900L, 10_000L);
        assertThat(timedOut.path("delivery").path("status").asString()).isIn("pending", "delivering");
    }
}
