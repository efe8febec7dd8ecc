package com.caly.auth;

import com.caly.shared.Role;
import com.caly.shared.TenantId;
import com.caly.shared.UserId;
import java.util.UUID;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Accepts an access token only when it names a member, company, role and session, has not been revoked, and its
 * member still belongs to the company with that role.
 */
class AccessTokenValidator implements OAuth2TokenValidator<Jwt> {

    private final SessionService sessions;

    AccessTokenValidator(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        String tokenId = jwt.getId();
        String sessionId = jwt.getClaimAsString(AccessTokenIssuer.SESSION_CLAIM);
        if (!isUuid(jwt.getSubject())
                || !isUuid(jwt.getClaimAsString(AccessTokenIssuer.COMPANY_CLAIM))
                || !isUuid(sessionId)
                || tokenId == null
                || tokenId.isBlank()
                || !isRole(jwt.getClaimAsString(AccessTokenIssuer.ROLE_CLAIM))) {
            return failure("The token lacks required claims");
        }
        if (sessions.isRevoked(tokenId, sessionId)) {
            return failure("The token has been revoked");
        }
        // A removed member's tokens, and those naming a role the member no longer has, stop working at once; a
        // refresh gives a token with the current role.
        if (!sessions.isCurrentMember(
                TenantId.of(jwt.getClaimAsString(AccessTokenIssuer.COMPANY_CLAIM)),
                UserId.of(jwt.getSubject()),
                Role.fromCode(jwt.getClaimAsString(AccessTokenIssuer.ROLE_CLAIM)))) {
            return failure("The token's member was removed or has another role now");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult failure(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }

    private static boolean isUuid(String value) {
        if (value == null) {
            return false;
        }
        try {
            UUID.fromString(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isRole(String value) {
        return "owner".equals(value) || "admin".equals(value) || "member".equals(value);
    }
}
