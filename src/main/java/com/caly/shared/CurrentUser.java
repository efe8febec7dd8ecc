package com.caly.shared;

import com.caly.shared.web.ApiException;
import com.caly.shared.web.ProblemTypes;
import java.time.Instant;
import java.util.Arrays;
import org.springframework.http.HttpStatus;

/**
 * Who is calling, taken from a verified access token: the member, their company and role. Controllers take it as
 * a parameter and scope every read by {@link #companyId()}. It lives in shared, not auth, so that every module's
 * controllers can use it without depending on auth (auth depends on tenants, whose controller needs it too).
 */
public record CurrentUser(
        UserId userId, TenantId companyId, Role role, String tokenId, String sessionId, Instant tokenExpiresAt) {

    /** Refuses the request with 403 unless the member has one of the roles. */
    public void requireAnyRole(Role... allowed) {
        if (Arrays.stream(allowed).noneMatch(r -> r == role)) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    ProblemTypes.FORBIDDEN,
                    "Forbidden",
                    "This action needs one of the roles: "
                            + String.join(
                                    ", ", Arrays.stream(allowed).map(Role::code).toList()));
        }
    }
}
