package com.caly.recordings;

import com.caly.calls.CallId;
import com.caly.shared.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The upload queue in PostgreSQL: a job per call recording, claimed by one worker at a time with SKIP LOCKED. */
@Repository
class UploadJobs {

    record Job(
            UUID id,
            TenantId companyId,
            CallId callId,
            SpooledAudio audio,
            int attempts,
            Instant callStartedAt,
            Instant queuedAt) {}

    private final JdbcClient jdbc;

    UploadJobs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(TenantId companyId, CallId callId, SpooledAudio audio, Instant now) {
        jdbc.sql("""
                        insert into recording_uploads
                            (company_id, call_id, spool_path, spool_format, sample_rate, next_attempt_at, created_at, updated_at)
                        values (:company, :call, :path, :format, :rate, :now, :now, :now)""")
                .param("company", companyId.value())
                .param("call", callId.value())
                .param("path", audio.file().toAbsolutePath().toString())
                .param("format", audio.format().code)
                .param("rate", audio.sampleRate())
                .param("now", Timestamp.from(now))
                .update();
    }

    /**
     * Claims the job due soonest and keeps it locked until the transaction ends. A job another worker holds is
     * skipped, not waited for: two workers never upload the same recording at the same time.
     */
    Optional<Job> claimDue(Instant now, Optional<Instant> queuedBefore) {
        return jdbc.sql("""
                        select u.id, u.company_id, u.call_id, u.spool_path, u.spool_format, u.sample_rate, u.attempts,
                               c.started_at, u.created_at
                        from recording_uploads u
                        join calls c on c.company_id = u.company_id and c.id = u.call_id
                        where u.status <> 'done' and u.next_attempt_at <= :now
                          and u.created_at <= :before
                        order by u.next_attempt_at
                        limit 1
                        for update of u skip locked""")
                .param("now", Timestamp.from(now))
                // no cut-off: the end of time, which every job was queued before
                .param("before", Timestamp.from(queuedBefore.orElse(Instant.parse("9999-12-31T00:00:00Z"))))
                .query((rs, row) -> new Job(
                        rs.getObject("id", UUID.class),
                        new TenantId(rs.getObject("company_id", UUID.class)),
                        new CallId(rs.getObject("call_id", UUID.class)),
                        new SpooledAudio(
                                java.nio.file.Path.of(rs.getString("spool_path")),
                                SpooledAudio.Format.fromCode(rs.getString("spool_format")),
                                (Integer) rs.getObject("sample_rate")),
                        rs.getInt("attempts"),
                        rs.getTimestamp("started_at").toInstant(),
                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    void markDone(UUID id, RecordingKey key, long bytes, long durationMs, Instant now) {
        jdbc.sql("""
                        update recording_uploads
                        set status = 'done', attempts = attempts + 1, object_key = :key, bytes = :bytes,
                            duration_ms = :duration, last_error = null, completed_at = :now, updated_at = :now
                        where id = :id""")
                .param("id", id)
                .param("key", key.value())
                .param("bytes", bytes)
                .param("duration", durationMs)
                .param("now", Timestamp.from(now))
                .update();
    }

    void markRetry(UUID id, boolean failed, Instant nextAttempt, String error, Instant now) {
        jdbc.sql("""
                        update recording_uploads
                        set status = :status, attempts = attempts + 1, next_attempt_at = :next, last_error = :error,
                            updated_at = :now
                        where id = :id""")
                .param("id", id)
                .param("status", failed ? "failed" : "pending")
                .param("next", Timestamp.from(nextAttempt))
                .param("error", error.length() > 2000 ? error.substring(0, 2000) : error)
                .param("now", Timestamp.from(now))
                .update();
    }

    /** Puts a job off without counting a try: it was not this worker's to do. */
    void defer(UUID id, Instant nextAttempt, String note, Instant now) {
        jdbc.sql("""
                        update recording_uploads set next_attempt_at = :next, last_error = :note, updated_at = :now
                        where id = :id""")
                .param("id", id)
                .param("next", Timestamp.from(nextAttempt))
                .param("note", note)
                .param("now", Timestamp.from(now))
                .update();
    }

    boolean hasRecordingOrJob(TenantId companyId, CallId callId) {
        return jdbc.sql("""
                        select exists (select 1 from calls where company_id = :company and id = :call and recording_url is not null)
                            or exists (select 1 from recording_uploads where company_id = :company and call_id = :call)""")
                .param("company", companyId.value())
                .param("call", callId.value())
                .query(Boolean.class)
                .single();
    }

    record Counts(long pending, long failed) {}

    Counts counts(@Nullable TenantId companyId) {
        return jdbc.sql("""
                        select count(*) filter (where status = 'pending') as pending,
                               count(*) filter (where status = 'failed') as failed
                        from recording_uploads
                        where status <> 'done' and (cast(:company as uuid) is null or company_id = :company)""")
                .param("company", companyId == null ? null : companyId.value())
                .query((rs, row) -> new Counts(rs.getLong("pending"), rs.getLong("failed")))
                .single();
    }
}
