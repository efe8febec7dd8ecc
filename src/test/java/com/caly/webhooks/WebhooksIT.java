package com.caly.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.calls.CallId;
import com.caly.calls.CallService;
import com.caly.calls.ReturnRequested;
import com.caly.recordings.RecordingStored;
import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.telephony.exotel.ExotelTestLines;
import com.caly.telephony.exotel.ExotelWebhookGuard;
import com.caly.tenants.TenantService;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

class WebhooksIT extends IntegrationTest {

    static final WebhookReceiver receiver = new WebhookReceiver();
    static final Duration WAIT = Duration.ofSeconds(20);

    @DynamicPropertySource
    static void webhooks(DynamicPropertyRegistry registry) {
        registry.add("app.webhooks.allowed-private-origins", receiver::origin);
        registry.add("app.webhooks.retry-base", () -> "200ms");
        registry.add("app.webhooks.retry-max", () -> "1s");
        registry.add("app.webhooks.retry-for", () -> "2m");
        registry.add("app.webhooks.poll-interval", () -> "200ms");
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    ExotelWebhookGuard guard;

    @Autowired
    CallService calls;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transaction;

    private ApiClient.Response register(TenantFixture.User user, String url, List<String> types) {
        return api.post(
                "/api/webhooks", ApiClient.json(Map.of("url", url, "events", types)), "Authorization", user.bearer());
    }

    private ApiClient.Response patch(String path, String json, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return api.send("PATCH", path, json, all);
    }

    private record Registered(String id, String secret) {}

    private Registered registered(TenantFixture.User user, String path, List<String> types) {
        ApiClient.Response created = register(user, receiver.url(path), types);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new Registered(
                created.json().path("endpoint").path("id").asString(),
                created.json().path("secret").asString());
    }

    private static String path() {
        return "/" + UUID.randomUUID();
    }

    private String callSid(ExotelTestLines.Line line) {
        String sid = ExotelTestLines.newCallSid();
        ApiClient.Response started = api.get("/webhooks/exotel/call-start?token=" + guard.token() + "&CallSid=" + sid
                + "&CallFrom=09845012345&CallTo=" + line.exophone() + "&Direction=incoming");
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        return sid;
    }

    private void end(ExotelTestLines.Line line, String sid) {
        ApiClient.Response ended = api.get("/webhooks/exotel/call-end?token=" + guard.token() + "&CallSid=" + sid
                + "&CallTo=" + line.exophone() + "&Status=completed&DialCallDuration=12");
        assertThat(ended.status()).as(ended.toString()).isEqualTo(200);
    }

    private UUID callId(String sid) {
        return jdbc.sql("select id from calls where provider_call_sid = ?")
                .param(sid)
                .query(UUID.class)
                .single();
    }

    private String deliveryStatus(String eventType, String endpoint) {
        return jdbc.sql("""
                        select d.status from webhook_deliveries d join webhook_outbox e on e.id = d.event_id
                        where d.endpoint_id = cast(? as uuid) and e.type = ? order by d.seq desc limit 1""")
                .params(endpoint, eventType)
                .query(String.class)
                .optional()
                .orElse("none");
    }

    @Test
    void registersAnEndpointShowsItsSecretOnceAndRefusesTargetsItMustNotReach() {
        TenantFixture.Company company = new TenantFixture(tenants, passwordEncoder).company(api, "Hooks Co");
        ApiClient.Response created = register(company.admin(), receiver.url("/hooks"), List.of("call.ended"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("secret").asString())
                .startsWith("whsec_")
                .hasSizeGreaterThan(40);
        String id = created.json().path("endpoint").path("id").asString();

        ApiClient.Response listed =
                api.get("/api/webhooks", "Authorization", company.owner().bearer());
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json()).hasSize(1);
        assertThat(listed.body()).doesNotContain("whsec_").doesNotContain("secret\"");
        assertThat(listed.json().path(0).path("events").path(0).asString()).isEqualTo("call.ended");

        assertThat(api.get("/api/webhooks", "Authorization", company.member().bearer())
                        .status())
                .isEqualTo(403);
        assertThat(register(company.member(), receiver.url("/m"), List.of("call.ended"))
                        .status())
                .isEqualTo(403);

        for (String refused : List.of(
                "http://127.0.0.1:1/not-listed",
                "https://10.1.2.3/hook",
                "https://192.168.0.10/hook",
                "https://169.254.169.254/latest/meta-data",
                "https://[::1]/hook",
                "https://[fd00::1]/hook",
                "https://100.64.0.1/hook",
                "https://localhost/hook",
                "https://user:password@example.com/hook",
                "ftp://example.com/hook",
                "not a url",
                "/relative")) {
            ApiClient.Response response = register(company.owner(), refused, List.of("call.ended"));
            assertThat(response.status()).as(refused + " " + response).isEqualTo(422);
            assertThat(response.problemType()).isEqualTo("webhook-url-refused");
            assertThat(response.json().path("errors").path(0).path("field").asString())
                    .isEqualTo("url");
        }
        ApiClient.Response unknown = register(company.owner(), receiver.url("/x"), List.of("call.exploded"));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
        assertThat(unknown.json().path("errors").path(0).path("field").asString())
                .isEqualTo("events");
        ApiClient.Response none = register(company.owner(), receiver.url("/x"), List.of());
        assertThat(none.status()).isEqualTo(400);

        ApiClient.Response moved = patch(
                "/api/webhooks/" + id,
                ApiClient.json(Map.of("url", "https://10.0.0.1/")),
                "Authorization",
                company.owner().bearer());
        assertThat(moved.status()).isEqualTo(422);
        assertThat(api.get(
                                "/api/webhooks/" + id,
                                "Authorization",
                                company.owner().bearer())
                        .json()
                        .path("url")
                        .asString())
                .as("a refused change leaves the endpoint as it was")
                .isEqualTo(receiver.url("/hooks"));

        TenantFixture.Company other = new TenantFixture(tenants, passwordEncoder).company(api, "Other Hooks Co");
        assertThat(api.get("/api/webhooks/" + id, "Authorization", other.owner().bearer())
                        .status())
                .isEqualTo(404);
        assertThat(api.send(
                                "DELETE",
                                "/api/webhooks/" + id,
                                "",
                                "Authorization",
                                other.owner().bearer())
                        .status())
                .isEqualTo(404);
        assertThat(api.send(
                                "DELETE",
                                "/api/webhooks/" + id,
                                "",
                                "Authorization",
                                company.owner().bearer())
                        .status())
                .isEqualTo(204);
        assertThat(api.get("/api/webhooks", "Authorization", company.owner().bearer())
                        .json())
                .isEmpty();
    }

    @Test
    void deliversEveryEventOfACallOnceSignedAndInOrder() throws Exception {
        ExotelTestLines.Line line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Evented Co");
        TenantFixture.User owner = line.company().owner();
        String path = path();
        Registered endpoint = registered(owner, path, WebhookEventType.subscribable());
        String quiet = path();
        registered(owner, quiet, List.of("recording.stored"));

        String sid = callSid(line);
        UUID call = callId(sid);
        end(line, sid);
        receiver.await(path, got -> got.stream().anyMatch(r -> r.eventType().equals("call.ended")), WAIT);
        calls.recordAnalysis(
                line.company().id(),
                new CallId(call),
                "Asked where the order is.",
                "resolved",
                "positive",
                "order status");

        ApiClient.Response escalated = api.post(
                "/api/calls/escalate",
                ApiClient.json(Map.of("callId", call, "reason", "wants a person", "urgency", "high")),
                "Authorization",
                owner.bearer());
        assertThat(escalated.status()).as(escalated.toString()).isEqualTo(201);
        String escalation = escalated.json().path("escalationId").asString();
        ApiClient.Response resolved = patch(
                "/api/escalations/" + escalation,
                ApiClient.json(Map.of("status", "resolved", "resolutionNote", "called back")),
                "Authorization",
                owner.bearer());
        assertThat(resolved.status()).as(resolved.toString()).isEqualTo(200);

        UUID request = transaction.execute(status -> {
            UUID id = jdbc.sql("""
                            insert into returns (company_id, call_id, order_id, kind, items, reason)
                            values (?, ?, 'ORD-1', 'return', '["shoes"]', 'too small') returning id""")
                    .params(line.company().id().value(), call)
                    .query(UUID.class)
                    .single();
            events.publishEvent(new ReturnRequested(line.company().id(), new CallId(call), id));
            return id;
        });
        ApiClient.Response approved = patch(
                "/api/returns/" + request,
                ApiClient.json(Map.of("status", "approved")),
                "Authorization",
                owner.bearer());
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        transaction.executeWithoutResult(status -> {
            jdbc.sql("update calls set recording_bytes = 4096, recording_duration_ms = 12000,"
                            + " recording_stored_at = now() where id = ?")
                    .param(call)
                    .update();
            events.publishEvent(new RecordingStored(
                    line.company().id(), new CallId(call), 4096, BigDecimal.ONE, BigDecimal.ONE, "USD"));
        });

        List<String> expected = List.of(
                "call.started",
                "call.ended",
                "call.analyzed",
                "escalation.created",
                "escalation.updated",
                "return.created",
                "return.updated",
                "recording.stored");
        List<WebhookReceiver.Received> got = receiver.await(path, r -> r.size() >= expected.size(), WAIT);
        Thread.sleep(500); // nothing more may come
        got = receiver.on(path);
        assertThat(got).extracting(WebhookReceiver.Received::eventType).containsExactlyElementsOf(expected);
        assertThat(got).extracting(WebhookReceiver.Received::eventId).doesNotHaveDuplicates();
        long now = Instant.now().getEpochSecond();
        for (WebhookReceiver.Received r : got) {
            assertThat(r.signedWith(endpoint.secret())).as(r.eventType()).isTrue();
            assertThat(r.signedWith("whsec_someone-else")).isFalse();
            assertThat(r.timestamp()).isBetween(now - 60, now + 5);
            JsonNode json = r.json();
            assertThat(json.path("id").asString()).isEqualTo(r.eventId()).startsWith("evt_");
            assertThat(json.path("type").asString()).isEqualTo(r.eventType());
            assertThat(json.path("apiVersion").asString()).isEqualTo("2026-12-01");
            assertThat(json.path("companyId").asString())
                    .isEqualTo(line.company().id().value().toString());
            assertThat(Instant.parse(json.path("createdAt").asString())).isBefore(Instant.now());
            assertThat(r.attempt()).isEqualTo("1");
        }
        JsonNode ended = got.get(1).json().path("data");
        assertThat(ended.path("callId").asString()).isEqualTo(call.toString());
        assertThat(ended.path("status").asString()).isEqualTo("completed");
        assertThat(ended.path("durationSeconds").isNumber()).isTrue();
        assertThat(ended.path("charges").path(0).path("category").asString()).isEqualTo("telephony");
        assertThat(ended.path("charges").path(0).path("amount").decimalValue()).isEqualByComparingTo("0.60");
        assertThat(ended.path("totalCharge").path("currency").asString()).isEqualTo("INR");
        assertThat(ended.path("recordingUrl").asString()).endsWith("/api/recordings/" + call);
        assertThat(ended.has("summary") && ended.has("intent") && ended.has("sentiment"))
                .isTrue();
        JsonNode analyzed = got.get(2).json().path("data");
        assertThat(analyzed.path("summary").asString()).isEqualTo("Asked where the order is.");
        assertThat(analyzed.path("intent").asString()).isEqualTo("order status");
        JsonNode created = got.get(3).json().path("data");
        assertThat(created.path("escalationId").asString()).isEqualTo(escalation);
        assertThat(created.path("brief").isObject()).as("the hand-off brief").isTrue();
        assertThat(got.get(4).json().path("data").path("status").asString()).isEqualTo("resolved");
        assertThat(got.get(5).json().path("data").path("reason").asString()).isEqualTo("too small");
        assertThat(got.get(6).json().path("data").path("status").asString()).isEqualTo("approved");
        assertThat(got.get(7).json().path("data").path("durationMs").asLong()).isEqualTo(12000);

        List<WebhookReceiver.Received> onlyRecordings = receiver.await(quiet, r -> r.size() >= 1, WAIT);
        assertThat(onlyRecordings)
                .extracting(WebhookReceiver.Received::eventType)
                .containsExactly("recording.stored");

        ApiClient.Response log =
                api.get("/api/webhooks/" + endpoint.id() + "/deliveries", "Authorization", owner.bearer());
        assertThat(log.status()).isEqualTo(200);
        assertThat(log.json().path("items")).hasSize(expected.size());
        JsonNode first = log.json().path("items").path(0);
        assertThat(first.path("status").asString()).isEqualTo("delivered");
        assertThat(first.path("responseStatus").asInt()).isEqualTo(200);
        assertThat(first.path("attempts").asInt()).isEqualTo(1);
        assertThat(first.path("latencyMs").isNumber()).isTrue();
        assertThat(api.get(
                                "/api/webhooks/" + endpoint.id() + "/deliveries",
                                "Authorization",
                                line.company().member().bearer())
                        .status())
                .isEqualTo(403);
    }

    @Test
    void deliversInOrderOnceAnEndpointThatWasDownComesBack() throws Exception {
        ExotelTestLines.Line line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Down Co");
        String path = path();
        AtomicBoolean up = new AtomicBoolean(false);
        receiver.answer(r -> r.path().equals(path) && !up.get()
                ? new WebhookReceiver.Answer(503, Duration.ZERO, "down")
                : WebhookReceiver.Answer.ok());
        try {
            Registered endpoint =
                    registered(line.company().owner(), path, List.of("call.started", "call.ended", "call.analyzed"));
            String sid = callSid(line);
            UUID call = callId(sid);
            end(line, sid);
            receiver.await(path, got -> got.size() >= 3, WAIT);
            assertThat(receiver.on(path))
                    .as("while the first event fails, the call's later events wait behind it")
                    .extracting(WebhookReceiver.Received::eventType)
                    .containsOnly("call.started");
            calls.recordAnalysis(line.company().id(), new CallId(call), "s", "resolved", "neutral", "i");
            up.set(true);
            receiver.await(path, got -> got.stream().anyMatch(r -> r.eventType().equals("call.analyzed")), WAIT);
            List<String> firstSeen = new ArrayList<>();
            for (WebhookReceiver.Received r : receiver.on(path)) {
                if (!firstSeen.contains(r.eventType())) {
                    firstSeen.add(r.eventType());
                }
            }
            assertThat(firstSeen).containsExactly("call.started", "call.ended", "call.analyzed");
            assertThat(deliveryStatus("call.started", endpoint.id())).isEqualTo("delivered");
            JsonNode log = api.get(
                            "/api/webhooks/" + endpoint.id() + "/deliveries?status=delivered",
                            "Authorization",
                            line.company().owner().bearer())
                    .json()
                    .path("items");
            JsonNode started = null;
            for (JsonNode item : log) {
                if (item.path("eventType").asString().equals("call.started")) {
                    started = item;
                }
            }
            assertThat(started).isNotNull();
            assertThat(started.path("attempts").asInt()).isGreaterThanOrEqualTo(3);
            JsonNode detail = api.get(
                            "/api/webhooks/deliveries/" + started.path("id").asString(),
                            "Authorization",
                            line.company().owner().bearer())
                    .json();
            assertThat(detail.path("attemptLog").path(0).path("responseStatus").asInt())
                    .isEqualTo(503);
            assertThat(detail.path("attemptLog").path(0).path("responseExcerpt").asString())
                    .isEqualTo("down");
            assertThat(detail.path("payload").path("type").asString()).isEqualTo("call.started");
            int n = detail.path("attemptLog").size();
            assertThat(detail.path("attemptLog")
                            .path(n - 1)
                            .path("responseStatus")
                            .asInt())
                    .isEqualTo(200);
        } finally {
            receiver.answer(r -> WebhookReceiver.Answer.ok());
        }
    }

    @Test
    void marksADeliveryFailedOnceItsRetriesAreOverAndRedeliversItOnRequest() throws Exception {
        TenantFixture.Company company = new TenantFixture(tenants, passwordEncoder).company(api, "Failing Co");
        String path = path();
        AtomicInteger served = new AtomicInteger();
        receiver.answer(r -> r.path().equals(path) && served.incrementAndGet() <= 3
                ? new WebhookReceiver.Answer(500, Duration.ZERO, "broken")
                : WebhookReceiver.Answer.ok());
        try {
            Registered endpoint = registered(company.owner(), path, List.of("call.ended"));
            ApiClient.Response test = api.post(
                    "/api/webhooks/" + endpoint.id() + "/test",
                    "",
                    "Authorization",
                    company.owner().bearer());
            assertThat(test.status()).as(test.toString()).isEqualTo(202);
            String delivery = test.json().path("id").asString();
            receiver.await(path, got -> !got.isEmpty(), WAIT);
            // as if its day had passed
            jdbc.sql("update webhook_deliveries set give_up_at = now() where id = cast(? as uuid)")
                    .param(delivery)
                    .update();
            ExotelTestLines.await(() -> deliveryStatus("webhook.test", endpoint.id()), "failed"::equals, WAIT);
            int before = receiver.on(path).size();
            assertThat(before).isLessThanOrEqualTo(3);

            served.set(10);
            ApiClient.Response again = api.post(
                    "/api/webhooks/deliveries/" + delivery + "/redeliver",
                    "",
                    "Authorization",
                    company.owner().bearer());
            assertThat(again.status()).as(again.toString()).isEqualTo(202);
            List<WebhookReceiver.Received> got = receiver.await(path, r -> r.size() > before, WAIT);
            assertThat(got.get(got.size() - 1).eventId()).isEqualTo(got.get(0).eventId());
            ExotelTestLines.await(() -> deliveryStatus("webhook.test", endpoint.id()), "delivered"::equals, WAIT);
            TenantFixture.Company other = new TenantFixture(tenants, passwordEncoder).company(api, "Nosy Co");
            assertThat(api.post(
                                    "/api/webhooks/deliveries/" + delivery + "/redeliver",
                                    "",
                                    "Authorization",
                                    other.owner().bearer())
                            .status())
                    .isEqualTo(404);
        } finally {
            receiver.answer(r -> WebhookReceiver.Answer.ok());
        }
    }

    @Test
    void signsWithBothSecretsWhileARotationOverlaps() throws Exception {
        TenantFixture.Company company = new TenantFixture(tenants, passwordEncoder).company(api, "Rotating Co");
        String path = path();
        Registered endpoint = registered(company.owner(), path, List.of("call.ended"));
        ApiClient.Response rotated = api.post(
                "/api/webhooks/" + endpoint.id() + "/rotate-secret",
                ApiClient.json(Map.of("overlapHours", 1)),
                "Authorization",
                company.owner().bearer());
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String fresh = rotated.json().path("secret").asString();
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(endpoint.secret());
        assertThat(rotated.json().path("previousSecretExpiresAt").asString()).isNotEmpty();

        api.post(
                "/api/webhooks/" + endpoint.id() + "/test",
                "",
                "Authorization",
                company.owner().bearer());
        WebhookReceiver.Received both =
                receiver.await(path, r -> r.size() >= 1, WAIT).get(0);
        assertThat(both.signatures()).isEqualTo(2);
        assertThat(both.signedWith(fresh)).isTrue();
        assertThat(both.signedWith(endpoint.secret())).isTrue();

        ApiClient.Response cut = api.post(
                "/api/webhooks/" + endpoint.id() + "/rotate-secret",
                ApiClient.json(Map.of("overlapHours", 0)),
                "Authorization",
                company.owner().bearer());
        String last = cut.json().path("secret").asString();
        api.post(
                "/api/webhooks/" + endpoint.id() + "/test",
                "",
                "Authorization",
                company.owner().bearer());
        WebhookReceiver.Received one =
                receiver.await(path, r -> r.size() >= 2, WAIT).get(1);
        assertThat(one.signatures()).isEqualTo(1);
        assertThat(one.signedWith(last)).isTrue();
        assertThat(one.signedWith(fresh)).isFalse();
        assertThat(api.post(
                                "/api/webhooks/" + endpoint.id() + "/rotate-secret",
                                ApiClient.json(Map.of("overlapHours", 500)),
                                "Authorization",
                                company.owner().bearer())
                        .status())
                .isEqualTo(400);
    }

    /**
     * One company's endpoint takes 10 s to answer; another's events arrive meanwhile as if it were alone. Prints
     * the second company's delivery times (docs/benchmarks.md).
     */
    @Test
    void aTenSecondEndpointDoesNotDelayAnotherCompanysDeliveries() throws Exception {
        TenantFixture.Company slowCo = new TenantFixture(tenants, passwordEncoder).company(api, "Slow Co");
        TenantFixture.Company fastCo = new TenantFixture(tenants, passwordEncoder).company(api, "Fast Co");
        String slow = path();
        String fast = path();
        AtomicInteger slowAnswered = new AtomicInteger();
        // -Dwebhooks.slow=false answers the first company at once too: the baseline of docs/benchmarks.md
        Duration slowness = Boolean.parseBoolean(System.getProperty("webhooks.slow", "true"))
                ? Duration.ofSeconds(10)
                : Duration.ZERO;
        receiver.answer(r -> r.path().equals(slow)
                ? new WebhookReceiver.Answer(200, slowness, "slow")
                : WebhookReceiver.Answer.ok());
        try {
            Registered slowEndpoint = registered(slowCo.owner(), slow, List.of("call.ended"));
            Registered fastEndpoint = registered(fastCo.owner(), fast, List.of("call.ended"));
            int events = Integer.getInteger("webhooks.events", 20);
            for (int i = 0; i < events; i++) {
                api.post(
                        "/api/webhooks/" + slowEndpoint.id() + "/test",
                        "",
                        "Authorization",
                        slowCo.owner().bearer());
            }
            receiver.await(slow, r -> !r.isEmpty(), WAIT);
            Instant sent = Instant.now();
            List<Instant> queued = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                queued.add(Instant.now());
                api.post(
                        "/api/webhooks/" + fastEndpoint.id() + "/test",
                        "",
                        "Authorization",
                        fastCo.owner().bearer());
            }
            List<WebhookReceiver.Received> got = receiver.await(fast, r -> r.size() >= events, WAIT);
            Duration allIn = Duration.between(sent, got.get(got.size() - 1).at());
            slowAnswered.set(
                    (int) jdbc.sql("select count(*) from webhook_deliveries where endpoint_id = cast(? as uuid)"
                                    + " and status = 'delivered'")
                            .param(slowEndpoint.id())
                            .query(Long.class)
                            .single()
                            .longValue());
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                latencies.add(Duration.between(queued.get(i), got.get(i).at()).toMillis());
            }
            List<Long> sorted = latencies.stream().sorted().toList();
            System.out.printf(
                    "webhooks: %d events to a fast endpoint while another company's answers in 10 s: all in %d ms,"
                            + " p50 %d ms, p95 %d ms, max %d ms; slow endpoint in flight: %d%n",
                    events,
                    allIn.toMillis(),
                    sorted.get(sorted.size() / 2),
                    sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1),
                    sorted.get(sorted.size() - 1),
                    receiver.on(slow).size());
            if (slowness.isZero()) {
                return;
            }
            assertThat(slowAnswered.get())
                    .as("the other company's events all arrived while the slow endpoint had not answered once")
                    .isZero();
            assertThat(receiver.on(slow).size())
                    .as("the slow endpoint has no more requests open than its share")
                    .isLessThanOrEqualTo(4);
        } finally {
            receiver.answer(r -> WebhookReceiver.Answer.ok());
        }
    }
}
