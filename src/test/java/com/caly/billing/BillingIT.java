package com.caly.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.calls.CallFixtures;
import com.caly.shared.TenantId;
import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

@TestPropertySource(properties = "app.billing.operator-token=operator-secret-for-tests")
class BillingIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    private TenantFixture.TwoCompanies companies;

    @BeforeEach
    void callsAroundNovember() {
        companies = new TenantFixture(tenants, passwordEncoder).twoCompanies(api);
        CallFixtures calls = new CallFixtures(jdbc);
        TenantId a = companies.a().id();
        UUID c1 = calls.call(a, Instant.parse("2026-11-10T05:00:00Z"))
                .duration(100)
                .insert();
        calls.charge(a, c1, "telephony", "pulse", "2", "0.600000", "1.2000");
        calls.charge(a, c1, "ai", "token", "5000", "0.000100", "0.5000");
        calls.charge(a, c1, "storage", "gb_month", "0.002", "0.615120", "0.0012");
        // 23:50 on 30 November in India: November
        UUID c2 = calls.call(a, Instant.parse("2026-11-30T18:20:00Z"))
                .duration(45)
                .insert();
        calls.charge(a, c2, "telephony", "pulse", "1", "0.600000", "0.6000");
        // 00:10 on 1 December in India: December, though still November in UTC
        UUID c3 = calls.call(a, Instant.parse("2026-11-30T18:40:00Z"))
                .duration(500)
                .insert();
        calls.charge(a, c3, "telephony", "pulse", "9", "0.600000", "5.4000");
        // 23:50 on 31 October in India: October
        UUID c4 = calls.call(a, Instant.parse("2026-10-31T18:20:00Z"))
                .duration(30)
                .insert();
        calls.charge(a, c4, "telephony", "pulse", "1", "0.600000", "0.6000");
        calls.call(a, Instant.parse("2026-11-12T09:00:00Z"))
                .status("canceled")
                .outcome(null)
                .duration(null)
                .unanswered()
                .insert();
        UUID foreign = calls.call(companies.b().id(), Instant.parse("2026-11-10T05:00:00Z"))
                .duration(60)
                .insert();
        calls.charge(companies.b().id(), foreign, "telephony", "pulse", "1", "1.000000", "1.0000");
    }

    private JsonNode usage(String query) {
        ApiClient.Response response = api.get(
                "/api/billing/usage?" + query,
                "Authorization",
                companies.a().member().bearer());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    @Test
    void aMonthsUsageIsTheCallsThatStartedInItInTheCallersZone() {
        JsonNode november = usage("month=2026-11");
        assertThat(november.path("from").asString()).isEqualTo("2026-10-31T18:30:00Z");
        assertThat(november.path("calls").asLong()).isEqualTo(3);
        assertThat(november.path("answeredCalls").asLong()).isEqualTo(2);
        assertThat(november.path("billableMinutes").decimalValue()).isEqualByComparingTo("2.42");
        assertThat(november.path("pulses").decimalValue()).isEqualByComparingTo("3");
        assertThat(november.path("currency").asString()).isEqualTo("INR");
        JsonNode categories = november.path("categories");
        assertThat(categories).hasSize(3);
        assertThat(categories.get(0).path("category").asString()).isEqualTo("telephony");
        assertThat(categories.get(0).path("amount").decimalValue()).isEqualByComparingTo("1.8");
        assertThat(categories.get(1).path("category").asString()).isEqualTo("ai");
        assertThat(categories.get(1).path("quantity").decimalValue()).isEqualByComparingTo("5000");
        assertThat(categories.get(2).path("category").asString()).isEqualTo("storage");
        assertThat(categories.get(2).path("unit").asString()).isEqualTo("gb_month");
        assertThat(november.path("total").decimalValue()).isEqualByComparingTo("2.3012");

        assertThat(usage("month=2026-12").path("pulses").decimalValue()).isEqualByComparingTo("9");
        assertThat(usage("month=2026-10").path("pulses").decimalValue()).isEqualByComparingTo("1");
        assertThat(usage("month=2026-11&tz=UTC").path("pulses").decimalValue()).isEqualByComparingTo("12");
        for (String bad :
                new String[] {"month=2026-13", "month=November", "month=2026-11&tz=Nowhere", "months=2026-11"}) {
            assertThat(api.get(
                                    "/api/billing/usage?" + bad,
                                    "Authorization",
                                    companies.a().member().bearer())
                            .status())
                    .as(bad)
                    .isEqualTo(400);
        }
        assertThat(api.get(
                                "/api/billing/usage?month=2026-11",
                                "Authorization",
                                companies.b().owner().bearer())
                        .json()
                        .path("total")
                        .decimalValue())
                .isEqualByComparingTo("1");
    }

    @Test
    void onlyTheOwnerSetsTheRate() {
        JsonNode rates = api.get(
                        "/api/billing/rates",
                        "Authorization",
                        companies.a().owner().bearer())
                .json();
        assertThat(rates.path("ratePerPulse").decimalValue()).isEqualByComparingTo("0.60");
        assertThat(rates.path("isDefault").asBoolean()).isTrue();
        assertThat(api.put(
                                "/api/billing/rates",
                                ApiClient.json(Map.of("ratePerPulse", 0.75)),
                                "Authorization",
                                companies.a().admin().bearer())
                        .status())
                .isEqualTo(403);
        assertThat(api.get(
                                "/api/billing/rates",
                                "Authorization",
                                companies.a().admin().bearer())
                        .status())
                .isEqualTo(403);
        assertThat(api.put(
                                "/api/billing/rates",
                                ApiClient.json(Map.of("ratePerPulse", -1)),
                                "Authorization",
                                companies.a().owner().bearer())
                        .status())
                .isEqualTo(400);
        ApiClient.Response set = api.put(
                "/api/billing/rates",
                ApiClient.json(Map.of("ratePerPulse", 0.75)),
                "Authorization",
                companies.a().owner().bearer());
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().path("ratePerPulse").decimalValue()).isEqualByComparingTo("0.75");
        assertThat(set.json().path("isDefault").asBoolean()).isFalse();
        assertThat(usage("month=2026-11").path("ratePerPulse").decimalValue()).isEqualByComparingTo("0.75");
        assertThat(jdbc.sql("select rate_per_minute is null from clients where id = ?")
                        .param(companies.b().id().value())
                        .query(Boolean.class)
                        .single())
                .as("the other company's rate is untouched")
                .isTrue();
    }

    @Test
    void operatorsSeeWhatEachCompanysCallsCostAgainstWhatTheyWereCharged() {
        assertThat(api.get("/internal/billing/margin?month=2026-11").status()).isEqualTo(404);
        assertThat(api.get("/internal/billing/margin?month=2026-11", "X-Operator-Token", "wrong")
                        .status())
                .isEqualTo(404);
        assertThat(api.get(
                                "/internal/billing/margin?month=2026-11",
                                "Authorization",
                                companies.a().owner().bearer())
                        .status())
                .as("a company's owner is not an operator")
                .isEqualTo(404);
        ApiClient.Response report =
                api.get("/internal/billing/margin?month=2026-11", "X-Operator-Token", "operator-secret-for-tests");
        assertThat(report.status()).isEqualTo(200);
        JsonNode a = null;
        for (JsonNode company : report.json()) {
            if (company.path("companyId").asString().equals(companies.a().id().toString())) {
                a = company;
            }
        }
        assertThat(a).isNotNull();
        assertThat(a.path("calls").asLong()).isEqualTo(3);
        assertThat(a.path("pulses").decimalValue()).isEqualByComparingTo("3");
        assertThat(a.path("charged").path("total").decimalValue()).isEqualByComparingTo("2.3012");
        // pulses at the provider's 0.40; AI and storage at cost
        assertThat(a.path("providerCost").path("telephony").decimalValue()).isEqualByComparingTo("1.2");
        assertThat(a.path("providerCost").path("total").decimalValue()).isEqualByComparingTo("1.7012");
        assertThat(a.path("margin").decimalValue()).isEqualByComparingTo("0.6");
        assertThat(a.path("marginPercent").decimalValue()).isEqualByComparingTo("26.07");
    }
}
