package com.caly.recordings;

import com.caly.calls.CallId;
import com.caly.shared.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The recording columns of calls ({@code recording_url} holds the object key, never a link) and the record of
 * deletions. Every read takes the company. The calls table belongs to the calls feature; this module owns only
 * its recording columns.
 */
@Repository
class RecordingCatalog {

    record Recording(
            CallId callId,
            RecordingKey key,
            long bytes,
            long durationMs,
            @Nullable Instant storedAt,
            Instant callStartedAt,
            @Nullable String fromNumber,
            @Nullable String toNumber,
            String direction,
            String status,
            @Nullable Integer callDurationSeconds) {}

    private static final String COLUMNS = """
            id, recording_url, coalesce(recording_bytes, 0) as recording_bytes,
            coalesce(recording_duration_ms, 0) as recording_duration_ms, recording_stored_at, started_at,
            from_number, to_number, direction, status, duration_seconds""";

    private final JdbcClient jdbc;

    RecordingCatalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void attach(TenantId companyId, CallId callId, RecordingKey key, long bytes, long durationMs, Instant now) {
        jdbc.sql("""
                        update calls set recording_url = :key, recording_bytes = :bytes, recording_duration_ms = :duration,
                            recording_stored_at = :now, updated_at = :now
                        where company_id = :company and id = :call""")
                .param("company", companyId.value())
                .param("call", callId.value())
                .param("key", key.value())
                .param("bytes", bytes)
                .param("duration", durationMs)
                .param("now", Timestamp.from(now))
                .update();
    }

    boolean callExists(TenantId companyId, CallId callId) {
        return jdbc.sql("select exists (select 1 from calls where company_id = :company and id = :call)")
                .param("company", companyId.value())
                .param("call", callId.value())
                .query(Boolean.class)
                .single();
    }

    Optional<Recording> find(TenantId companyId, CallId callId) {
        return jdbc.sql("select " + COLUMNS
                        + " from calls where company_id = :company and id = :call and recording_url is not null")
                .param("company", companyId.value())
                .param("call", callId.value())
                .query((rs, row) -> map(rs))
                .optional();
    }

    /** Locks the call row while its recording is deleted, so two deletions cannot both record it. */
    Optional<Recording> findForUpdate(TenantId companyId, CallId callId) {
        return jdbc.sql(
                        "select " + COLUMNS
                                + " from calls where company_id = :company and id = :call and recording_url is not null for update")
                .param("company", companyId.value())
                .param("call", callId.value())
                .query((rs, row) -> map(rs))
                .optional();
    }

    /** A page of the company's recordings of calls started in [from, to), newest first. */
    List<Recording> page(TenantId companyId, Instant from, Instant to, int limit, int offset) {
        return jdbc.sql("select " + COLUMNS + """
                         from calls
                        where company_id = :company and recording_url is not null
                          and started_at >= :from and started_at < :to
                        order by started_at desc, id desc
                        limit :limit offset :offset""")
                .param("company", companyId.value())
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .param("limit", limit)
                .param("offset", offset)
                .query((rs, row) -> map(rs))
                .list();
    }

    long count(TenantId companyId, Instant from, Instant to) {
        return jdbc.sql("""
                        select count(*) from calls
                        where company_id = :company and recording_url is not null
                          and started_at >= :from and started_at < :to""")
                .param("company", companyId.value())
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query(Long.class)
                .single();
    }

    void detach(TenantId companyId, CallId callId, Instant now) {
        jdbc.sql("""
                        update calls set recording_url = null, recording_bytes = null, recording_duration_ms = null,
                            recording_stored_at = null, updated_at = :now
                        where company_id = :company and id = :call""")
                .param("company", companyId.value())
                .param("call", callId.value())
                .param("now", Timestamp.from(now))
                .update();
    }

    void recordDeletion(TenantId companyId, Recording recording, String reason, @Nullable UUID deletedBy, Instant now) {
        jdbc.sql("""
                        insert into recording_deletions
                            (company_id, call_id, object_key, bytes, recorded_at, reason, deleted_by, deleted_at)
                        values (:company, :call, :key, :bytes, :recorded, :reason, :by, :now)""")
                .param("company", companyId.value())
                .param("call", recording.callId().value())
                .param("key", recording.key().value())
                .param("bytes", recording.bytes())
                .param("recorded", recording.storedAt() == null ? null : Timestamp.from(recording.storedAt()))
                .param("reason", reason)
                .param("by", deletedBy)
                .param("now", Timestamp.from(now))
                .update();
    }

    /** Recordings older than their company's retention period, locked and skipped by other sweepers. */
    List<Expired> claimExpired(Instant now, int limit) {
        return jdbc.sql("""
                        select c.company_id, c.id
                        from calls c join clients k on k.id = c.company_id
                        where c.recording_url is not null
                          and c.started_at < cast(:now as timestamptz) - make_interval(days => k.recording_retention_days)
                        order by c.started_at
                        limit :limit
                        for update of c skip locked""")
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((rs, row) -> new Expired(
                        new TenantId(rs.getObject("company_id", UUID.class)),
                        new CallId(rs.getObject("id", UUID.class))))
                .list();
    }

    record Expired(TenantId companyId, CallId callId) {}

    private static Recording map(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp stored = rs.getTimestamp("recording_stored_at");
        return new Recording(
                new CallId(rs.getObject("id", UUID.class)),
                RecordingKey.fromReference(rs.getString("recording_url")),
                rs.getLong("recording_bytes"),
                rs.getLong("recording_duration_ms"),
                stored == null ? null : stored.toInstant(),
                rs.getTimestamp("started_at").toInstant(),
                rs.getString("from_number"),
                rs.getString("to_number"),
                rs.getString("direction"),
                rs.getString("status"),
                (Integer) rs.getObject("duration_seconds"));
    }
}
