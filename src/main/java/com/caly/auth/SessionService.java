package com.caly.auth;

import com.caly.shared.CurrentUser;
import com.caly.shared.Role;
import com.caly.shared.TenantId;
import com.caly.shared.UserId;
import com.caly.tenants.Member;
import com.caly.tenants.TenantService;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Login sessions: each sign-in starts one, refreshes rotate its refresh token, a reused refresh token or a
 * logout ends it. Ending a session also revokes the access tokens issued in it.
 */
@Service
class SessionService {

    private static final Logger log = LoggerFactory.getLogger(SessionService.class);

    private final AccessTokenIssuer accessTokens;
    private final RefreshTokens refreshTokens;
    private final TokenRevocations revocations;
    private final TenantService tenants;
    private final AuthProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;

    SessionService(
            AccessTokenIssuer accessTokens,
            RefreshTokens refreshTokens,
            TokenRevocations revocations,
            TenantService tenants,
            AuthProperties properties,
            TransactionTemplate transaction,
            Clock clock) {
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.revocations = revocations;
        this.tenants = tenants;
        this.properties = properties;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Starts a login session for the member; call inside the transaction that signs them in. */
    TokenPair start(Member member) {
        return issue(member.companyId(), member.id(), member.role(), UUID.randomUUID());
    }

    private enum RotationFailure {
        INVALID,
        REUSED
    }

    private record Rotation(
            @Nullable TokenPair tokens, @Nullable RotationFailure failure) {}

    TokenPair rotate(String refreshToken) {
        // Reuse revokes the session, and that must commit even though the request fails: decide inside the
        // transaction, throw after it.
        Rotation rotation = transaction.execute(status -> rotateInTransaction(refreshToken));
        if (rotation.failure() == RotationFailure.REUSED) {
            throw AuthProblems.refreshTokenReused();
        }
        if (rotation.failure() != null || rotation.tokens() == null) {
            throw AuthProblems.invalidRefreshToken();
        }
        return rotation.tokens();
    }

    private Rotation rotateInTransaction(String value) {
        Instant now = clock.instant();
        Optional<RefreshTokens.StoredToken> found = refreshTokens.findForUpdate(value);
        if (found.isEmpty()) {
            return new Rotation(null, RotationFailure.INVALID);
        }
        RefreshTokens.StoredToken token = found.get();
        if (token.revokedAt() != null) {
            return new Rotation(null, RotationFailure.INVALID);
        }
        if (token.rotatedAt() != null) {
            log.warn("Refresh token reused; revoking session {} of user {}", token.familyId(), token.userId());
            endSession(token.companyId(), token.userId(), token.familyId(), "refresh_token_reuse", now);
            return new Rotation(null, RotationFailure.REUSED);
        }
        if (!token.expiresAt().isAfter(now)) {
            return new Rotation(null, RotationFailure.INVALID);
        }
        Optional<Member> member = tenants.findMember(token.companyId(), token.userId());
        if (member.isEmpty() || !member.get().emailVerified()) {
            return new Rotation(null, RotationFailure.INVALID);
        }
        refreshTokens.markRotated(token.id(), now);
        Member m = member.get();
        return new Rotation(issue(m.companyId(), m.id(), m.role(), token.familyId()), null);
    }

    /** Ends the caller's session, its refresh tokens and the access token presented; also the session of the given refresh token when it is the caller's. */
    void logout(CurrentUser user, @Nullable String refreshToken) {
        transaction.executeWithoutResult(status -> {
            Instant now = clock.instant();
            revocations.revoke(
                    user.tokenId(),
                    TokenRevocations.Kind.ACCESS_TOKEN,
                    user.companyId(),
                    user.userId(),
                    "logout",
                    user.tokenExpiresAt());
            endSession(user.companyId(), user.userId(), UUID.fromString(user.sessionId()), "logout", now);
            if (refreshToken != null) {
                refreshTokens
                        .findForUpdate(refreshToken)
                        .filter(t -> t.userId().equals(user.userId())
                                && t.companyId().equals(user.companyId()))
                        .ifPresent(t -> endSession(t.companyId(), t.userId(), t.familyId(), "logout", now));
            }
        });
    }

    boolean isRevoked(String tokenId, String sessionId) {
        return revocations.isRevoked(tokenId, sessionId);
    }

    /**
     * Removing a member deletes their refresh tokens and revocations with them (foreign keys cascade), so the
     * revocation list cannot outlive them: checking the member itself is what ends their access tokens.
     */
    boolean isCurrentMember(TenantId companyId, UserId userId, Role role) {
        return tenants.hasMemberWithRole(companyId, userId, role);
    }

    private void endSession(TenantId companyId, UserId userId, UUID familyId, String reason, Instant now) {
        refreshTokens.revokeFamily(companyId, familyId, now);
        // Access tokens of the session live at most one access-token lifetime from now.
        revocations.revoke(
                familyId.toString(),
                TokenRevocations.Kind.SESSION,
                companyId,
                userId,
                reason,
                now.plus(properties.accessTokenTtl()));
    }

    private TokenPair issue(TenantId companyId, UserId userId, Role role, UUID sessionId) {
        Instant now = clock.instant();
        Instant refreshExpiresAt = now.plus(properties.refreshTokenTtl());
        String refresh = refreshTokens.issue(companyId, userId, sessionId, now, refreshExpiresAt);
        AccessTokenIssuer.AccessToken access = accessTokens.issue(userId, companyId, role, sessionId);
        return new TokenPair(access.value(), access.expiresAt(), refresh, refreshExpiresAt);
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void deleteExpired() {
        Instant now = clock.instant();
        int tokens = refreshTokens.deleteExpired(now);
        int revoked = revocations.deleteExpired(now);
        if (tokens + revoked > 0) {
            log.info("Deleted {} expired refresh tokens and {} expired revocations", tokens, revoked);
        }
    }
}
