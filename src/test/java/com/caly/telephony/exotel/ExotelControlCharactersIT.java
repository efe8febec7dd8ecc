package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Exotel's webhooks with NUL and other control characters in every parameter: they are dropped, the webhook answers
 * as it would without them, and the call is recorded with the cleaned values. Refusing them would lose the call.
 */
class ExotelControlCharactersIT extends IntegrationTest {

    private static final java.time.format.DateTimeFormatter EXOTEL_TIME = java.time.format.DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm:ss")
            .withZone(java.time.ZoneId.of("Asia/Kolkata"));

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
        ExotelTestLines.Line line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Noisy Co");
        company = line.company();
        exophone = line.exophone();
        callSid = ExotelTestLines.newCallSid();
    }

    /** Every parameter with a control character in it: NUL mostly, and a bell, DEL and a C1 control. */
    private Map<String, String> noisy(String... extra) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallSid", callSid.substring(0, 5) + "\u0000" + callSid.substring(5) + "\u0000");
        params.put("CallFrom", "0984501\u00002345");
        params.put("CallTo", "\u0000" + exophone);
        params.put("From", "0984501\u00002345");
        params.put("To", exophone + "\u0007");
        params.put("Direction", "incom\u0000ing");
        params.put("Created", EXOTEL_TIME.format(Instant.now().minusSeconds(300)) + "\u0000");
        String start = EXOTEL_TIME.format(Instant.now().minusSeconds(300));
        params.put("StartTime", start.substring(0, 10) + "\u0000" + start.substring(10));
        params.put("CustomField", "order\u0000-42\u007F\u0085");
        params.put("DialWhomNumber", "\u0000");
        params.put("Cu\u0000stom", "a key with NUL");
        for (int i = 0; i < extra.length; i += 2) {
            params.put(extra[i], extra[i + 1]);
        }
        return params;
    }

    private static String encoded(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private ApiClient.Response get(String event, Map<String, String> params) {
        return api.get("/webhooks/exotel/" + event + "?token=" + guard.token() + "&" + encoded(params));
    }

    private ApiClient.Response postForm(String event, Map<String, String> params) {
        return api.post(
                "/webhooks/exotel/" + event + "?token=" + guard.token(),
                encoded(params),
                "Content-Type",
                "application/x-www-form-urlencoded");
    }

    private ApiClient.Response postJson(String event, Map<String, ?> params) {
        return api.post("/webhooks/exotel/" + event + "?token=" + guard.token(), ApiClient.json(params));
    }

    private String call(String column) {
        return jdbc.sql("select " + column + "::text from calls where provider_call_sid = ?")
                .param(callSid)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private String payload(String event) {
        return jdbc.sql("select payload::text from webhook_events where call_sid = ? and event = ?")
                .param(callSid)
                .param(event)
                .query(String.class)
                .single();
    }

    @Test
    void recordsACallWhoseStartAndEndCarryControlCharactersInEveryParameter() throws Exception {
        ApiClient.Response started = get("call-start", noisy());
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        assertThat(started.body()).isEqualTo("OK");
        assertThat(call("status")).isEqualTo("in_progress");
        assertThat(call("company_id")).isEqualTo(company.id().toString());
        assertThat(call("direction")).isEqualTo("inbound");
        assertThat(call("from_number")).isEqualTo("+919845012345");
        assertThat(call("to_number")).isEqualTo("+91" + exophone.substring(1));
        assertThat(payload("call-start"))
                .contains("\"CustomField\": \"order-42\"", "\"Custom\": \"a key with NUL\"")
                .doesNotContain("\\u0000");

        ApiClient.Response ended = postForm(
                "call-end",
                noisy("Status", "comp\u0000leted", "DialCallDuration", "12\u00005", "CallType", "\u0000completed"));
        assertThat(ended.status()).as(ended.toString()).isEqualTo(200);
        assertThat(call("status")).isEqualTo("completed");
        assertThat(call("duration_seconds")).isEqualTo("125");
        assertThat(payload("call-end")).contains("\"Status\": \"completed\"").doesNotContain("\\u0000");
        assertThat(jdbc.sql("select count(*) from calls where provider_call_sid like ?")
                        .param(callSid.substring(0, 5) + "%")
                        .query(Long.class)
                        .single())
                .as("one call, under the cleaned CallSid")
                .isEqualTo(1);
        var amounts = ExotelTestLines.await(
                () -> jdbc.sql(
                                "select amount from call_charges c join calls k on k.id = c.call_id where k.provider_call_sid = ? and c.category = 'telephony'")
                        .param(callSid)
                        .query(java.math.BigDecimal.class)
                        .list(),
                list -> !list.isEmpty(),
                Duration.ofSeconds(10));
        assertThat(amounts)
                .singleElement()
                .satisfies(amount -> assertThat(amount).isEqualByComparingTo("1.80"));

        ApiClient.Response afterBot = get("after-bot", noisy());
        assertThat(afterBot.status()).isEqualTo(200);
    }

    @Test
    void fetchesARecordingWhoseReportCarriesControlCharactersInAJsonBody() throws Exception {
        byte[] mp3 = new byte[4096];
        mp3[0] = (byte) 0xFF;
        mp3[1] = (byte) 0xF3;
        mp3[2] = (byte) 0x48;
        AtomicInteger fetches = new AtomicInteger();
        com.sun.net.httpserver.HttpServer exotel = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", com.caly.support.TestEnvironment.providerRecordingPort()),
                0);
        exotel.createContext("/recording.mp3", exchange -> {
            fetches.incrementAndGet();
            exchange.sendResponseHeaders(200, mp3.length);
            exchange.getResponseBody().write(mp3);
            exchange.close();
        });
        exotel.start();
        try {
            assertThat(postJson("call-start", noisy()).status()).isEqualTo(200);
            String url = "http://127.0.0.1:" + exotel.getAddress().getPort() + "/record\u0000ing.mp3\u0000";
            Map<String, Object> report = new LinkedHashMap<>(noisy());
            report.put("Stream", Map.of("Recording\u0000Url", url, "Status\u0000", "\u0000completed"));
            ApiClient.Response recorded = postJson("recording", report);
            assertThat(recorded.status()).as(recorded.toString()).isEqualTo(200);
            assertThat(payload("recording"))
                    .contains("\"Stream[RecordingUrl]\": \"http://127.0.0.1:")
                    .doesNotContain("\\u0000");

            long jobs = ExotelTestLines.await(
                    () -> jdbc.sql(
                                    "select count(*) from recording_uploads u join calls c on c.id = u.call_id where c.provider_call_sid = ?")
                            .param(callSid)
                            .query(Long.class)
                            .single(),
                    count -> count > 0,
                    Duration.ofSeconds(10));
            assertThat(jobs)
                    .as("the recording, fetched from the cleaned URL, was queued")
                    .isEqualTo(1);
            assertThat(fetches.get()).isEqualTo(1);
        } finally {
            exotel.stop(0);
        }
    }

    @Test
    void handsOutAStreamUrlForTheCleanedCallSid() {
        ApiClient.Response response = get("stream-url", noisy("sample-rate", "16000\u0000"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        String url = response.json().path("url").asString();
        assertThat(url).contains("/media/exotel?sample-rate=16000&token=");
        StreamTokens.Claims claims =
                streamTokens.verify(url.substring(url.indexOf("token=") + 6)).orElseThrow();
        assertThat(claims.callSid()).isEqualTo(callSid);
        assertThat(claims.companyId()).isEqualTo(company.id());
    }

    @Test
    void recordsAStreamWhoseStartCarriesControlCharacters() throws Exception {
        // the flow's call-start names the call and the number dialled; the caller's number comes with the stream
        assertThat(get("call-start", Map.of("CallSid", callSid, "CallTo", exophone))
                        .status())
                .isEqualTo(200);
        String url = "ws://127.0.0.1:" + port + "/media/exotel?sample-rate=8000&token="
                + URLEncoder.encode(streamTokens.issue(callSid, company.id()), StandardCharsets.UTF_8);
        MediaStreamClient exotel = MediaStreamClient.connect(url);
        // JSON escapes, as Exotel would send them
        exotel.connected().start("S\\u00001", callSid + "\\u0000", "+91984501\\u00002345", exophone + "\\u0007");

        assertThat(exotel.awaitClose())
                .as("no voice agent: the stream ends at once")
                .isEqualTo(1000);
        assertThat(call("from_number")).isEqualTo("+919845012345");
        assertThat(call("to_number")).isEqualTo("+91" + exophone.substring(1));
        assertThat(call("end_reason")).isEqualTo("no_agent");
    }
}
