package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * Calls Exotel reports completed, some streamed to the agent and some not (the human branch after a fallback),
 * played through the webhooks and the media stream; the dashboard, the report, billing and the call history must
 * tell the same story. Worked out by hand:
 * <ul>
 *   <li>without a stream: 30, 90, 150 and 0 s; with one: 45 and 200 s. Six calls; answered are those the agent
 *       took or that Exotel connected for a positive time: five (all but the 0 s one);
 *   <li>seconds 30 + 90 + 150 + 45 + 200 = 515: 8.58 minutes, average 515 / 5 = 103.0, median of
 *       30, 45, 90, 150, 200 = 90.0;
 *   <li>pulses of 60 s: 1 + 2 + 3 + 0 + 1 + 4 = 11, at the default 0.60: 6.60;
 *   <li>duration bands: 30-60 s two (30, 45), 1-2 min one (90), 2-5 min two (150, 200).
 * </ul>
 */
class CallFiguresAgreeIT extends IntegrationTest {

    private static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");
    private static final DateTimeFormatter EXOTEL_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(INDIA);

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    ExotelWebhookGuard guard;

    private TenantFixture.Company company;
    private String exophone;

    private String query(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private ApiClient.Response webhook(String event, Map<String, String> params) {
        return api.get("/webhooks/exotel/" + event + "?token=" + guard.token() + "&" + query(params));
    }

    /** One call: call-start, the stream if {@code streamed} (no agent runs here, so it ends at once), call-end. */
    private String call(Instant start, boolean streamed, int seconds) throws Exception {
        String callSid = ExotelTestLines.newCallSid();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallSid", callSid);
        params.put("CallFrom", "09845012345");
        params.put("CallTo", exophone);
        params.put("Direction", "incoming");
        params.put("StartTime", EXOTEL_TIME.format(start));
        assertThat(webhook("call-start", params).status()).isEqualTo(200);
        if (streamed) {
            String url = webhook("stream-url", params).json().path("url").asString();
            MediaStreamClient exotel = MediaStreamClient.connect(url);
            exotel.connected().start("ST" + callSid, callSid, "+919845012345", exophone);
            assertThat(exotel.awaitClose()).isEqualTo(1000);
        }
        params.put("Status", "completed");
        params.put("DialCallDuration", Integer.toString(seconds));
        assertThat(webhook("call-end", params).status()).isEqualTo(200);
        return callSid;
    }

    private JsonNode get(String path) {
        ApiClient.Response response =
                api.get(path, "Authorization", company.member().bearer());
        assertThat(response.status()).as(path + " " + response).isEqualTo(200);
        return response.json();
    }

    private JsonNode await(String path, Predicate<JsonNode> done) throws InterruptedException {
        JsonNode body = ExotelTestLines.await(() -> get(path), done, Duration.ofSeconds(15));
        assertThat(done.test(body)).as(body.toString()).isTrue();
        return body;
    }

    private static BigDecimal decimal(JsonNode node) {
        return node.decimalValue();
    }

    @Test
    void answeredCallsMinutesPulsesAndAmountsAgreeEverywhere() throws Exception {
        ExotelTestLines.Line line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Agree Co");
        company = line.company();
        exophone = line.exophone();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(630);
        List<String> sids = new ArrayList<>();
        for (int seconds : new int[] {30, 90, 150, 0}) {
            sids.add(call(start, false, seconds));
        }
        sids.add(call(start, true, 45));
        sids.add(call(start, true, 200));

        LocalDate day = start.atZone(INDIA).toLocalDate();
        String days = "from=" + day + "&to=" + LocalDate.now(INDIA);
        String seconds =
                "from=" + start.minusSeconds(3_599) + "&to=" + Instant.now().plusSeconds(3_601);
        for (String period : List.of(days, seconds)) {
            JsonNode now = await(
                            "/api/analytics/dashboard?" + period,
                            body -> decimal(body.path("current").path("cost").path("telephony"))
                                            .compareTo(new BigDecimal("6.60"))
                                    == 0)
                    .path("current");
            assertThat(now.path("calls").asLong()).as(period).isEqualTo(6);
            assertThat(now.path("answered").asLong()).as(period).isEqualTo(5);
            assertThat(decimal(now.path("totalMinutes"))).as(period).isEqualByComparingTo("8.58");
            assertThat(decimal(now.path("averageDurationSeconds"))).as(period).isEqualByComparingTo("103.0");
            assertThat(decimal(now.path("medianDurationSeconds"))).as(period).isEqualByComparingTo("90.0");
            assertThat(decimal(now.path("cost").path("total"))).as(period).isEqualByComparingTo("6.60");

            JsonNode report = get("/api/analytics/comprehensive?granularity=hour&" + period);
            long calls = 0;
            long answered = 0;
            BigDecimal minutes = BigDecimal.ZERO;
            BigDecimal cost = BigDecimal.ZERO;
            for (JsonNode point : report.path("series")) {
                calls += point.path("calls").asLong();
                answered += point.path("answered").asLong();
                minutes = minutes.add(decimal(point.path("minutes")));
                cost = cost.add(decimal(point.path("cost")));
            }
            assertThat(calls).as(period).isEqualTo(6);
            assertThat(answered).as(period).isEqualTo(5);
            assertThat(minutes).as(period).isEqualByComparingTo("8.58");
            assertThat(cost).as(period).isEqualByComparingTo("6.60");
            Map<String, Long> bands = new LinkedHashMap<>();
            report.path("durations")
                    .forEach(band -> bands.put(
                            band.path("key").asString(), band.path("count").asLong()));
            assertThat(bands.values()).as(period + " " + bands).containsExactly(0L, 2L, 1L, 2L, 0L, 0L);
        }

        JsonNode usage = get("/api/billing/usage?month=" + YearMonth.from(start.atZone(INDIA)));
        assertThat(usage.path("calls").asLong()).isEqualTo(6);
        assertThat(usage.path("answeredCalls").asLong()).isEqualTo(5);
        assertThat(decimal(usage.path("billableMinutes"))).isEqualByComparingTo("8.58");
        assertThat(decimal(usage.path("pulses"))).isEqualByComparingTo("11");
        assertThat(decimal(usage.path("categories").get(0).path("amount"))).isEqualByComparingTo("6.60");
        assertThat(decimal(usage.path("total"))).isEqualByComparingTo("6.60");

        // the history: each call's answer, seconds and charge as counted above
        JsonNode items = get("/api/calls?limit=100&" + days).path("items");
        assertThat(items).hasSize(6);
        long answeredInHistory = 0;
        long secondsInHistory = 0;
        BigDecimal charged = BigDecimal.ZERO;
        for (JsonNode item : items) {
            JsonNode detail = get("/api/calls/" + item.path("id").asString());
            int duration = item.path("durationSeconds").asInt();
            boolean wasAnswered = item.hasNonNull("answeredAt");
            assertThat(wasAnswered).as(item.toString()).isEqualTo(duration > 0);
            if (wasAnswered) {
                answeredInHistory++;
                secondsInHistory += duration;
                assertThat(Instant.parse(item.path("answeredAt").asString()))
                        .isAfterOrEqualTo(Instant.parse(item.path("startedAt").asString()));
            }
            JsonNode charge = detail.path("charges").get(0);
            assertThat(charge.path("category").asString()).isEqualTo("telephony");
            assertThat(decimal(charge.path("quantity")))
                    .as(item.toString())
                    .isEqualByComparingTo(BigDecimal.valueOf((duration + 59) / 60));
            charged = charged.add(decimal(charge.path("amount")));
        }
        assertThat(answeredInHistory).isEqualTo(5);
        assertThat(secondsInHistory).isEqualTo(515);
        assertThat(charged).isEqualByComparingTo("6.60");
    }
}
