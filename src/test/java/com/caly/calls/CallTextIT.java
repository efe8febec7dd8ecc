package com.caly.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

/** What the voice model says about a call (its analysis, why it ended the call) is stored without control characters. */
class CallTextIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    CallService calls;

    @Test
    void storesTheModelsAnalysisAndEndReasonWithoutControlCharacters() {
        TenantFixture.Company company = new TenantFixture(tenants, passwordEncoder).company(api, "Model Text Co");
        UUID id = new CallFixtures(jdbc)
                .call(company.id(), Instant.now().minusSeconds(120))
                .outcome(null)
                .insert();
        CallId call = new CallId(id);

        calls.recordAnalysis(
                company.id(),
                call,
                "Caller\u0000 asked about\u0007 hours.\nResolved.",
                "resolved\u0000",
                "positive\u0085",
                "opening\u0000_hours");
        calls.setEndReason(company.id(), call, "caller\u0000 asked for a person", true);

        assertThat(jdbc.sql(
                                "select summary || '|' || outcome || '|' || sentiment || '|' || intent || '|' || end_reason from calls where id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo(
                        "Caller asked about hours.\nResolved.|resolved|positive|opening_hours|caller asked for a person");
    }
}
