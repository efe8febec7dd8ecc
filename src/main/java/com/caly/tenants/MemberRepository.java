package com.caly.tenants;

import com.caly.shared.Role;
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

@Repository
class MemberRepository {

    private static final String COLUMNS =
            "id, company_id, email, full_name, role, email_verified_at, last_login_at, created_at, password_hash";

    private final JdbcClient jdbc;

    MemberRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Member insert(
            TenantId companyId,
            String email,
            @Nullable String fullName,
            String passwordHash,
            Role role,
            @Nullable Instant verifiedAt,
            Instant now) {
        return jdbc.sql("insert into company_users (company_id, email, full_name, password_hash, role,"
                        + " email_verified_at, created_at, updated_at)"
                        + " values (:company, :email, :fullName, :hash, :role, :verifiedAt, :now, :now)"
                        + " returning " + COLUMNS)
                .param("company", companyId.value())
                .param("email", email)
                .param("fullName", fullName)
                .param("hash", passwordHash)
                .param("role", role.code())
                .param("verifiedAt", verifiedAt == null ? null : Timestamp.from(verifiedAt))
                .param("now", Timestamp.from(now))
                .query(MemberRepository::member)
                .single();
    }

    boolean emailExists(String email) {
        return jdbc.sql("select exists (select 1 from company_users where email = :email)")
                .param("email", email)
                .query(Boolean.class)
                .single();
    }

    /** Sign-in looks members up by e-mail alone: e-mail addresses are unique across companies. */
    Optional<MemberCredentials> findCredentialsByEmail(String email) {
        return jdbc.sql("select " + COLUMNS + " from company_users where email = :email")
                .param("email", email)
                .query((rs, row) -> new MemberCredentials(member(rs, row), rs.getString("password_hash")))
                .optional();
    }

    Optional<Member> find(TenantId companyId, UserId id) {
        return jdbc.sql("select " + COLUMNS + " from company_users where company_id = :company and id = :id")
                .param("company", companyId.value())
                .param("id", id.value())
                .query(MemberRepository::member)
                .optional();
    }

    List<Member> findAll(TenantId companyId) {
        return jdbc.sql("select " + COLUMNS + " from company_users where company_id = :company order by created_at, id")
                .param("company", companyId.value())
                .query(MemberRepository::member)
                .list();
    }

    boolean emailExistsIn(TenantId companyId, String email) {
        return jdbc.sql("select exists (select 1 from company_users where company_id = :company and email = :email)")
                .param("company", companyId.value())
                .param("email", email)
                .query(Boolean.class)
                .single();
    }

    boolean hasRole(TenantId companyId, UserId id, Role role) {
        return jdbc.sql("""
                        select exists (select 1 from company_users
                                       where company_id = :company and id = :id and role = :role)""")
                .param("company", companyId.value())
                .param("id", id.value())
                .param("role", role.code())
                .query(Boolean.class)
                .single();
    }

    int countOwners(TenantId companyId) {
        return jdbc.sql("select count(*) from company_users where company_id = :company and role = 'owner'")
                .param("company", companyId.value())
                .query(Integer.class)
                .single();
    }

    Optional<Member> updateRole(TenantId companyId, UserId id, Role role, Instant now) {
        return jdbc.sql("update company_users set role = :role, updated_at = :now"
                        + " where company_id = :company and id = :id returning " + COLUMNS)
                .param("company", companyId.value())
                .param("id", id.value())
                .param("role", role.code())
                .param("now", Timestamp.from(now))
                .query(MemberRepository::member)
                .optional();
    }

    /** Deletes the member; their refresh tokens, codes and revocations go with them (foreign keys cascade). */
    boolean delete(TenantId companyId, UserId id) {
        return jdbc.sql("delete from company_users where company_id = :company and id = :id")
                        .param("company", companyId.value())
                        .param("id", id.value())
                        .update()
                == 1;
    }

    boolean markEmailVerified(TenantId companyId, UserId id, Instant now) {
        return jdbc.sql("""
                        update company_users set email_verified_at = coalesce(email_verified_at, :now), updated_at = :now
                        where company_id = :company and id = :id""")
                        .param("company", companyId.value())
                        .param("id", id.value())
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    void recordLogin(TenantId companyId, UserId id, Instant now) {
        jdbc.sql("update company_users set last_login_at = :now where company_id = :company and id = :id")
                .param("company", companyId.value())
                .param("id", id.value())
                .param("now", Timestamp.from(now))
                .update();
    }

    private static Member member(ResultSet rs, int row) throws SQLException {
        Timestamp verified = rs.getTimestamp("email_verified_at");
        Timestamp lastLogin = rs.getTimestamp("last_login_at");
        return new Member(
                new UserId(rs.getObject("id", UUID.class)),
                new TenantId(rs.getObject("company_id", UUID.class)),
                rs.getString("email"),
                rs.getString("full_name"),
                Role.fromCode(rs.getString("role")),
                verified == null ? null : verified.toInstant(),
                lastLogin == null ? null : lastLogin.toInstant(),
                rs.getTimestamp("created_at").toInstant());
    }
}
