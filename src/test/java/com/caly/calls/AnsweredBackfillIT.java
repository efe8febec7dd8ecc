package com.caly.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.shared.TenantId;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The migration that makes calls written before "answered" meant connected by the provider agree with the rest. */
class AnsweredBackfillIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    JdbcTemplate jdbcTemplate;

    private @org.jspecify.annotations.Nullable String column(UUID call, String column) {
        return jdbc.sql("select " + column + "::text from calls where id = ?")
                .param(call)
                .query((rs, n) -> rs.getString(1))
                .list()
                .get(0);
    }

    @Test
    void completedCallsWithSecondsBecomeAnsweredAndTheReadModelFollows() throws IOException {
        TenantFixture.Company company = new TenantFixture(tenants, passwordEncoder).company(api, "Backfill Co");
        TenantId id = company.id();
        CallFixtures calls = new CallFixtures(jdbc);
        Instant at = Instant.parse("2026-11-10T05:00:00Z");
        // connected for 90 s on the human branch: charged, but never answered
        UUID human = calls.call(id, at).duration(90).unanswered().insert();
        calls.charge(id, human, "telephony", "pulse", "2", "0.600000", "1.2000");
        // billed from its times, its seconds only in the charge
        UUID fromTimes =
                calls.call(id, at.plusSeconds(60)).duration(null).unanswered().insert();
        jdbc.sql("""
                        insert into call_charges (company_id, call_id, category, description, unit, quantity, unit_price, amount)
                        values (?, ?, 'telephony', '75 s in 60-second pulses', 'pulse', 2, 0.6, 1.2)""").params(id.value(), fromTimes).update();
        UUID zero = calls.call(id, at.plusSeconds(120)).duration(0).unanswered().insert();
        UUID canceled = calls.call(id, at.plusSeconds(180))
                .status("canceled")
                .duration(null)
                .unanswered()
                .insert();
        calls.rebuildAnalytics(id);

        String migration = new ClassPathResource("db/migration/V021__calls_answered_by_provider.sql")
                .getContentAsString(StandardCharsets.UTF_8);
        jdbcTemplate.execute(migration);

        assertThat(column(human, "answered_at")).as("its end less its 90 s").isEqualTo(column(human, "started_at"));
        assertThat(column(fromTimes, "duration_seconds")).isEqualTo("75");
        assertThat(column(fromTimes, "answered_at")).isEqualTo(column(fromTimes, "started_at"));
        assertThat(column(zero, "answered_at")).isNull();
        assertThat(column(canceled, "answered_at")).isNull();
        var dashboard = api.get(
                        "/api/analytics/dashboard?from=2026-11-10&to=2026-11-10",
                        "Authorization",
                        company.member().bearer())
                .json()
                .path("current");
        assertThat(dashboard.path("answered").asLong()).isEqualTo(2);
        // (90 + 75) / 60
        assertThat(dashboard.path("totalMinutes").decimalValue()).isEqualByComparingTo("2.75");
        assertThat(dashboard.path("averageDurationSeconds").decimalValue()).isEqualByComparingTo("82.5");
    }
}
