package com.caly.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

class CallHistoryIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    private TenantFixture.TwoCompanies companies;
    private CallFixtures fixtures;

    @BeforeEach
    void twoCompanies() {
        companies = new TenantFixture(tenants, passwordEncoder).twoCompanies(api);
        fixtures = new CallFixtures(jdbc);
    }

    private ApiClient.Response get(TenantFixture.User user, String path) {
        return api.get(path, "Authorization", user.bearer());
    }

    private List<String> ids(ApiClient.Response page) {
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.json().path("items").forEach(item -> ids.add(item.path("id").asString()));
        return ids;
    }

    @Test
    void listsNewestFirstInKeysetPagesThatHoldEveryCallOnce() {
        var a = companies.a();
        Instant base = Instant.parse("2026-10-01T10:00:00Z");
        record Row(UUID id, Instant at) {}
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // two pairs of calls start in the same microsecond: the id breaks the tie
            Instant at = base.plusSeconds(60L * (i / 2 * 2 == i ? i : i - 1));
            rows.add(new Row(fixtures.call(a.id(), at).insert(), at));
        }
        fixtures.call(companies.b().id(), base.plusSeconds(30)).insert();
        List<String> expected = rows.stream()
                .sorted(Comparator.comparing(Row::at)
                        .thenComparing(row -> row.id().toString())
                        .reversed())
                .map(row -> row.id().toString())
                .toList();

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ApiClient.Response page =
                    get(a.member(), "/api/calls?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            seen.addAll(ids(page));
            cursor = page.json().path("nextCursor").isNull()
                            || page.json().path("nextCursor").isMissingNode()
                    ? null
                    : page.json().path("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(expected);
        JsonNode first =
                get(a.member(), "/api/calls?limit=1").json().path("items").get(0);
        assertThat(first.path("status").asString()).isEqualTo("completed");
        assertThat(first.path("durationSeconds").asInt()).isEqualTo(60);
        assertThat(first.path("hasRecording").asBoolean()).isFalse();
    }

    @Test
    void filtersByEveryFieldAndByTheWordsSaid() {
        var a = companies.a();
        Instant day = Instant.parse("2026-11-10T06:00:00Z");
        UUID resolved =
                fixtures.call(a.id(), day).from("+919811111111").recorded().insert();
        UUID escalated = fixtures.call(a.id(), day.plusSeconds(60))
                .outcome("escalated")
                .escalated()
                .insert();
        UUID busy = fixtures.call(a.id(), day.plusSeconds(120))
                .status("busy")
                .outcome(null)
                .duration(null)
                .unanswered()
                .insert();
        UUID outbound = fixtures.call(a.id(), day.plusSeconds(180))
                .direction("outbound")
                .insert();
        fixtures.utterance(a.id(), resolved, 0, "caller", "Mera order kab aayega? Refund chahiye", 0, 2_000);
        fixtures.utterance(a.id(), escalated, 0, "caller", "I want a refund for the kurta", 0, 2_000);
        fixtures.utterance(a.id(), outbound, 0, "agent", "Namaste, order shipped hai", 0, 2_000);
        UUID foreign = fixtures.call(companies.b().id(), day).insert();
        fixtures.utterance(companies.b().id(), foreign, 0, "caller", "refund please", 0, 1_000);

        assertThat(ids(get(a.member(), "/api/calls?status=busy"))).containsExactly(busy.toString());
        assertThat(ids(get(a.member(), "/api/calls?status=busy,completed"))).hasSize(4);
        assertThat(ids(get(a.member(), "/api/calls?outcome=escalated"))).containsExactly(escalated.toString());
        assertThat(ids(get(a.member(), "/api/calls?direction=outbound"))).containsExactly(outbound.toString());
        assertThat(ids(get(a.member(), "/api/calls?caller=%2B919811111111"))).containsExactly(resolved.toString());
        assertThat(ids(get(a.member(), "/api/calls?escalated=true"))).containsExactly(escalated.toString());
        assertThat(ids(get(a.member(), "/api/calls?escalated=false"))).hasSize(3);
        assertThat(ids(get(a.member(), "/api/calls?hasRecording=true"))).containsExactly(resolved.toString());
        assertThat(ids(get(a.member(), "/api/calls?q=refund")))
                .containsExactly(escalated.toString(), resolved.toString());
        assertThat(ids(get(a.member(), "/api/calls?q=REFUND%20kurta"))).containsExactly(escalated.toString());
        assertThat(ids(get(a.member(), "/api/calls?q=refund&escalated=false"))).containsExactly(resolved.toString());
        assertThat(ids(get(a.member(), "/api/calls?q=parcel"))).isEmpty();
    }

    @Test
    void aDateIsADayInTheCallersTimeZone() {
        var a = companies.a();
        // 23:50 on 20 November in India is 18:20 UTC; 00:30 on 21 November in India is still 20 November in UTC
        UUID lateEvening =
                fixtures.call(a.id(), Instant.parse("2026-11-20T18:20:00Z")).insert();
        UUID pastMidnight =
                fixtures.call(a.id(), Instant.parse("2026-11-20T19:00:00Z")).insert();

        assertThat(ids(get(a.member(), "/api/calls?from=2026-11-20&to=2026-11-20")))
                .containsExactly(lateEvening.toString());
        assertThat(ids(get(a.member(), "/api/calls?from=2026-11-21&to=2026-11-21")))
                .containsExactly(pastMidnight.toString());
        assertThat(ids(get(a.member(), "/api/calls?from=2026-11-20&to=2026-11-20&tz=UTC")))
                .containsExactly(pastMidnight.toString(), lateEvening.toString());
        assertThat(ids(get(a.member(), "/api/calls?from=2026-11-20T18:30:00Z&to=2026-11-20T19:00:00Z")))
                .isEmpty();
    }

    @Test
    void oneCallWithEverythingItLeftBehind() {
        var a = companies.a();
        Instant at = Instant.parse("2026-11-12T04:00:00Z");
        UUID call = fixtures.call(a.id(), at)
                .intent("order_status")
                .sentiment("positive")
                .summary("Caller asked where order A1 is; the agent said it has shipped.")
                .recorded()
                .insert();
        fixtures.utterance(a.id(), call, 0, "agent", "Namaste! Main aapki kya madad kar sakti hoon?", 0, 2_400);
        fixtures.utterance(a.id(), call, 1, "caller", "Order A1 kahan hai?", 3_000, 4_500);
        fixtures.action(a.id(), call, "lookup_order", "ok", 240, at.plusSeconds(5));
        fixtures.returnRequest(a.id(), call, "exchange", "requested", at.plusSeconds(20));
        fixtures.escalation(a.id(), call, "wants a manager", at.plusSeconds(40));
        fixtures.charge(a.id(), call, "telephony", "pulse", "1", "0.600000", "0.6000");
        fixtures.charge(a.id(), call, "ai", "token", "5400", "0.000100", "0.5400");
        fixtures.turn(a.id(), call, 1, 640);

        JsonNode detail = get(a.member(), "/api/calls/" + call).json();
        assertThat(detail.path("call").path("id").asString()).isEqualTo(call.toString());
        assertThat(detail.path("call").path("intent").asString()).isEqualTo("order_status");
        assertThat(detail.path("call").path("hasRecording").asBoolean()).isTrue();
        assertThat(detail.path("summary").asString()).startsWith("Caller asked where order A1 is");
        assertThat(detail.path("recordingDurationMs").asLong()).isEqualTo(60_000);
        assertThat(detail.path("transcript")).hasSize(2);
        assertThat(detail.path("transcript").get(1).path("text").asString()).isEqualTo("Order A1 kahan hai?");
        assertThat(detail.path("transcript").get(1).path("startMs").asLong()).isEqualTo(3_000);
        assertThat(detail.path("actions").get(0).path("tool").asString()).isEqualTo("lookup_order");
        assertThat(detail.path("actions")
                        .get(0)
                        .path("arguments")
                        .path("order_id")
                        .asString())
                .isEqualTo("A1");
        assertThat(detail.path("actions").get(0).path("durationMs").asInt()).isEqualTo(240);
        assertThat(detail.path("returns").get(0).path("kind").asString()).isEqualTo("exchange");
        assertThat(detail.path("returns").get(0).path("items").get(0).asString())
                .isEqualTo("kurta");
        assertThat(detail.path("escalations").get(0).path("reason").asString()).isEqualTo("wants a manager");
        assertThat(detail.path("charges")).hasSize(2);
        assertThat(detail.path("charges").get(0).path("category").asString()).isEqualTo("telephony");
        assertThat(detail.path("charges").get(0).path("amount").decimalValue()).isEqualByComparingTo("0.6");
        assertThat(detail.path("charges").get(1).path("amount").decimalValue()).isEqualByComparingTo("0.54");
        assertThat(detail.path("turns").get(0).path("voiceToVoiceMs").asInt()).isEqualTo(640);

        ApiClient.Response foreign = get(companies.b().owner(), "/api/calls/" + call);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.problemType()).isEqualTo("call-not-found");
        assertThat(get(a.member(), "/api/calls/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(get(a.member(), "/api/calls/not-an-id").status()).isEqualTo(400);
        assertThat(api.get("/api/calls").status()).isEqualTo(401);
    }

    @Test
    void refusesQueriesItCannotAnswerExactly() {
        var user = companies.a().member();
        record Bad(String query, String type, String parameter) {}
        List<Bad> bad = List.of(
                new Bad("statuss=completed", "unknown-parameter", "statuss"),
                new Bad("limit=1000", "invalid-parameter", "limit"),
                new Bad("limit=0", "invalid-parameter", "limit"),
                new Bad("limit=ten", "invalid-parameter", "limit"),
                new Bad("cursor=not-a-cursor", "invalid-parameter", "cursor"),
                new Bad("cursor=" + "A".repeat(200), "invalid-parameter", "cursor"),
                new Bad("from=2026-13-01", "invalid-parameter", "from"),
                new Bad("from=yesterday", "invalid-parameter", "from"),
                new Bad("from=2026-11-02&to=2026-11-01", "invalid-parameter", "from"),
                new Bad("from=2025-01-01&to=2026-06-01", "invalid-parameter", "to"),
                new Bad("tz=Mars/Olympus", "invalid-parameter", "tz"),
                new Bad("status=done", "invalid-parameter", "status"),
                new Bad("outcome=happy", "invalid-parameter", "outcome"),
                new Bad("direction=sideways", "invalid-parameter", "direction"),
                new Bad("escalated=yes", "invalid-parameter", "escalated"),
                new Bad("caller=robert", "invalid-parameter", "caller"),
                new Bad("q=%21%21%21", "invalid-parameter", "q"),
                new Bad("limit=5&limit=6", "invalid-parameter", "limit"));
        for (Bad each : bad) {
            ApiClient.Response response = get(user, "/api/calls?" + each.query());
            assertThat(response.status()).as(each.query()).isEqualTo(400);
            assertThat(response.problemType()).as(each.query()).isEqualTo(each.type());
            assertThat(response.json().path("parameter").asString())
                    .as(each.query())
                    .isEqualTo(each.parameter());
        }
    }
}
