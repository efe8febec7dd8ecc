package com.caly.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

class CallQueuesIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    private TenantFixture.TwoCompanies companies;
    private CallFixtures fixtures;
    private UUID call;
    private final Instant at = Instant.parse("2026-11-15T08:00:00Z");

    @BeforeEach
    void aCallOfCompanyA() {
        companies = new TenantFixture(tenants, passwordEncoder).twoCompanies(api);
        fixtures = new CallFixtures(jdbc);
        call = fixtures.call(companies.a().id(), at).insert();
    }

    private ApiClient.Response patch(TenantFixture.User user, String path, Object body) {
        return api.send(
                "PATCH",
                path,
                ApiClient.json(body),
                "Content-Type",
                "application/json",
                "Authorization",
                user.bearer());
    }

    private List<String> field(ApiClient.Response page, String name) {
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        List<String> values = new ArrayList<>();
        page.json().path("items").forEach(item -> values.add(item.path(name).asString()));
        return values;
    }

    private String escalationStatus(UUID id) {
        return jdbc.sql("select status || ':' || coalesce(assigned_to::text, '-') from escalations where id = ?")
                .param(id)
                .query(String.class)
                .single();
    }

    @Test
    void escalationsAreAssignedThenResolvedAndStayResolved() {
        var a = companies.a();
        UUID first = fixtures.escalation(a.id(), call, "wants a manager", at.plusSeconds(10));
        UUID second = fixtures.escalation(a.id(), call, "angry about delay", at.plusSeconds(20));
        fixtures.escalation(
                companies.b().id(), fixtures.call(companies.b().id(), at).insert(), "theirs", at);

        assertThat(field(
                        api.get(
                                "/api/escalations?status=open",
                                "Authorization",
                                a.member().bearer()),
                        "id"))
                .containsExactly(second.toString(), first.toString());

        ApiClient.Response assigned = patch(
                a.member(),
                "/api/escalations/" + first,
                Map.of("status", "assigned", "assignedTo", a.member().id().toString()));
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
        assertThat(assigned.json().path("status").asString()).isEqualTo("assigned");
        assertThat(assigned.json().path("assignedAt").isNull()).isFalse();
        assertThat(field(
                        api.get(
                                "/api/escalations?status=assigned&assignedTo="
                                        + a.member().id(),
                                "Authorization",
                                a.member().bearer()),
                        "id"))
                .containsExactly(first.toString());

        ApiClient.Response stranger = patch(
                a.member(),
                "/api/escalations/" + second,
                Map.of(
                        "status",
                        "assigned",
                        "assignedTo",
                        companies.b().owner().id().toString()));
        assertThat(stranger.status()).isEqualTo(400);
        assertThat(stranger.problemType()).isEqualTo("validation-failed");
        ApiClient.Response nobody = patch(a.member(), "/api/escalations/" + second, Map.of("status", "assigned"));
        assertThat(nobody.status()).isEqualTo(400);
        assertThat(escalationStatus(second)).isEqualTo("open:-");

        ApiClient.Response resolved = patch(
                a.admin(),
                "/api/escalations/" + first,
                Map.of("status", "resolved", "resolutionNote", "called back, refund issued"));
        assertThat(resolved.status()).isEqualTo(200);
        assertThat(resolved.json().path("resolutionNote").asString()).isEqualTo("called back, refund issued");
        ApiClient.Response again = patch(
                a.member(),
                "/api/escalations/" + first,
                Map.of("status", "assigned", "assignedTo", a.member().id().toString()));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problemType()).isEqualTo("invalid-transition");
        assertThat(escalationStatus(first)).isEqualTo("resolved:" + a.member().id());

        ApiClient.Response foreign =
                patch(companies.b().owner(), "/api/escalations/" + second, Map.of("status", "resolved"));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.problemType()).isEqualTo("escalation-not-found");
        assertThat(patch(a.member(), "/api/escalations/" + second, Map.of("status", "open"))
                        .status())
                .isEqualTo(400);
        assertThat(escalationStatus(second)).isEqualTo("open:-");
        assertThat(field(
                        api.get(
                                "/api/escalations",
                                "Authorization",
                                companies.b().owner().bearer()),
                        "reason"))
                .containsExactly("theirs");
    }

    @Test
    void returnsMoveOnlyAlongTheAllowedTransitions() {
        var a = companies.a();
        UUID refund = fixtures.returnRequest(a.id(), call, "refund", "requested", at.plusSeconds(5));
        UUID exchange = fixtures.returnRequest(a.id(), call, "exchange", "requested", at.plusSeconds(6));

        assertThat(patch(a.member(), "/api/returns/" + refund, Map.of("status", "approved"))
                        .status())
                .as("members do not move money")
                .isEqualTo(403);
        ApiClient.Response early = patch(a.admin(), "/api/returns/" + refund, Map.of("status", "refunded"));
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().path("allowed").toString()).isEqualTo("[\"approved\",\"rejected\"]");
        assertThat(patch(a.admin(), "/api/returns/" + refund, Map.of("status", "approved"))
                        .status())
                .isEqualTo(200);
        assertThat(patch(a.owner(), "/api/returns/" + refund, Map.of("status", "refunded"))
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("refunded");
        assertThat(patch(a.owner(), "/api/returns/" + refund, Map.of("status", "rejected"))
                        .status())
                .isEqualTo(409);

        assertThat(patch(a.owner(), "/api/returns/" + exchange, Map.of("status", "approved"))
                        .status())
                .isEqualTo(200);
        assertThat(patch(a.owner(), "/api/returns/" + exchange, Map.of("status", "refunded"))
                        .status())
                .as("an exchange is never refunded")
                .isEqualTo(409);
        assertThat(patch(a.owner(), "/api/returns/" + exchange, Map.of("status", "shipped"))
                        .status())
                .isEqualTo(400);
        ApiClient.Response foreign =
                patch(companies.b().owner(), "/api/returns/" + exchange, Map.of("status", "rejected"));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.problemType()).isEqualTo("return-not-found");

        assertThat(jdbc.sql("select kind || ':' || status from returns where call_id = ? order by created_at")
                        .param(call)
                        .query(String.class)
                        .list())
                .containsExactly("refund:refunded", "exchange:approved");
        assertThat(field(
                        api.get(
                                "/api/returns?status=approved&kind=exchange",
                                "Authorization",
                                a.member().bearer()),
                        "id"))
                .containsExactly(exchange.toString());
        assertThat(field(
                        api.get(
                                "/api/returns",
                                "Authorization",
                                companies.b().owner().bearer()),
                        "id"))
                .isEmpty();
        assertThat(api.get(
                                "/api/returns?status=lost",
                                "Authorization",
                                a.member().bearer())
                        .status())
                .isEqualTo(400);
    }

    @Test
    void actionsAreListedNewestFirstAndFiltered() {
        var a = companies.a();
        UUID lookup = fixtures.action(a.id(), call, "lookup_order", "ok", 180, at.plusSeconds(3));
        UUID timeout = fixtures.action(a.id(), call, "lookup_order", "timeout", 3_000, at.plusSeconds(9));
        UUID filed = fixtures.action(a.id(), call, "create_return_request", "ok", 20, at.plusSeconds(12));
        UUID other = fixtures.call(companies.b().id(), at).insert();
        fixtures.action(companies.b().id(), other, "lookup_order", "ok", 10, at);

        assertThat(field(api.get("/api/actions", "Authorization", a.member().bearer()), "id"))
                .containsExactly(filed.toString(), timeout.toString(), lookup.toString());
        assertThat(field(
                        api.get(
                                "/api/actions?tool=lookup_order&status=timeout",
                                "Authorization",
                                a.member().bearer()),
                        "id"))
                .containsExactly(timeout.toString());
        assertThat(field(
                        api.get(
                                "/api/actions?callId=" + other,
                                "Authorization",
                                a.member().bearer()),
                        "id"))
                .isEmpty();
        assertThat(field(
                        api.get(
                                "/api/actions?limit=1",
                                "Authorization",
                                a.member().bearer()),
                        "callId"))
                .containsExactly(call.toString());
        assertThat(api.get("/api/actions?callId=42", "Authorization", a.member().bearer())
                        .problemType())
                .isEqualTo("invalid-parameter");
        assertThat(api.get("/api/actions?sort=asc", "Authorization", a.member().bearer())
                        .problemType())
                .isEqualTo("unknown-parameter");
    }
}
