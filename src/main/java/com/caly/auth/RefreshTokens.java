package com.caly.auth;

import com.caly.shared.Secrets;
import com.caly.shared.TenantId;
import com.caly.shared.UserId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Refresh tokens, stored as SHA-256 hashes and grouped by login session ({@code family_id}). */
@Repository
class RefreshTokens {

    record StoredToken(
            UUID id,
            TenantId companyId,
            UserId userId,
            UUID familyId,
            Instant expiresAt,
            @Nullable Instant rotatedAt,
            @Nullable Instant revokedAt) {}

    private final JdbcClient jdbc;

    RefreshTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new token of the session and returns its value, which exists nowhere else. */
    String issue(TenantId companyId, UserId userId, UUID familyId, Instant now, Instant expiresAt) {
        String value = Secrets.randomToken(32);
        jdbc.sql("""
                        insert into refresh_tokens (company_id, user_id, family_id, token_hash, issued_at, expires_at)
                        values (:company, :user, :family, :hash, :now, :expires)""")
                .param("company", companyId.value())
                .param("user", userId.value())
                .param("family", familyId)
                .param("hash", Secrets.sha256(value))
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(expiresAt))
                .update();
        return value;
    }

    /** Finds a token by its value and locks its row, so two refreshes with one token cannot both succeed. */
    Optional<StoredToken> findForUpdate(String value) {
        return jdbc.sql("""
                        select id, company_id, user_id, family_id, expires_at, rotated_at, revoked_at
                        from refresh_tokens where token_hash = :hash for update""")
                .param("hash", Secrets.sha256(value))
                .query((rs, row) -> new StoredToken(
                        rs.getObject("id", UUID.class),
                        new TenantId(rs.getObject("company_id", UUID.class)),
                        new UserId(rs.getObject("user_id", UUID.class)),
                        rs.getObject("family_id", UUID.class),
                        rs.getTimestamp("expires_at").toInstant(),
                        instant(rs.getTimestamp("rotated_at")),
                        instant(rs.getTimestamp("revoked_at"))))
                .optional();
    }

    void markRotated(UUID id, Instant now) {
        jdbc.sql("update refresh_tokens set rotated_at = :now where id = :id")
                .param("id", id)
                .param("now", Timestamp.from(now))
                .update();
    }

    /** Revokes every token of the session; returns how many were still live. */
    int revokeFamily(TenantId companyId, UUID familyId, Instant now) {
        return jdbc.sql("""
                        update refresh_tokens set revoked_at = :now
                        where company_id = :company and family_id = :family and revoked_at is null""")
                .param("company", companyId.value())
                .param("family", familyId)
                .param("now", Timestamp.from(now))
                .update();
    }

    int deleteExpired(Instant now) {
        return jdbc.sql("delete from refresh_tokens where expires_at < :now")
                .param("now", Timestamp.from(now))
                .update();
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
