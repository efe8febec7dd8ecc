package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.support.TestEnvironment;
import com.caly.tenants.TenantService;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

class ExotelWebhookIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    ExotelWebhookGuard guard;

    @Autowired
    StreamTokens streamTokens;

    private TenantFixture.Company company;
    private String exophone;
    private String callSid;

    @BeforeEach
    void companyWithANumber() {
        ExotelTestLines.Line line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Exotel Co");
        company = line.company();
        exophone = line.exophone();
        callSid = ExotelTestLines.newCallSid();
    }

    private Map<String, String> params(String... extra) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallSid", callSid);
        params.put("CallFrom", "09845012345");
        params.put("CallTo", exophone);
        params.put("Direction", "incoming");
        // ten minutes ago: a call is billed at most from its start to its end
        params.put(
                "Created",
                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                        .withZone(ExotelParameters.EXOTEL_ZONE)
                        .format(java.time.Instant.now().minusSeconds(600)));
        for (int i = 0; i < extra.length; i += 2) {
            params.put(extra[i], extra[i + 1]);
        }
        return params;
    }

    private static String query(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private ApiClient.Response get(String event, Map<String, String> params) {
        return api.get("/webhooks/exotel/" + event + "?token=" + guard.token() + "&" + query(params));
    }

    private ApiClient.Response postForm(String event, Map<String, String> params) {
        return api.post(
                "/webhooks/exotel/" + event + "?token=" + guard.token(),
                query(params),
                "Content-Type",
                "application/x-www-form-urlencoded");
    }

    private ApiClient.Response postJson(String event, Map<String, String> params) {
        return api.post("/webhooks/exotel/" + event + "?token=" + guard.token(), ApiClient.json(params));
    }

    private String call(String column) {
        return jdbc
                .sql("select " + column + "::text from calls where provider_call_sid = ?")
                .param(callSid)
                .query((rs, n) -> rs.getString(1))
                .list()
                .stream()
                .findFirst()
                .orElse(null);
    }

    private BigDecimal awaitCharge() throws InterruptedException {
        var amounts = ExotelTestLines.await(
                () -> jdbc.sql(
                                "select amount from call_charges c join calls k on k.id = c.call_id where k.provider_call_sid = ? and c.category = 'telephony'")
                        .param(callSid)
                        .query(BigDecimal.class)
                        .list(),
                list -> !list.isEmpty(),
                java.time.Duration.ofSeconds(10));
        assertThat(amounts).as("one telephony charge").hasSize(1);
        return amounts.get(0);
    }

    private long events() {
        return jdbc.sql("select count(*) from webhook_events where call_sid = ?")
                .param(callSid)
                .query(Long.class)
                .single();
    }

    @Test
    void aCallStartsEndsAndIsChargedByThePulse() throws Exception {
        ApiClient.Response started = get("call-start", params());
        assertThat(started.status()).isEqualTo(200);
        assertThat(call("status")).isEqualTo("in_progress");
        assertThat(call("company_id")).isEqualTo(company.id().toString());
        assertThat(call("from_number")).isEqualTo("+919845012345");
        assertThat(call("to_number")).isEqualTo("+91" + exophone.substring(1));

        ApiClient.Response ended = postForm("call-end", params("Status", "completed", "DialCallDuration", "125"));
        assertThat(ended.status()).isEqualTo(200);
        assertThat(call("status")).isEqualTo("completed");
        assertThat(call("duration_seconds")).isEqualTo("125");
        // ceil(125 / 60) = 3 pulses at the default rate of 0.60
        assertThat(awaitCharge()).isEqualByComparingTo("1.80");
    }

    @Test
    void takesTimesAndDurationsItCannotStoreAsAbsentAndStillEndsTheCall() throws Exception {
        ApiClient.Response started = get("call-start", params("Created", "+300000-01-01T00:00:00Z"));
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        assertThat(call("status")).isEqualTo("in_progress");
        for (String duration : new String[] {"99999999999", "-5"}) {
            callSid = ExotelTestLines.newCallSid();
            ApiClient.Response ended = postForm(
                    "call-end",
                    params(
                            "Created",
                            "-200000-01-01T00:00:00Z",
                            "EndTime",
                            "+10000-01-01 00:00:00",
                            "Status",
                            "completed",
                            "DialCallDuration",
                            duration));
            assertThat(ended.status()).as(duration + " " + ended).isEqualTo(200);
            assertThat(call("status")).isEqualTo("completed");
            // the duration counts as absent: the call is billed from its start to its end, both now
            assertThat(call("coalesce(duration_seconds::text, 'absent')"))
                    .as(duration)
                    .isEqualTo("0");
            assertThat(call("coalesce(extract(year from started_at)::text, 'absent')"))
                    .isNotEqualTo("-200000");
        }
    }

    @Test
    void aRetriedDeliveryTakesEffectOnceAndGetsTheSameAnswer() throws Exception {
        get("call-start", params());
        Map<String, String> end = params("Status", "completed", "DialCallDuration", "61");
        assertThat(postJson("call-end", end).status()).isEqualTo(200);
        assertThat(postJson("call-end", end).status()).isEqualTo(200);
        assertThat(get("call-end", params("Status", "busy")).status()).isEqualTo(200);

        assertThat(awaitCharge()).isEqualByComparingTo("1.20");
        Thread.sleep(300);
        assertThat(jdbc.sql(
                                "select count(*) from call_charges c join calls k on k.id = c.call_id where k.provider_call_sid = ?")
                        .param(callSid)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(call("status")).isEqualTo("completed");
        assertThat(events()).isEqualTo(2);
    }

    @Test
    void anEndReportedBeforeTheStartStillLeavesTheRightRecord() throws Exception {
        assertThat(get("call-end", params("Status", "completed", "ConversationDuration", "30"))
                        .status())
                .isEqualTo(200);
        assertThat(call("status")).isEqualTo("completed");

        assertThat(get("call-start", params()).status()).isEqualTo(200);

        assertThat(call("status")).isEqualTo("completed");
        assertThat(call("duration_seconds")).isEqualTo("30");
        assertThat(jdbc.sql("select count(*) from calls where provider_call_sid = ?")
                        .param(callSid)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(awaitCharge()).isEqualByComparingTo("0.60");
    }

    @Test
    void sendsCallsToUnknownNumbersToTheFallbackBranch() {
        Map<String, String> params = params("CallTo", "+14155550199");
        ApiClient.Response response = get("call-start", params);
        assertThat(response.status()).isEqualTo(302);
        assertThat(call("id")).isNull();
    }

    @Test
    void refusesForgedOrMissingTokensAndChangesNothing() {
        ApiClient.Response forged = api.get("/webhooks/exotel/call-start?token=not-the-token&" + query(params()));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.problemType()).isEqualTo("webhook-forbidden");
        assertThat(api.get("/webhooks/exotel/call-start?" + query(params())).status())
                .isEqualTo(403);
        assertThat(api.post("/webhooks/exotel/call-end", ApiClient.json(params()))
                        .status())
                .isEqualTo(403);
        assertThat(call("id")).isNull();
        assertThat(events()).isZero();
    }

    @Test
    void rejectsMalformedBodiesAndMissingCallSids() {
        ApiClient.Response malformed = api.post("/webhooks/exotel/call-start?token=" + guard.token(), "{\"CallSid\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.problemType()).isEqualTo("malformed-webhook");
        Map<String, String> noSid = params();
        noSid.remove("CallSid");
        assertThat(get("call-start", noSid).problemType()).isEqualTo("malformed-webhook");
        assertThat(call("id")).isNull();
    }

    @Test
    void afterTheBotContinuesUnlessTheCallMustGoToAPerson() {
        get("call-start", params());
        assertThat(get("after-bot", params()).status()).isEqualTo(200);

        String otherSid = callSid;
        callSid = ExotelTestLines.newCallSid();
        get("call-start", params());
        jdbc.sql("update calls set escalated = true where provider_call_sid = ?")
                .param(callSid)
                .update();
        assertThat(get("after-bot", params()).status()).isEqualTo(302);

        callSid = "never-started-" + otherSid.substring(0, 8);
        assertThat(get("after-bot", params()).status()).isEqualTo(302);
    }

    @Test
    void fetchesExotelsRecordingWithTheAccountCredentialsWhenTheCallHasNoneOfItsOwn() throws Exception {
        byte[] mp3 = new byte[4096];
        mp3[0] = (byte) 0xFF;
        mp3[1] = (byte) 0xF3;
        mp3[2] = (byte) 0x48;
        String expected = "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString("test-exotel-sid:test-exotel-token".getBytes(StandardCharsets.UTF_8));
        java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer exotel = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", TestEnvironment.providerRecordingPort()), 0);
        exotel.createContext("/recording.mp3", exchange -> {
            fetches.incrementAndGet();
            if (expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(200, mp3.length);
                exchange.getResponseBody().write(mp3);
            } else {
                exchange.sendResponseHeaders(401, -1);
            }
            exchange.close();
        });
        exotel.start();
        try {
            get("call-start", params());
            String url = "http://127.0.0.1:" + exotel.getAddress().getPort() + "/recording.mp3";
            assertThat(get("recording", params("RecordingUrl", url)).status()).isEqualTo(200);

            long deadline = System.nanoTime() + 10_000_000_000L;
            long jobs = 0;
            while (System.nanoTime() < deadline && jobs == 0) {
                jobs = jdbc.sql(
                                "select count(*) from recording_uploads u join calls c on c.id = u.call_id where c.provider_call_sid = ?")
                        .param(callSid)
                        .query(Long.class)
                        .single();
                Thread.sleep(50);
            }
            assertThat(jobs).as("the recording was handed to the upload queue").isEqualTo(1);
            assertThat(fetches.get()).isEqualTo(1);

            // a second report of a recording for the same call does nothing more
            assertThat(postJson("recording", params("RecordingUrl", url)).status())
                    .isEqualTo(200);
            Thread.sleep(300);
            assertThat(fetches.get()).isEqualTo(1);
        } finally {
            exotel.stop(0);
        }
    }

    @Test
    void keepsNoProviderRecordingAndDoesNotRetryWhenTheRecordingUrlIsRefused() throws Exception {
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer exotel = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", TestEnvironment.providerRecordingPort()), 0);
        exotel.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        exotel.start();
        try {
            get("call-start", params());
            // the same server, named so that it is off the allow-list
            String url = "http://localhost:" + TestEnvironment.providerRecordingPort() + "/recording.mp3";
            assertThat(get("recording", params("RecordingUrl", url)).status()).isEqualTo(200);

            long deadline = System.nanoTime() + 10_000_000_000L;
            boolean completed = false;
            while (System.nanoTime() < deadline && !completed) {
                completed = jdbc.sql("""
                                select count(*) > 0 from event_publication
                                where event_type like '%ExotelRecordingReady' and completion_date is not null
                                  and serialized_event like :sid""")
                        .param("sid", "%" + url + "%")
                        .query(Boolean.class)
                        .single();
                Thread.sleep(50);
            }
            assertThat(completed)
                    .as("the refusal is final: the event is done, not left to be retried")
                    .isTrue();
            assertThat(requests.get())
                    .as("nothing was sent to a host off the allow-list")
                    .isZero();
            assertThat(jdbc.sql(
                                    "select count(*) from recording_uploads u join calls c on c.id = u.call_id where c.provider_call_sid = ?")
                            .param(callSid)
                            .query(Long.class)
                            .single())
                    .isZero();
        } finally {
            exotel.stop(0);
        }
    }

    @Test
    void handsOutASignedStreamUrlBoundToTheCall() {
        ApiClient.Response response = get("stream-url", params("sample-rate", "16000"));

        assertThat(response.status()).isEqualTo(200);
        String url = response.json().path("url").asString();
        assertThat(url).startsWith("ws://").contains("/media/exotel?sample-rate=16000&token=");
        StreamTokens.Claims claims =
                streamTokens.verify(url.substring(url.indexOf("token=") + 6)).orElseThrow();
        assertThat(claims.callSid()).isEqualTo(callSid);
        assertThat(claims.companyId()).isEqualTo(company.id());
    }

    @Test
    void routesByCallToThenByToAsTheDynamicUrlsLivePayloadNamesThem() {
        ExotelTestLines.Line other =
                ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Other Exotel Co");
        // Exotel's captured request: To names another number than CallTo, the ExoPhone
        ApiClient.Response live = get(
                "stream-url",
                params("To", other.exophone(), "From", "09845012345", "sample_rate", "16000", "DialWhomNumber", ""));
        assertThat(live.status()).isEqualTo(200);
        String url = live.json().path("url").asString();
        assertThat(url).contains("sample-rate=16000");
        assertThat(streamTokens
                        .verify(url.substring(url.indexOf("token=") + 6))
                        .orElseThrow()
                        .companyId())
                .isEqualTo(company.id());

        // CallTo is no number of ours, To is the ExoPhone: To routes the call
        Map<String, String> byTo = params("CallTo", "02200000001", "To", exophone);
        assertThat(get("call-start", byTo).status()).isEqualTo(200);
        assertThat(jdbc.sql("select company_id from calls where provider_call_sid = ?")
                        .param(callSid)
                        .query(java.util.UUID.class)
                        .single())
                .isEqualTo(company.id().value());
    }
}
