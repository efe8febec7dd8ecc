package com.caly.auth;

import com.caly.shared.TenantId;
import com.caly.shared.UserId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The OTP audit trail: one row per code sent, with its attempts and how it ended. */
@Repository
class EmailVerifications {

    record Verification(UUID id, byte[] codeHash, Instant expiresAt, int attempts, String outcome) {}

    private final JdbcClient jdbc;

    EmailVerifications(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(
            UUID id,
            TenantId companyId,
            UserId userId,
            String email,
            byte[] codeHash,
            @Nullable String requesterIp,
            Instant sentAt,
            Instant expiresAt,
            String outcome) {
        jdbc.sql("""
                        insert into email_verifications
                            (id, company_id, user_id, email, code_hash, requester_ip, sent_at, expires_at, outcome, resolved_at)
                        values (:id, :company, :user, :email, :hash, :ip, :sent, :expires, :outcome, :resolved)""")
                .param("id", id)
                .param("company", companyId.value())
                .param("user", userId.value())
                .param("email", email)
                .param("hash", codeHash)
                .param("ip", requesterIp)
                .param("sent", Timestamp.from(sentAt))
                .param("expires", Timestamp.from(expiresAt))
                .param("outcome", outcome)
                .param("resolved", "pending".equals(outcome) ? null : Timestamp.from(sentAt))
                .update();
    }

    /** Ends every code of the user still pending, when a new one replaces them. */
    void supersedePending(TenantId companyId, UserId userId, Instant now) {
        jdbc.sql("""
                        update email_verifications set outcome = 'superseded', resolved_at = :now
                        where company_id = :company and user_id = :user and outcome = 'pending'""")
                .param("company", companyId.value())
                .param("user", userId.value())
                .param("now", Timestamp.from(now))
                .update();
    }

    /** The user's latest delivered code, locked so that concurrent tries are counted one after another. */
    Optional<Verification> latestForUpdate(TenantId companyId, UserId userId) {
        return jdbc.sql("""
                        select id, code_hash, expires_at, attempts, outcome from email_verifications
                        where company_id = :company and user_id = :user and outcome <> 'send_failed'
                        order by sent_at desc limit 1 for update""")
                .param("company", companyId.value())
                .param("user", userId.value())
                .query((rs, row) -> new Verification(
                        rs.getObject("id", UUID.class),
                        rs.getBytes("code_hash"),
                        rs.getTimestamp("expires_at").toInstant(),
                        rs.getInt("attempts"),
                        rs.getString("outcome")))
                .optional();
    }

    void recordAttempt(UUID id, int attempts, String outcome, Instant now) {
        jdbc.sql("""
                        update email_verifications
                        set attempts = :attempts, outcome = :outcome, resolved_at = :resolved
                        where id = :id""")
                .param("id", id)
                .param("attempts", attempts)
                .param("outcome", outcome)
                .param("resolved", "pending".equals(outcome) ? null : Timestamp.from(now))
                .update();
    }

    void resolve(UUID id, String outcome, Instant now) {
        jdbc.sql("update email_verifications set outcome = :outcome, resolved_at = :now where id = :id")
                .param("id", id)
                .param("outcome", outcome)
                .param("now", Timestamp.from(now))
                .update();
    }

    /** When the codes delivered to the user since {@code since} were sent, oldest first. */
    List<Instant> sentSince(TenantId companyId, UserId userId, Instant since) {
        return jdbc.sql("""
                        select sent_at from email_verifications
                        where company_id = :company and user_id = :user and outcome <> 'send_failed' and sent_at > :since
                        order by sent_at""")
                .param("company", companyId.value())
                .param("user", userId.value())
                .param("since", Timestamp.from(since))
                .query((rs, row) -> rs.getTimestamp("sent_at").toInstant())
                .list();
    }

    /** Serialises code requests and tries of one user, across instances, until the transaction ends. */
    void lockUser(UserId userId) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .param("key", "email-verification:" + userId)
                .query((rs, row) -> 1)
                .single();
    }
}
