package com.caly.tenants;

import com.caly.shared.Role;
import com.caly.shared.Secrets;
import com.caly.shared.TenantId;
import com.caly.shared.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Invitations, found by company or by the SHA-256 of their token; the token itself is never stored. */
@Repository
class InvitationRepository {

    private static final String SELECT = """
            select i.id, i.company_id, i.email, i.full_name, i.role, i.invited_by, i.created_at, i.expires_at,
                   u.email as inviter_email, u.full_name as inviter_name
            from invitations i
            left join company_users u on u.company_id = i.company_id and u.id = i.invited_by
            """;

    private final JdbcClient jdbc;

    InvitationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    InvitationId insert(
            TenantId companyId,
            String email,
            @Nullable String fullName,
            Role role,
            String token,
            UserId invitedBy,
            Instant now,
            Instant expiresAt) {
        return new InvitationId(jdbc.sql("""
                        insert into invitations (company_id, email, full_name, role, token_hash, invited_by,
                                                 created_at, expires_at)
                        values (:company, :email, :fullName, :role, :hash, :invitedBy, :now, :expires)
                        returning id""")
                .param("company", companyId.value())
                .param("email", email)
                .param("fullName", fullName)
                .param("role", role.code())
                .param("hash", Secrets.sha256(token))
                .param("invitedBy", invitedBy.value())
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(expiresAt))
                .query(UUID.class)
                .single());
    }

    /** Ends the address's pending invitation, so that its link stops working. */
    int replacePending(TenantId companyId, String email, Instant now) {
        return jdbc.sql("""
                        update invitations set status = 'replaced', resolved_at = :now
                        where company_id = :company and email = :email and status = 'pending'""")
                .param("company", companyId.value())
                .param("email", email)
                .param("now", Timestamp.from(now))
                .update();
    }

    boolean revoke(TenantId companyId, InvitationId id, Instant now) {
        return jdbc.sql("""
                        update invitations set status = 'revoked', resolved_at = :now
                        where company_id = :company and id = :id and status = 'pending' and expires_at > :now""")
                        .param("company", companyId.value())
                        .param("id", id.value())
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    void markAccepted(InvitationId id, Instant now) {
        jdbc.sql("update invitations set status = 'accepted', resolved_at = :now where id = :id")
                .param("id", id.value())
                .param("now", Timestamp.from(now))
                .update();
    }

    Optional<Invitation> find(TenantId companyId, InvitationId id) {
        return jdbc.sql(SELECT + " where i.company_id = :company and i.id = :id")
                .param("company", companyId.value())
                .param("id", id.value())
                .query(InvitationRepository::map)
                .optional();
    }

    List<Invitation> findPending(TenantId companyId, Instant now) {
        return jdbc.sql(SELECT
                        + " where i.company_id = :company and i.status = 'pending' and i.expires_at > :now"
                        + " order by i.created_at desc, i.id")
                .param("company", companyId.value())
                .param("now", Timestamp.from(now))
                .query(InvitationRepository::map)
                .list();
    }

    /** The invitation the token belongs to while it still works. */
    Optional<Invitation> findUsable(String token, Instant now) {
        return findUsable(token, now, "");
    }

    /**
     * As {@link #findUsable(String, Instant)}, locking the row: of two acceptances with one token, the second waits,
     * then no longer finds it pending.
     */
    Optional<Invitation> findUsableForUpdate(String token, Instant now) {
        return findUsable(token, now, " for update of i");
    }

    private Optional<Invitation> findUsable(String token, Instant now, String lock) {
        return jdbc.sql(SELECT + " where i.token_hash = :hash and i.status = 'pending' and i.expires_at > :now" + lock)
                .param("hash", Secrets.sha256(token))
                .param("now", Timestamp.from(now))
                .query(InvitationRepository::map)
                .optional();
    }

    private static Invitation map(ResultSet rs, int row) throws SQLException {
        UUID inviter = rs.getObject("invited_by", UUID.class);
        return new Invitation(
                new InvitationId(rs.getObject("id", UUID.class)),
                new TenantId(rs.getObject("company_id", UUID.class)),
                rs.getString("email"),
                rs.getString("full_name"),
                Role.fromCode(rs.getString("role")),
                inviter == null
                        ? null
                        : new Invitation.Inviter(
                                new UserId(inviter), rs.getString("inviter_email"), rs.getString("inviter_name")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant());
    }
}
