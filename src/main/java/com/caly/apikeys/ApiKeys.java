package com.caly.apikeys;

import com.caly.shared.TenantId;
import com.caly.shared.UserId;
import com.caly.shared.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, lists, revokes and checks keys. A key reads {@code caly_<prefix>_<secret>}: the prefix finds the row,
 * and the SHA-256 of the whole key must match the stored hash (the secret holds 238 random bits, so a slow hash
 * adds nothing). The key itself is returned once, when it is created.
 */
@Service
public class ApiKeys {

    static final String NOT_FOUND = "api-key-not-found";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final ApiKeyUsage usage;
    private final Clock clock;

    ApiKeys(JdbcClient jdbc, ApiKeyUsage usage, Clock clock) {
        this.jdbc = jdbc;
        this.usage = usage;
        this.clock = clock;
    }

    record Created(ApiKeyView key, String secret) {}

    record ApiKeyView(
            String id,
            String name,
            String prefix,
            List<String> scopes,
            Instant createdAt,
            @Nullable Instant lastUsedAt,
            @Nullable Instant expiresAt,
            @Nullable Instant revokedAt) {}

    /** A key that authenticated: whose it is and what it may read. */
    public record Authenticated(
            UUID id,
            TenantId companyId,
            @Nullable UserId createdBy,
            List<ApiKeyScope> scopes,
            @Nullable Instant expiresAt) {}

    @Transactional
    Created create(
            TenantId company, UserId creator, String name, List<ApiKeyScope> scopes, @Nullable Instant expiresAt) {
        String prefix = random(12);
        String key = "caly_" + prefix + "_" + random(40);
        UUID id = jdbc.sql("""
                        insert into api_keys (company_id, name, prefix, key_hash, scopes, created_by, created_at, expires_at)
                        values (:company, :name, :prefix, :hash, :scopes, :creator, :now, :expires) returning id""")
                .param("company", company.value())
                .param("name", name.trim())
                .param("prefix", prefix)
                .param("hash", sha256(key))
                .param("scopes", scopes.stream().map(ApiKeyScope::code).toArray(String[]::new))
                .param("creator", creator.value())
                .param("now", Timestamp.from(clock.instant()))
                .param("expires", expiresAt == null ? null : Timestamp.from(expiresAt))
                .query(UUID.class)
                .single();
        return new Created(find(company, id), key);
    }

    List<ApiKeyView> list(TenantId company) {
        return jdbc.sql("select * from api_keys where company_id = :company order by created_at desc, id desc")
                .param("company", company.value())
                .query((rs, n) -> view(rs))
                .list();
    }

    @Transactional
    void revoke(TenantId company, UUID id) {
        int changed = jdbc.sql("""
                        update api_keys set revoked_at = coalesce(revoked_at, :now)
                        where company_id = :company and id = :id""")
                .param("now", Timestamp.from(clock.instant()))
                .param("company", company.value())
                .param("id", id)
                .update();
        if (changed == 0) {
            throw ApiException.notFound(NOT_FOUND, "The API key");
        }
    }

    /** The key's owner and scopes when the key is known, not revoked and not expired. */
    public Optional<Authenticated> authenticate(String key) {
        if (!key.startsWith("caly_") || key.length() > 100) {
            return Optional.empty();
        }
        int split = key.indexOf('_', 5);
        if (split < 0) {
            return Optional.empty();
        }
        String prefix = key.substring(5, split);
        Instant now = clock.instant();
        return jdbc.sql("""
                        select id, company_id, created_by, key_hash, scopes, expires_at from api_keys
                        where prefix = :prefix and revoked_at is null and (expires_at is null or expires_at > :now)""")
                .param("prefix", prefix)
                .param("now", Timestamp.from(now))
                .query((rs, n) -> {
                    byte[] stored = rs.getBytes("key_hash");
                    if (!MessageDigest.isEqual(stored, sha256(key))) {
                        return null;
                    }
                    UUID creator = rs.getObject("created_by", UUID.class);
                    return new Authenticated(
                            rs.getObject("id", UUID.class),
                            new TenantId(rs.getObject("company_id", UUID.class)),
                            creator == null ? null : new UserId(creator),
                            Arrays.stream((String[]) rs.getArray("scopes").getArray())
                                    .map(code -> ApiKeyScope.fromCode(code).orElse(null))
                                    .filter(java.util.Objects::nonNull)
                                    .toList(),
                            rs.getTimestamp("expires_at") == null
                                    ? null
                                    : rs.getTimestamp("expires_at").toInstant());
                })
                .optional()
                .filter(java.util.Objects::nonNull)
                .map(found -> {
                    usage.used(found.id(), now);
                    return found;
                });
    }

    private ApiKeyView find(TenantId company, UUID id) {
        return jdbc.sql("select * from api_keys where company_id = :company and id = :id")
                .param("company", company.value())
                .param("id", id)
                .query((rs, n) -> view(rs))
                .optional()
                .orElseThrow(() -> ApiException.notFound(NOT_FOUND, "The API key"));
    }

    private ApiKeyView view(java.sql.ResultSet rs) throws java.sql.SQLException {
        UUID id = rs.getObject("id", UUID.class);
        Instant stored = rs.getTimestamp("last_used_at") == null
                ? null
                : rs.getTimestamp("last_used_at").toInstant();
        return new ApiKeyView(
                id.toString(),
                rs.getString("name"),
                rs.getString("prefix"),
                List.of((String[]) rs.getArray("scopes").getArray()),
                rs.getTimestamp("created_at").toInstant(),
                usage.lastUsed(id, stored),
                rs.getTimestamp("expires_at") == null
                        ? null
                        : rs.getTimestamp("expires_at").toInstant(),
                rs.getTimestamp("revoked_at") == null
                        ? null
                        : rs.getTimestamp("revoked_at").toInstant());
    }

    private static String random(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
