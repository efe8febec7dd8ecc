package com.caly.tenants;

import com.caly.shared.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CompanyRepository {

    private final JdbcClient jdbc;

    CompanyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Company insert(String name, Instant now) {
        return jdbc.sql("""
                        insert into clients (name, created_at, updated_at) values (:name, :now, :now)
                        returning id, name, status, timezone, created_at, redact_transcripts, silence_recording_spans""")
                .param("name", name)
                .param("now", java.sql.Timestamp.from(now))
                .query(CompanyRepository::map)
                .single();
    }

    Optional<Company> find(TenantId id) {
        return jdbc.sql("""
                        select id, name, status, timezone, created_at, redact_transcripts, silence_recording_spans
                        from clients where id = :id""")
                .param("id", id.value())
                .query(CompanyRepository::map)
                .optional();
    }

    Optional<Company> update(TenantId id, String name, String timezone, RedactionSettings redaction, Instant now) {
        return jdbc.sql("""
                        update clients set name = :name, timezone = :timezone, redact_transcripts = :redact,
                            silence_recording_spans = :silence, updated_at = :now where id = :id
                        returning id, name, status, timezone, created_at, redact_transcripts, silence_recording_spans""")
                .param("id", id.value())
                .param("name", name)
                .param("timezone", timezone)
                .param("redact", redaction.redactTranscripts())
                .param("silence", redaction.silenceRecordingSpans())
                .param("now", java.sql.Timestamp.from(now))
                .query(CompanyRepository::map)
                .optional();
    }

    /**
     * Locks the company's row until the transaction ends, so that changes to its team run one at a time: two owners
     * demoting each other at once must not both see the other as the remaining owner. {@code for no key update}
     * leaves inserts of rows that only reference the company (a new member) unblocked.
     */
    boolean lockForTeamChange(TenantId id) {
        return jdbc.sql("select id from clients where id = :id for no key update")
                .param("id", id.value())
                .query(UUID.class)
                .optional()
                .isPresent();
    }

    private static Company map(ResultSet rs, int row) throws SQLException {
        return new Company(
                new TenantId(rs.getObject("id", UUID.class)),
                rs.getString("name"),
                rs.getString("status"),
                rs.getString("timezone"),
                rs.getTimestamp("created_at").toInstant(),
                new RedactionSettings(rs.getBoolean("redact_transcripts"), rs.getBoolean("silence_recording_spans")));
    }
}
