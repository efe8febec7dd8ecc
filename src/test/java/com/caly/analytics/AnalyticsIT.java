package com.caly.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.calls.CallFixtures;
import com.caly.calls.CallId;
import com.caly.calls.CallReport;
import com.caly.calls.CallService;
import com.caly.calls.CallStatus;
import com.caly.shared.TenantId;
import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * Every figure of the dashboard and the report against values worked out by hand from these calls. The period is
 * 1-7 November 2026 in India: [31 Oct 18:30 UTC, 7 Nov 18:30 UTC).
 */
class AnalyticsIT extends IntegrationTest {

    static final String WEEK = "from=2026-11-01&to=2026-11-07";

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    CallService callService;

    private TenantFixture.TwoCompanies companies;

    @BeforeEach
    void callsOfAWeek() {
        companies = new TenantFixture(tenants, passwordEncoder).twoCompanies(api);
        CallFixtures calls = new CallFixtures(jdbc);
        TenantId a = companies.a().id();
        // Sunday 09:30 IST: resolved, 100 s, two turns
        UUID c1 = calls.call(a, Instant.parse("2026-11-01T04:00:00Z"))
                .duration(100)
                .intent("order_status")
                .sentiment("positive")
                .insert();
        calls.turn(a, c1, 1, 500);
        calls.turn(a, c1, 2, 700);
        calls.charge(a, c1, "telephony", "pulse", "2", "0.600000", "1.2000");
        calls.charge(a, c1, "ai", "token", "5000", "0.000100", "0.5000");
        // Monday 15:30 IST: escalated, 200 s, a return filed, two tools run
        UUID c2 = calls.call(a, Instant.parse("2026-11-02T10:00:00Z"))
                .duration(200)
                .outcome("escalated")
                .escalated()
                .intent("refund")
                .sentiment("negative")
                .insert();
        calls.turn(a, c2, 1, 900);
        calls.charge(a, c2, "telephony", "pulse", "4", "0.500000", "2.0000");
        calls.charge(a, c2, "ai", "token", "10000", "0.000100", "1.0000");
        calls.escalation(a, c2, "Wants a manager ", Instant.parse("2026-11-02T10:03:00Z"));
        calls.returnRequest(a, c2, "refund", "requested", Instant.parse("2026-11-02T10:02:00Z"));
        calls.action(a, c2, "lookup_order", "ok", 200, Instant.parse("2026-11-02T10:01:00Z"));
        calls.action(a, c2, "create_return_request", "ok", 40, Instant.parse("2026-11-02T10:02:00Z"));
        // Wednesday 00:30 IST (still Tuesday in UTC): hung up before an answer
        calls.call(a, Instant.parse("2026-11-03T19:00:00Z"))
                .status("canceled")
                .outcome(null)
                .duration(null)
                .unanswered()
                .insert();
        // Thursday 11:30 IST: abandoned after 31 s
        calls.call(a, Instant.parse("2026-11-05T06:00:00Z"))
                .duration(31)
                .outcome("abandoned")
                .intent("order_status")
                .sentiment("neutral")
                .insert();
        // Saturday 23:50 IST: the last call of the period, resolved, 45 s, three turns
        UUID c4 = calls.call(a, Instant.parse("2026-11-07T18:20:00Z"))
                .duration(45)
                .insert();
        calls.turn(a, c4, 1, 600);
        calls.turn(a, c4, 2, 800);
        calls.turn(a, c4, 3, 1_000);
        calls.charge(a, c4, "telephony", "pulse", "1", "0.600000", "0.6000");
        // Sunday 00:10 IST: the next period, though still 7 November in UTC
        UUID late = calls.call(a, Instant.parse("2026-11-07T18:40:00Z"))
                .duration(500)
                .insert();
        calls.turn(a, late, 1, 5_000);
        // the week before: one resolved call
        UUID before = calls.call(a, Instant.parse("2026-10-28T05:00:00Z"))
                .duration(60)
                .insert();
        calls.turn(a, before, 1, 400);
        calls.charge(a, before, "telephony", "pulse", "1", "0.600000", "0.6000");
        // another company's call in the same week counts nowhere
        TenantId b = companies.b().id();
        UUID foreign = calls.call(b, Instant.parse("2026-11-02T10:00:00Z"))
                .duration(300)
                .insert();
        calls.turn(b, foreign, 1, 50);
        calls.charge(b, foreign, "telephony", "pulse", "5", "1.000000", "5.0000");
        calls.returnRequest(b, foreign, "return", "requested", Instant.parse("2026-11-02T10:02:00Z"));
        calls.rebuildAnalytics(a);
        calls.rebuildAnalytics(b);
    }

    private JsonNode get(String path) {
        ApiClient.Response response =
                api.get(path, "Authorization", companies.a().member().bearer());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static BigDecimal decimal(JsonNode node) {
        return node.decimalValue();
    }

    @Test
    void theDashboardMatchesTheFiguresWorkedOutByHand() {
        JsonNode body = get("/api/analytics/dashboard?" + WEEK);
        assertThat(body.path("from").asString()).isEqualTo("2026-10-31T18:30:00Z");
        assertThat(body.path("to").asString()).isEqualTo("2026-11-07T18:30:00Z");
        assertThat(body.path("timeZone").asString()).isEqualTo("Asia/Kolkata");
        JsonNode now = body.path("current");
        assertThat(now.path("calls").asLong()).isEqualTo(5);
        assertThat(now.path("answered").asLong()).isEqualTo(4);
        // answered durations 100, 200, 31, 45
        assertThat(decimal(now.path("averageDurationSeconds"))).isEqualByComparingTo("94.0");
        assertThat(decimal(now.path("medianDurationSeconds"))).isEqualByComparingTo("72.5");
        assertThat(now.path("resolvedByAgent").asLong()).isEqualTo(2);
        assertThat(now.path("escalated").asLong()).isEqualTo(1);
        assertThat(decimal(now.path("escalationRate"))).isEqualByComparingTo("0.25");
        assertThat(now.path("abandoned").asLong()).isEqualTo(2);
        assertThat(decimal(now.path("abandonmentRate"))).isEqualByComparingTo("0.4");
        assertThat(decimal(now.path("totalMinutes"))).isEqualByComparingTo("6.27");
        assertThat(decimal(now.path("cost").path("telephony"))).isEqualByComparingTo("3.8");
        assertThat(decimal(now.path("cost").path("ai"))).isEqualByComparingTo("1.5");
        assertThat(decimal(now.path("cost").path("storage"))).isEqualByComparingTo("0");
        assertThat(decimal(now.path("cost").path("total"))).isEqualByComparingTo("5.3");
        assertThat(now.path("cost").path("currency").asString()).isEqualTo("INR");
        assertThat(decimal(now.path("costPerResolvedCall"))).isEqualByComparingTo("2.65");
        assertThat(now.path("returnsFiled").asLong()).isEqualTo(1);
        // turns 500 600 700 800 900 1000: nearest rank, from the per-day counts of whole days in the company's zone
        assertThat(now.path("voiceToVoiceP50Ms").asInt()).isEqualTo(700);
        assertThat(now.path("voiceToVoiceP95Ms").asInt()).isEqualTo(1_000);
        // and from the turns themselves when the period is not whole days: the same figures
        JsonNode bySecond = get("/api/analytics/dashboard?from=2026-10-31T18:30:01Z&to=2026-11-07T18:29:59Z")
                .path("current");
        assertThat(bySecond.path("voiceToVoiceP50Ms").asInt()).isEqualTo(700);
        assertThat(bySecond.path("voiceToVoiceP95Ms").asInt()).isEqualTo(1_000);
        assertThat(bySecond.path("calls").asLong()).isEqualTo(5);

        JsonNode previous = body.path("previousPeriod");
        assertThat(previous.path("from").asString()).isEqualTo("2026-10-24T18:30:00Z");
        assertThat(previous.path("to").asString()).isEqualTo("2026-10-31T18:30:00Z");
        JsonNode then = previous.path("figures");
        assertThat(then.path("calls").asLong()).isEqualTo(1);
        assertThat(decimal(then.path("medianDurationSeconds"))).isEqualByComparingTo("60");
        assertThat(decimal(then.path("escalationRate"))).isEqualByComparingTo("0");
        assertThat(decimal(then.path("costPerResolvedCall"))).isEqualByComparingTo("0.60");
        assertThat(then.path("returnsFiled").asLong()).isZero();
        assertThat(then.path("voiceToVoiceP95Ms").asInt()).isEqualTo(400);
    }

    @Test
    void theReadModelFollowsACallAsItStartsEndsAndIsAnalysed() throws InterruptedException {
        TenantId a = companies.a().id();
        String sid = "live" + UUID.randomUUID().toString().replace("-", "");
        // a call of today (a provider's start is believed only within hours of the call's first report): seven
        // minutes into a 15-minute step that began an hour or more ago
        Instant step = Instant.ofEpochSecond(
                Math.floorDiv(Instant.now().minusSeconds(3_600).getEpochSecond(), 900) * 900);
        Instant start = step.plusSeconds(420);
        String period = "/api/analytics/dashboard?from=" + step + "&to=" + step.plusSeconds(900);
        callService.record(new CallReport(
                a,
                null,
                "exotel",
                sid,
                "inbound",
                "+919800000002",
                "+918012345678",
                start,
                null,
                null,
                null,
                CallStatus.IN_PROGRESS,
                null));
        assertThat(await(period, now -> now.path("calls").asLong() == 1)
                        .path("answered")
                        .asLong())
                .isZero();

        callService.record(new CallReport(
                a,
                null,
                "exotel",
                sid,
                "inbound",
                null,
                null,
                null,
                start.plusSeconds(2),
                start.plusSeconds(92),
                90L,
                CallStatus.COMPLETED,
                null));
        JsonNode ended = await(period, now -> now.path("answered").asLong() == 1);
        assertThat(decimal(ended.path("totalMinutes"))).isEqualByComparingTo("1.5");
        // the telephony charge is written by billing when the call ends: two pulses at the default 0.60
        assertThat(decimal(await(
                                period,
                                now -> decimal(now.path("cost").path("total")).signum() > 0)
                        .path("cost")
                        .path("telephony")))
                .isEqualByComparingTo("1.2");

        CallId id = callService.findByProviderSid(a, "exotel", sid).orElseThrow();
        callService.recordAnalysis(a, id, "Asked about a delivery.", "resolved", "positive", "delivery_delay");
        assertThat(await(period, now -> now.path("resolvedByAgent").asLong() == 1)
                        .path("calls")
                        .asLong())
                .isEqualTo(1);
        // a turn of the call, then the voice agent's last write: the day's latency counts follow
        new CallFixtures(jdbc).turn(a, id.value(), 1, 640);
        callService.recordAnalysis(a, id, "Asked about a delivery.", "resolved", "positive", "delivery_delay");
        java.time.LocalDate date =
                start.atZone(java.time.ZoneId.of("Asia/Kolkata")).toLocalDate();
        String day = "/api/analytics/dashboard?from=" + date + "&to=" + date;
        assertThat(await(day, now -> now.path("voiceToVoiceP50Ms").asInt() == 640)
                        .path("calls")
                        .asLong())
                .as("this call alone that day")
                .isEqualTo(1);
        callService.markEscalated(a, id);
        assertThat(await(period, now -> now.path("escalated").asLong() == 1)
                        .path("resolvedByAgent")
                        .asLong())
                .isZero();
    }

    private JsonNode await(String path, java.util.function.Predicate<JsonNode> done) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        JsonNode current = get(path).path("current");
        while (!done.test(current) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            current = get(path).path("current");
        }
        assertThat(done.test(current)).as(current.toString()).isTrue();
        return current;
    }

    @Test
    void anEmptyPeriodHasZerosAndNoRatesRatherThanAnError() {
        JsonNode now =
                get("/api/analytics/dashboard?from=2025-01-01&to=2025-01-31").path("current");
        assertThat(now.path("calls").asLong()).isZero();
        assertThat(now.path("escalationRate").isNull()).isTrue();
        assertThat(now.path("medianDurationSeconds").isNull()).isTrue();
        assertThat(now.path("voiceToVoiceP50Ms").isNull()).isTrue();
        assertThat(decimal(now.path("cost").path("total"))).isEqualByComparingTo("0");
    }

    @Test
    void theReportPlacesEachCallOnItsDayInTheCallersZone() {
        JsonNode report = get("/api/analytics/comprehensive?" + WEEK + "&granularity=day");
        JsonNode series = report.path("series");
        assertThat(series).hasSize(7);
        List<String> starts = new ArrayList<>();
        List<Long> calls = new ArrayList<>();
        series.forEach(point -> {
            starts.add(point.path("start").asString());
            calls.add(point.path("calls").asLong());
        });
        assertThat(starts.get(0)).isEqualTo("2026-11-01T00:00:00+05:30");
        assertThat(starts.get(6)).isEqualTo("2026-11-07T00:00:00+05:30");
        assertThat(calls).containsExactly(1L, 1L, 0L, 1L, 1L, 0L, 1L);
        JsonNode sunday = series.get(0);
        assertThat(decimal(sunday.path("minutes"))).isEqualByComparingTo("1.67");
        assertThat(decimal(sunday.path("cost"))).isEqualByComparingTo("1.7");
        assertThat(sunday.path("voiceToVoiceP50Ms").asInt()).isEqualTo(500);
        assertThat(sunday.path("voiceToVoiceP95Ms").asInt()).isEqualTo(700);
        assertThat(series.get(1).path("escalated").asLong()).isEqualTo(1);
        assertThat(series.get(3).path("abandoned").asLong()).isEqualTo(1);
        assertThat(series.get(3).path("answered").asLong()).isZero();
        assertThat(series.get(3).path("voiceToVoiceP50Ms").isNull()).isTrue();
        assertThat(series.get(6).path("resolvedByAgent").asLong()).isEqualTo(1);
        assertThat(series.get(6).path("voiceToVoiceP50Ms").asInt()).isEqualTo(800);

        assertThat(counts(report.path("outcomes")))
                .containsExactly("resolved=2", "abandoned=1", "escalated=1", "unknown=1");
        assertThat(counts(report.path("intents"))).containsExactly("order_status=2", "unknown=2", "refund=1");
        assertThat(counts(report.path("sentiment")))
                .containsExactly("unknown=2", "negative=1", "neutral=1", "positive=1");
        assertThat(counts(report.path("durations")))
                .containsExactly("0-30s=0", "30-60s=2", "1-2m=1", "2-5m=1", "5-10m=0", "10m+=0");
        assertThat(counts(report.path("escalationReasons"))).containsExactly("wants a manager=1");
        JsonNode heat = report.path("heatMap");
        assertThat(heat).hasSize(7);
        long total = 0;
        for (JsonNode day : heat) {
            assertThat(day).hasSize(24);
            for (JsonNode cell : day) {
                total += cell.asLong();
            }
        }
        assertThat(total).isEqualTo(5);
        // Monday is row 0: Sunday 09:30, Monday 15:30, Wednesday 00:30, Thursday 11:30, Saturday 23:50
        assertThat(heat.get(6).get(9).asLong()).isEqualTo(1);
        assertThat(heat.get(0).get(15).asLong()).isEqualTo(1);
        assertThat(heat.get(2).get(0).asLong()).isEqualTo(1);
        assertThat(heat.get(3).get(11).asLong()).isEqualTo(1);
        assertThat(heat.get(5).get(23).asLong()).isEqualTo(1);
        JsonNode tools = report.path("tools");
        assertThat(tools).hasSize(2);
        assertThat(tools.get(0).path("tool").asString()).isEqualTo("create_return_request");
        assertThat(tools.get(1).path("tool").asString()).isEqualTo("lookup_order");
        assertThat(decimal(tools.get(1).path("averageMs"))).isEqualByComparingTo("200");
        assertThat(tools.get(1).path("failures").asLong()).isZero();
    }

    @Test
    void inUtcTheSameCallsFallOnOtherDaysAndHoursAndWeeksStartOnMonday() {
        JsonNode utc = get("/api/analytics/comprehensive?" + WEEK + "&tz=UTC");
        List<Long> calls = new ArrayList<>();
        utc.path("series").forEach(point -> calls.add(point.path("calls").asLong()));
        // 1 Nov 04:00, 2 Nov 10:00, 3 Nov 19:00, 5 Nov 06:00, 7 Nov 18:20 and 18:40
        assertThat(calls).containsExactly(1L, 1L, 1L, 0L, 1L, 0L, 2L);
        assertThat(utc.path("heatMap").get(1).get(19).asLong())
                .as("Tuesday 19:00 UTC")
                .isEqualTo(1);

        JsonNode weeks = get("/api/analytics/comprehensive?from=2026-10-26&to=2026-11-08&granularity=week");
        List<String> starts = new ArrayList<>();
        List<Long> perWeek = new ArrayList<>();
        weeks.path("series").forEach(point -> {
            starts.add(point.path("start").asString());
            perWeek.add(point.path("calls").asLong());
        });
        assertThat(starts).containsExactly("2026-10-26T00:00:00+05:30", "2026-11-02T00:00:00+05:30");
        // week of 26 Oct: the call of 28 Oct and Sunday 1 Nov; week of 2 Nov: the other five
        assertThat(perWeek).containsExactly(2L, 5L);

        JsonNode hours =
                get("/api/analytics/comprehensive?from=2026-11-02T09:30:00Z&to=2026-11-02T12:30:00Z&granularity=hour");
        List<Long> perHour = new ArrayList<>();
        hours.path("series").forEach(point -> perHour.add(point.path("calls").asLong()));
        assertThat(hours.path("series").get(0).path("start").asString()).isEqualTo("2026-11-02T15:00:00+05:30");
        assertThat(perHour).containsExactly(1L, 0L, 0L);
    }

    @Test
    void badPeriodsAreRefusedAndAnotherCompanySeesNoneOfIt() {
        for (String bad : List.of(
                "from=2025-01-01&to=2026-06-01",
                "from=2026-11-07&to=2026-11-01",
                "tz=India",
                "granularity=minute",
                "granularity=hour&from=2026-01-01&to=2026-03-01",
                "period=30d")) {
            ApiClient.Response response = api.get(
                    "/api/analytics/comprehensive?" + bad,
                    "Authorization",
                    companies.a().member().bearer());
            assertThat(response.status()).as(bad).isEqualTo(400);
            assertThat(response.problemType()).as(bad).isIn("invalid-parameter", "unknown-parameter");
        }
        assertThat(api.get(
                                "/api/analytics/dashboard?granularity=day",
                                "Authorization",
                                companies.a().member().bearer())
                        .problemType())
                .isEqualTo("unknown-parameter");
        JsonNode other = api.get(
                        "/api/analytics/dashboard?" + WEEK,
                        "Authorization",
                        companies.b().owner().bearer())
                .json()
                .path("current");
        assertThat(other.path("calls").asLong()).isEqualTo(1);
        assertThat(decimal(other.path("cost").path("total"))).isEqualByComparingTo("5");
        assertThat(other.path("voiceToVoiceP50Ms").asInt()).isEqualTo(50);
        assertThat(api.get("/api/analytics/dashboard").status()).isEqualTo(401);
    }

    private static List<String> counts(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(item ->
                out.add(item.path("key").asString() + "=" + item.path("count").asLong()));
        return out;
    }
}
