package com.caly.auth;

import com.caly.shared.TenantId;
import com.caly.shared.UserId;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The revocation list read on every authenticated request: revoked access-token ids and revoked login sessions,
 * each kept only until the tokens it covers would have expired anyway.
 */
@Repository
class TokenRevocations {

    enum Kind {
        ACCESS_TOKEN("access_token"),
        SESSION("session");

        final String code;

        Kind(String code) {
            this.code = code;
        }
    }

    private final JdbcClient jdbc;

    TokenRevocations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void revoke(String tokenId, Kind kind, TenantId companyId, UserId userId, String reason, Instant expiresAt) {
        jdbc.sql("""
                        insert into refresh_token_blacklist (token_id, kind, company_id, user_id, reason, expires_at)
                        values (:id, :kind, :company, :user, :reason, :expires)
                        on conflict (token_id) do update set expires_at = greatest(refresh_token_blacklist.expires_at, excluded.expires_at)""")
                .param("id", tokenId)
                .param("kind", kind.code)
                .param("company", companyId.value())
                .param("user", userId.value())
                .param("reason", reason)
                .param("expires", Timestamp.from(expiresAt))
                .update();
    }

    boolean isRevoked(String tokenId, String sessionId) {
        return jdbc.sql("select exists (select 1 from refresh_token_blacklist where token_id in (:token, :session))")
                .param("token", tokenId)
                .param("session", sessionId)
                .query(Boolean.class)
                .single();
    }

    int deleteExpired(Instant now) {
        return jdbc.sql("delete from refresh_token_blacklist where expires_at < :now")
                .param("now", Timestamp.from(now))
                .update();
    }
}
