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
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * Impossible times and durations in Exotel's webhooks: each is answered 200 and recorded, the call still reaches
 * its final status, the charge is what the call's own start and end allow (pulses of 60 s at the default 0.60),
 * the value is noted as a provider anomaly on the call, and a retried delivery changes nothing.
 *
 * <p>Every call but two starts (by Exotel's clock) at {@code t0}, 630 s before the test: a call-end without an
 * end time of its own then ends at its arrival, 630 to 660 s after t0 (the test takes far less than 30 s), which
 * is 11 pulses, 6.60.
 */
class ProviderFiguresIT extends IntegrationTest {

    private static final DateTimeFormatter EXOTEL_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Kolkata"));

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    ExotelWebhookGuard guard;

    private TenantFixture.Company company;
    private String exophone;
    private String callSid;
    private Instant t0;

    @BeforeEach
    void companyWithANumber() {
        ExotelTestLines.Line line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Figures Co");
        company = line.company();
        exophone = line.exophone();
        callSid = ExotelTestLines.newCallSid();
        t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(630);
    }

    private static String exotel(Instant at) {
        return EXOTEL_TIME.format(at);
    }

    private Map<String, String> params(String... extra) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallSid", callSid);
        params.put("CallFrom", "09845012345");
        params.put("CallTo", exophone);
        params.put("Direction", "incoming");
        for (int i = 0; i < extra.length; i += 2) {
            params.put(extra[i], extra[i + 1]);
        }
        return params;
    }

    private ApiClient.Response get(String event, Map<String, String> params) {
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return api.get("/webhooks/exotel/" + event + "?token=" + guard.token() + "&" + query);
    }

    private void callStart(String... extra) {
        ApiClient.Response started = get("call-start", params(extra));
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
    }

    /**
     * Delivers the call-end twice, as Exotel retries, and checks what every case shares: 200 both times, the event
     * recorded once, the call completed, one telephony charge of the given pulses and amount. Returns the call as
     * the API shows it.
     */
    private JsonNode callEnd(Map<String, String> end, String pulses, String amount) throws InterruptedException {
        ApiClient.Response first = get("call-end", end);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        List<BigDecimal[]> charges = ExotelTestLines.await(
                () -> jdbc.sql("""
                                select ch.quantity, ch.amount from call_charges ch join calls c on c.id = ch.call_id
                                where c.provider_call_sid = ? and ch.category = 'telephony'""")
                        .param(callSid)
                        .query((rs, n) -> new BigDecimal[] {rs.getBigDecimal(1), rs.getBigDecimal(2)})
                        .list(),
                list -> !list.isEmpty(),
                Duration.ofSeconds(10));
        JsonNode before = detail();

        ApiClient.Response again = get("call-end", end);
        assertThat(again.status()).as("the retried delivery").isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        Thread.sleep(200);

        assertThat(charges).as("one telephony charge").hasSize(1);
        assertThat(charges.get(0)[0]).as("pulses").isEqualByComparingTo(pulses);
        assertThat(charges.get(0)[1]).as("amount").isEqualByComparingTo(amount);
        assertThat(jdbc.sql("""
                                select count(*) from call_charges ch join calls c on c.id = ch.call_id
                                where c.provider_call_sid = ?""").param(callSid).query(Long.class).single())
                .as("the retry charged nothing more")
                .isEqualTo(1);
        assertThat(jdbc.sql("select response_status from webhook_events where call_sid = ? and event = 'call-end'")
                        .param(callSid)
                        .query(Integer.class)
                        .list())
                .as("the event is recorded once, with its answer")
                .containsExactly(200);
        JsonNode call = detail();
        assertThat(call.path("call").path("status").asString()).isEqualTo("completed");
        assertThat(call.path("providerAnomalies"))
                .as("the retry noted nothing new")
                .isEqualTo(before.path("providerAnomalies"));
        assertThat(call.path("charges").get(0).path("amount").decimalValue()).isEqualByComparingTo(amount);
        Instant started = Instant.parse(call.path("call").path("startedAt").asString());
        Instant ended = Instant.parse(call.path("call").path("endedAt").asString());
        assertThat(ended).as("the call ends after it starts").isAfterOrEqualTo(started);
        assertThat(call.path("call").path("durationSeconds").asLong())
                .as("never longer than from its start to its end, counting a started second")
                .isLessThanOrEqualTo(Duration.between(started, ended).toSeconds() + 1);
        return call;
    }

    private JsonNode detail() {
        UUID id = jdbc.sql("select id from calls where provider_call_sid = ?")
                .param(callSid)
                .query(UUID.class)
                .single();
        ApiClient.Response response =
                api.get("/api/calls/" + id, "Authorization", company.member().bearer());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static List<String> anomalies(JsonNode call) {
        List<String> found = new ArrayList<>();
        for (JsonNode anomaly : call.path("providerAnomalies")) {
            found.add(anomaly.path("field").asString() + " "
                    + anomaly.path("problem").asString() + " "
                    + anomaly.path("reported").asString() + " -> "
                    + anomaly.path("used").asString("-"));
        }
        return found;
    }

    private static long secondsBetween(JsonNode call, String from, String to) {
        return Duration.between(
                        Instant.parse(call.path("call").path(from).asString()),
                        Instant.parse(call.path("call").path(to).asString()))
                .toSeconds();
    }

    @Test
    void aDurationOfTwoToThe31MinusOneIsCutToTheCallsOwnLength() throws Exception {
        callStart("StartTime", exotel(t0));
        JsonNode call = callEnd(
                params(
                        "Status",
                        "completed",
                        "StartTime",
                        exotel(t0),
                        "EndTime",
                        exotel(t0.plusSeconds(95)),
                        "DialCallDuration",
                        "2147483647"),
                "2",
                "1.20");
        assertThat(call.path("call").path("durationSeconds").asInt()).isEqualTo(95);
        assertThat(call.path("call").path("startedAt").asString()).isEqualTo(t0.toString());
        assertThat(call.path("call").path("endedAt").asString())
                .isEqualTo(t0.plusSeconds(95).toString());
        assertThat(anomalies(call)).containsExactly("durationSeconds longer_than_call 2147483647 -> 95");
    }

    @Test
    void aZeroSecondCallClaimingTwoToThe31MinusOneSecondsIsOnePulseAtMost() throws Exception {
        // no times from Exotel: the call lasted from its call-start to its call-end, well under a second
        callStart();
        JsonNode call = callEnd(params("Status", "completed", "DialCallDuration", "2147483647"), "1", "0.60");
        long seconds = call.path("call").path("durationSeconds").asLong();
        assertThat(seconds).isBetween(1L, 5L);
        assertThat(anomalies(call)).containsExactly("durationSeconds longer_than_call 2147483647 -> " + seconds);
    }

    @Test
    void aStartInTheYear1000IsIgnored() throws Exception {
        callStart("StartTime", exotel(t0));
        // no duration: the call is billed from its start to its end, which is its arrival
        JsonNode call = callEnd(params("Status", "completed", "StartTime", "1000-01-01T00:00:00Z"), "11", "6.60");
        assertThat(call.path("call").path("startedAt").asString()).isEqualTo(t0.toString());
        assertThat(secondsBetween(call, "startedAt", "endedAt")).isBetween(630L, 659L);
        assertThat(call.path("call").path("durationSeconds").asLong()).isBetween(630L, 659L);
        assertThat(anomalies(call)).containsExactly("startedAt before_call 1000-01-01T00:00:00Z -> -");
    }

    @Test
    void aStartInTheYear1000InExotelsOwnFormatIsIgnoredToo() throws Exception {
        callStart("StartTime", exotel(t0));
        JsonNode call = callEnd(
                params("Status", "completed", "StartTime", "1000-01-01 00:00:00", "DialCallDuration", "125"),
                "3",
                "1.80");
        assertThat(call.path("call").path("startedAt").asString()).isEqualTo(t0.toString());
        assertThat(call.path("call").path("durationSeconds").asInt()).isEqualTo(125);
        assertThat(anomalies(call)).hasSize(1).allMatch(a -> a.startsWith("startedAt before_call 0999-12-31T"));
    }

    @Test
    void anEndInTheYear2099IsIgnored() throws Exception {
        callStart("StartTime", exotel(t0));
        JsonNode call = callEnd(params("Status", "completed", "EndTime", "2099-01-01 00:00:00"), "11", "6.60");
        assertThat(secondsBetween(call, "startedAt", "endedAt")).isBetween(630L, 659L);
        assertThat(call.path("call").path("durationSeconds").asLong()).isBetween(630L, 659L);
        assertThat(anomalies(call))
                .hasSize(1)
                .allMatch(a -> a.startsWith("endedAt in_future 2098-12-31T18:30:00Z -> 20"));
    }

    @Test
    void aCallDatedIn2099StartsWhenItReachedUs() throws Exception {
        Instant before = Instant.now();
        callStart("StartTime", "2099-06-01 10:00:00");
        JsonNode started = detail();
        assertThat(started.path("call").path("status").asString()).isEqualTo("in_progress");
        assertThat(Instant.parse(started.path("call").path("startedAt").asString()))
                .isBetween(before.minusSeconds(1), Instant.now());
        assertThat(anomalies(started)).containsExactly("startedAt in_future 2099-06-01T04:30:00Z -> -");

        // it claims 40 s, but its call-end came within a second or two of its start
        JsonNode call = callEnd(
                params("Status", "completed", "StartTime", "2099-06-01 10:00:00", "DialCallDuration", "40"),
                "1",
                "0.60");
        assertThat(call.path("call").path("durationSeconds").asLong()).isBetween(1L, 5L);
        assertThat(anomalies(call))
                .hasSize(2)
                .contains("startedAt in_future 2099-06-01T04:30:00Z -> -")
                .anyMatch(a -> a.startsWith("durationSeconds longer_than_call 40 -> "));
    }

    @Test
    void aNegativeDurationIsIgnored() throws Exception {
        callStart("StartTime", exotel(t0));
        // without a duration the call is billed from its start to its end: 95 s
        JsonNode call = callEnd(
                params(
                        "Status",
                        "completed",
                        "StartTime",
                        exotel(t0),
                        "EndTime",
                        exotel(t0.plusSeconds(95)),
                        "DialCallDuration",
                        "-5"),
                "2",
                "1.20");
        assertThat(call.path("call").path("durationSeconds").asInt()).isEqualTo(95);
        assertThat(anomalies(call)).containsExactly("durationSeconds negative -5 -> -");
    }

    @Test
    void aDurationPastTwoToThe31IsIgnored() throws Exception {
        callStart("StartTime", exotel(t0));
        JsonNode call = callEnd(
                params(
                        "Status",
                        "completed",
                        "StartTime",
                        exotel(t0),
                        "EndTime",
                        exotel(t0.plusSeconds(95)),
                        "DialCallDuration",
                        "2147483649"),
                "2",
                "1.20");
        assertThat(call.path("call").path("durationSeconds").asInt()).isEqualTo(95);
        assertThat(anomalies(call)).containsExactly("durationSeconds out_of_range 2147483649 -> -");
    }

    @Test
    void anEndBeforeTheStartIsIgnored() throws Exception {
        callStart("StartTime", exotel(t0));
        JsonNode call = callEnd(
                params(
                        "Status",
                        "completed",
                        "StartTime",
                        exotel(t0),
                        "EndTime",
                        exotel(t0.minusSeconds(60)),
                        "DialCallDuration",
                        "30"),
                "1",
                "0.60");
        assertThat(call.path("call").path("durationSeconds").asInt()).isEqualTo(30);
        assertThat(secondsBetween(call, "startedAt", "endedAt"))
                .as("it ended when its end reached us")
                .isBetween(630L, 659L);
        assertThat(anomalies(call))
                .hasSize(1)
                .allMatch(a -> a.startsWith("endedAt before_start " + t0.minusSeconds(60) + " -> 20"));
    }

    @Test
    void unreadableFiguresAreIgnored() throws Exception {
        callStart("StartTime", exotel(t0));
        JsonNode call =
                callEnd(params("Status", "completed", "EndTime", "soon", "DialCallDuration", "ninety"), "11", "6.60");
        assertThat(call.path("call").path("durationSeconds").asLong()).isBetween(630L, 659L);
        assertThat(anomalies(call))
                .containsExactlyInAnyOrder("endedAt unreadable soon -> -", "durationSeconds unreadable ninety -> -");
    }

    @Test
    void anEndThatArrivesFirstMayHaveStartedUpToFourHoursBefore() throws Exception {
        // the call-start never came: Exotel's own start and end are believed, being within four hours
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(3));
        JsonNode call = callEnd(
                params(
                        "Status",
                        "completed",
                        "StartTime",
                        exotel(start),
                        "EndTime",
                        exotel(start.plusSeconds(3_000)),
                        "DialCallDuration",
                        "2990"),
                "50",
                "30.00");
        assertThat(call.path("call").path("startedAt").asString()).isEqualTo(start.toString());
        assertThat(call.path("call").path("durationSeconds").asInt()).isEqualTo(2990);
        assertThat(anomalies(call)).isEmpty();

        // five hours before is not believed: with nothing else to go on, the call began and ended on arrival
        callSid = ExotelTestLines.newCallSid();
        Instant earlier = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(5));
        JsonNode late = callEnd(
                params("Status", "completed", "StartTime", exotel(earlier), "DialCallDuration", "2990"), "0", "0");
        assertThat(late.path("call").path("durationSeconds").asInt()).isZero();
        assertThat(anomalies(late))
                .containsExactlyInAnyOrder(
                        "startedAt before_call " + earlier + " -> -", "durationSeconds longer_than_call 2990 -> 0");
    }
}
