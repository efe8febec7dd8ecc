package com.caly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.caly.support.IntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

class SchemaIT extends IntegrationTest {

    private static final List<String> COMPANY_OWNED = List.of(
            "company_users",
            "phone_numbers",
            "agent_configs",
            "calls",
            "call_charges",
            "transcripts",
            "actions",
            "returns",
            "escalations",
            "api_keys",
            "email_verifications",
            "refresh_tokens",
            "refresh_token_blacklist");

    @Test
    void everyCompanyOwnedTableCarriesTheCompanyId() {
        assertThat(tablesWithColumn("id")).contains("clients");
        assertThat(tablesWithColumn("company_id")).containsAll(COMPANY_OWNED);
    }

    @Test
    void aRowCannotPointAtAnotherCompanysCall() {
        UUID a = company("Schema A");
        UUID b = company("Schema B");
        UUID callOfA = jdbc.sql("insert into calls (company_id, provider_call_sid) values (?, ?) returning id")
                .params(a, "sid-" + UUID.randomUUID())
                .query(UUID.class)
                .single();

        jdbc.sql(
                        "insert into transcripts (company_id, call_id, sequence, speaker, text, start_ms, end_ms) values (?, ?, 0, 'caller', 'hello', 0, 900)")
                .params(a, callOfA)
                .update();
        assertThatThrownBy(() -> jdbc.sql(
                                "insert into transcripts (company_id, call_id, sequence, speaker, text, start_ms, end_ms) values (?, ?, 1, 'caller', 'hi', 0, 900)")
                        .params(b, callOfA)
                        .update())
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.sql(
                                "insert into call_charges (company_id, call_id, category, unit, quantity, unit_price, amount) values (?, ?, 'telephony', 'pulse', 1, 0.5, 0.5)")
                        .params(b, callOfA)
                        .update())
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void checksTheValuesTheApplicationReliesOn() {
        UUID a = company("Checks");
        assertThatThrownBy(() -> jdbc.sql("insert into calls (company_id, status) values (?, 'exploded')")
                        .param(a)
                        .update())
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.sql("insert into phone_numbers (company_id, e164) values (?, '98450 12345')")
                        .param(a)
                        .update())
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.sql(
                                "insert into calls (company_id, started_at, ended_at) values (?, now(), now() - interval '1 minute')")
                        .param(a)
                        .update())
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void indexesTheCallHistoryTenantFirstThenTime() {
        String definition = jdbc.sql("select indexdef from pg_indexes where indexname = 'calls_company_started_idx'")
                .query(String.class)
                .single();
        assertThat(definition).contains("(company_id, started_at DESC, id DESC)");
    }

    private List<String> tablesWithColumn(String column) {
        return jdbc.sql(
                        "select table_name from information_schema.columns where table_schema = 'public' and column_name = ?")
                .param(column)
                .query(String.class)
                .list();
    }

    private UUID company(String name) {
        return jdbc.sql("insert into clients (name) values (?) returning id")
                .param(name)
                .query(UUID.class)
                .single();
    }
}
