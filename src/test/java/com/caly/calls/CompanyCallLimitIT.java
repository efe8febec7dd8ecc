package com.caly.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.Application;
import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.support.TestEnvironment;
import com.caly.telephony.exotel.ExotelTestLines;
import com.caly.telephony.exotel.ExotelWebhookGuard;
import com.caly.tenants.TenantService;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * A company's limit of simultaneous calls holds across two instances on one database: calls started on either
 * count against it, the call over it goes to the flow's fallback branch and is kept as refused, and starts racing
 * on both instances never let more in than the limit.
 */
class CompanyCallLimitIT extends IntegrationTest {

    private static ConfigurableApplicationContext second;
    private static int secondPort;

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    ExotelWebhookGuard guard;

    /** The other instance, reached over HTTP like the first. */
    ApiClient other;

    @BeforeAll
    static void startSecondInstance() {
        second = new SpringApplicationBuilder(Application.class).run("--server.port=0");
        secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    @BeforeEach
    void otherClient() {
        other = new ApiClient(secondPort).from(randomIp());
    }

    private String query(String callSid, String exophone) {
        return "token=" + guard.token() + "&CallSid=" + callSid + "&CallFrom=09845012345&CallTo=" + exophone
                + "&Direction=incoming";
    }

    private int callStart(ApiClient on, String callSid, String exophone) {
        return on.get("/webhooks/exotel/call-start?" + query(callSid, exophone)).status();
    }

    private ApiClient.Response setLimit(ApiClient on, UUID company, Object body, String... headers) {
        return on.put(
                "/internal/companies/" + company + "/call-limits",
                body instanceof String text ? text : ApiClient.json(body),
                headers);
    }

    private ApiClient.Response setLimit(UUID company, Object body) {
        return setLimit(api, company, body, "X-Operator-Token", TestEnvironment.OPERATOR_TOKEN);
    }

    private Map<String, String> call(String callSid) {
        return jdbc.sql("select status, coalesce(end_reason, '') as reason from calls where provider_call_sid = ?")
                .param(callSid)
                .query((rs, n) -> Map.of("status", rs.getString("status"), "reason", rs.getString("reason")))
                .single();
    }

    @Test
    void refusesTheCallOverTheLimitAcrossInstancesAndAdmitsAgainOnceOneEnds() {
        ExotelTestLines.Line line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Limited Co");
        UUID company = line.company().id().value();
        String exophone = line.exophone();
        ApiClient.Response set = setLimit(company, Map.of("maxConcurrentCalls", 2));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().path("limit").asInt()).isEqualTo(2);
        assertThat(set.json().path("maxConcurrentCalls").asInt()).isEqualTo(2);

        String first = ExotelTestLines.newCallSid();
        String secondCall = ExotelTestLines.newCallSid();
        String third = ExotelTestLines.newCallSid();
        String fourth = ExotelTestLines.newCallSid();
        assertThat(callStart(api, first, exophone)).isEqualTo(200);
        assertThat(callStart(other, secondCall, exophone))
                .as("the other instance counts the first instance's call")
                .isEqualTo(200);
        assertThat(callStart(api, third, exophone))
                .as("over the limit: the flow's fallback branch")
                .isEqualTo(302);
        assertThat(callStart(other, fourth, exophone)).isEqualTo(302);
        assertThat(call(third)).containsEntry("status", "refused").containsEntry("reason", "company_limit");
        assertThat(call(fourth)).containsEntry("status", "refused").containsEntry("reason", "company_limit");
        assertThat(call(first)).containsEntry("status", "in_progress");
        assertThat(callStart(other, third, exophone))
                .as("a repeated call-start answers as before")
                .isEqualTo(302);
        ApiClient.Response noStream = other.get("/webhooks/exotel/stream-url?" + query(third, exophone));
        assertThat(noStream.status()).as("a refused call gets no stream").isEqualTo(409);
        assertThat(noStream.problemType()).isEqualTo("call-refused");
        assertThat(api.get("/webhooks/exotel/stream-url?" + query(first, exophone))
                        .status())
                .isEqualTo(200);

        // the person in the fallback branch takes the refused call; its end changes nothing and bills nothing
        assertThat(other.get("/webhooks/exotel/call-end?" + query(third, exophone)
                                + "&Status=completed&ConversationDuration=95&RecordingUrl="
                                + "https%3A%2F%2Frecordings.exotel.com%2Fx.mp3")
                        .status())
                .isEqualTo(200);
        assertThat(call(third)).containsEntry("status", "refused");
        assertThat(jdbc.sql("select count(*) from call_charges c join calls k on k.id = c.call_id"
                                + " where k.provider_call_sid = ?")
                        .param(third)
                        .query(Long.class)
                        .single())
                .as("no charge for a refused call")
                .isZero();

        assertThat(other.get("/webhooks/exotel/call-end?" + query(first, exophone) + "&Status=completed")
                        .status())
                .isEqualTo(200);
        String fifth = ExotelTestLines.newCallSid();
        assertThat(callStart(api, fifth, exophone))
                .as("the ended call freed its place")
                .isEqualTo(200);

        String recording = "&RecordingUrl=https%3A%2F%2Frecordings.exotel.com%2Fcall.mp3";
        for (String sid : List.of(third, fifth)) {
            assertThat(api.get("/webhooks/exotel/recording?" + query(sid, exophone) + recording)
                            .status())
                    .isEqualTo(200);
        }
        assertThat(recordingFetches(fifth))
                .as("an admitted call's recording is fetched")
                .isEqualTo(1);
        assertThat(recordingFetches(third))
                .as("a refused call keeps no recording")
                .isZero();

        JsonNode seen = api.get(
                        "/api/calls/concurrency",
                        "Authorization",
                        line.company().member().bearer())
                .json();
        assertThat(seen.path("limit").asInt()).isEqualTo(2);
        assertThat(seen.path("defaultLimit").asBoolean()).isFalse();
        assertThat(seen.path("live").asInt()).isEqualTo(2);
        assertThat(seen.path("peak").path("count").asInt()).isEqualTo(2);
        assertThat(seen.path("peak").path("at").asString()).isNotEmpty();
        assertThat(seen.path("refusals").asLong()).isEqualTo(2);
        assertThat(seen.path("byDay")).hasSize(1);
        assertThat(seen.path("byDay").get(0).path("refusals").asInt()).isEqualTo(2);
        JsonNode onOther = other.get(
                        "/api/calls/concurrency",
                        "Authorization",
                        line.company().owner().bearer())
                .json();
        assertThat(onOther.path("live").asInt())
                .as("the same on either instance")
                .isEqualTo(2);
        assertThat(onOther.path("refusals").asLong()).isEqualTo(2);

        // another company sees nothing of this one's
        TenantFixture.Company b = new TenantFixture(tenants, passwordEncoder).company(api, "Unlimited Co");
        JsonNode theirs = api.get(
                        "/api/calls/concurrency", "Authorization", b.owner().bearer())
                .json();
        assertThat(theirs.path("live").asInt()).isZero();
        assertThat(theirs.path("refusals").asLong()).isZero();
        assertThat(theirs.path("peak").path("count").asInt()).isZero();
        assertThat(theirs.path("byDay")).isEmpty();
        assertThat(theirs.path("limit").asInt()).isEqualTo(20);
        assertThat(theirs.path("defaultLimit").asBoolean()).isTrue();
    }

    private long recordingFetches(String callSid) {
        UUID id = jdbc.sql("select id from calls where provider_call_sid = ?")
                .param(callSid)
                .query(UUID.class)
                .single();
        return jdbc.sql("select count(*) from event_publication where event_type like '%ExotelRecordingReady'"
                        + " and serialized_event like ?")
                .param("%" + id + "%")
                .query(Long.class)
                .single();
    }

    @Test
    void startsRacingOnBothInstancesNeverAdmitMoreThanTheLimit() throws Exception {
        ExotelTestLines.Line line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Racing Co");
        UUID company = line.company().id().value();
        assertThat(setLimit(company, Map.of("maxConcurrentCalls", 3)).status()).isEqualTo(200);
        int starts = 10;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(starts);
        List<Future<Integer>> answers = new ArrayList<>();
        List<String> sids = new ArrayList<>();
        try {
            for (int i = 0; i < starts; i++) {
                ApiClient on = i % 2 == 0 ? api : other;
                String sid = ExotelTestLines.newCallSid();
                sids.add(sid);
                answers.add(threads.submit(() -> {
                    go.await();
                    return callStart(on, sid, line.exophone());
                }));
            }
            go.countDown();
            Map<Integer, Integer> byStatus = new HashMap<>();
            for (Future<Integer> answer : answers) {
                byStatus.merge(answer.get(), 1, Integer::sum);
            }
            assertThat(byStatus).containsEntry(200, 3).containsEntry(302, 7).hasSize(2);
        } finally {
            threads.shutdownNow();
        }
        Map<String, Long> recorded = new HashMap<>();
        jdbc.sql("select status, count(*) as n from calls where company_id = ? group by status")
                .param(company)
                .query((rs, n) -> recorded.put(rs.getString("status"), rs.getLong("n")))
                .list();
        assertThat(recorded).containsEntry("in_progress", 3L).containsEntry("refused", 7L);
        JsonNode seen = other.get(
                        "/api/calls/concurrency",
                        "Authorization",
                        line.company().member().bearer())
                .json();
        assertThat(seen.path("peak").path("count").asInt()).isEqualTo(3);
        assertThat(seen.path("refusals").asLong()).isEqualTo(7);
    }

    @Test
    void aCallWhoseEndWasLostStopsCountingAfterTheMaximumAge() {
        ExotelTestLines.Line line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Lost End Co");
        UUID company = line.company().id().value();
        assertThat(setLimit(company, Map.of("maxConcurrentCalls", 1)).status()).isEqualTo(200);
        String lost = ExotelTestLines.newCallSid();
        assertThat(callStart(api, lost, line.exophone())).isEqualTo(200);
        assertThat(callStart(other, ExotelTestLines.newCallSid(), line.exophone()))
                .isEqualTo(302);
        // its end report never came, and LIVE_CALL_MAX_AGE (4h) has passed since it started
        jdbc.sql("update calls set started_at = ?, created_at = ? where provider_call_sid = ?")
                .params(
                        Timestamp.from(Instant.now().minus(5, ChronoUnit.HOURS)),
                        Timestamp.from(Instant.now().minus(5, ChronoUnit.HOURS)),
                        lost)
                .update();
        assertThat(callStart(other, ExotelTestLines.newCallSid(), line.exophone()))
                .isEqualTo(200);
    }

    @Test
    void aWebCallOverTheLimitIsRefusedWithAProblem() {
        ExotelTestLines.Line line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Web Limit Co");
        TenantFixture.Company company = line.company();
        assertThat(setLimit(company.id().value(), Map.of("maxConcurrentCalls", 1))
                        .status())
                .isEqualTo(200);
        ApiClient.Response first =
                api.post("/api/web-calls", "", "Authorization", company.member().bearer());
        assertThat(first.status()).as(first.toString()).isEqualTo(201);

        ApiClient.Response over = other.post(
                "/api/web-calls", "", "Authorization", company.owner().bearer());
        assertThat(over.status()).as(over.toString()).isEqualTo(429);
        assertThat(over.problemType()).isEqualTo("company-call-limit");
        assertThat(over.json().path("limit").asInt()).isEqualTo(1);
        assertThat(over.header("Retry-After")).isNotNull();
        assertThat(callStart(api, ExotelTestLines.newCallSid(), line.exophone()))
                .as("the waiting web call holds the company's one place for phone calls too")
                .isEqualTo(302);
        assertThat(jdbc.sql("select count(*) from calls where company_id = ? and status = 'refused'"
                                + " and end_reason = 'company_limit' and channel = 'web'")
                        .param(company.id().value())
                        .query(Long.class)
                        .single())
                .as("the refused web call is kept and counted")
                .isEqualTo(1);
        assertThat(count("web_call_tickets where company_id = '" + company.id().value() + "'"))
                .as("and has no ticket")
                .isEqualTo(1);
        JsonNode seen = api.get(
                        "/api/calls/concurrency",
                        "Authorization",
                        company.member().bearer())
                .json();
        assertThat(seen.path("refusals").asLong()).isEqualTo(2);
    }

    @Test
    void onlyOperatorsSetALimitAndBadValuesChangeNothing() {
        TenantFixture.Company company = new TenantFixture(tenants, passwordEncoder).company(api, "Guarded Co");
        UUID id = company.id().value();
        assertThat(setLimit(id, Map.of("maxConcurrentCalls", 5)).status()).isEqualTo(200);

        ApiClient.Response member = setLimit(
                api,
                id,
                Map.of("maxConcurrentCalls", 500),
                "Authorization",
                company.owner().bearer());
        assertThat(member.status()).as("an owner is not an operator").isEqualTo(404);
        assertThat(member.problemType()).isEqualTo("not-found");
        assertThat(setLimit(other, id, Map.of("maxConcurrentCalls", 500), "X-Operator-Token", "guess")
                        .status())
                .isEqualTo(404);
        assertThat(setLimit(api, id, Map.of("maxConcurrentCalls", 500)).status())
                .isEqualTo(404);
        assertThat(api.get(
                                "/internal/companies/" + id + "/call-limits",
                                "Authorization",
                                company.owner().bearer())
                        .status())
                .isEqualTo(404);

        for (Object bad : List.of(
                Map.of("maxConcurrentCalls", -1),
                Map.of("maxConcurrentCalls", 0),
                Map.of("maxConcurrentCalls", 10_001),
                "{\"maxConcurrentCalls\": 99999999999999}",
                "{\"maxConcurrentCalls\": \"many\"}",
                "not json")) {
            ApiClient.Response refused = setLimit(api, id, bad, "X-Operator-Token", TestEnvironment.OPERATOR_TOKEN);
            assertThat(refused.status()).as(bad + " -> " + refused).isEqualTo(400);
        }
        ApiClient.Response unknown = setLimit(UUID.randomUUID(), Map.of("maxConcurrentCalls", 5));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.problemType()).isEqualTo("company-not-found");
        assertThat(setLimit(api, "not-an-id", Map.of("maxConcurrentCalls", 5)).status())
                .isEqualTo(400);

        ApiClient.Response read = other.get(
                "/internal/companies/" + id + "/call-limits", "X-Operator-Token", TestEnvironment.OPERATOR_TOKEN);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("limit").asInt()).as("nothing changed").isEqualTo(5);

        Map<String, Object> reset = new HashMap<>();
        reset.put("maxConcurrentCalls", null);
        ApiClient.Response back = setLimit(id, reset);
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.json().path("limit").asInt()).isEqualTo(20);
        assertThat(back.json().has("maxConcurrentCalls")).isFalse();
    }

    @Test
    void refusesBadPeriods() {
        TenantFixture.Company company = new TenantFixture(tenants, passwordEncoder).company(api, "Period Co");
        String member = company.member().bearer();
        assertThat(api.get("/api/calls/concurrency?from=2026-11-01&to=2026-11-30", "Authorization", member)
                        .json()
                        .path("from")
                        .asString())
                .isEqualTo("2026-11-01");
        for (String bad : List.of(
                "from=2026-13-01",
                "from=2026-11-30&to=2026-11-01",
                "from=2025-01-01&to=2026-11-01",
                "from=2026-11-01T00:00:00Z",
                "to=yesterday",
                "day=2026-11-01",
                "from=2026-11-01&from=2026-11-02")) {
            ApiClient.Response refused = api.get("/api/calls/concurrency?" + bad, "Authorization", member);
            assertThat(refused.status()).as(bad + " -> " + refused).isEqualTo(400);
        }
        assertThat(api.get("/api/calls/concurrency").status()).isEqualTo(401);
    }

    private ApiClient.Response setLimit(ApiClient on, String company, Object body) {
        return on.put(
                "/internal/companies/" + company + "/call-limits",
                ApiClient.json(body),
                "X-Operator-Token",
                TestEnvironment.OPERATOR_TOKEN);
    }
}
