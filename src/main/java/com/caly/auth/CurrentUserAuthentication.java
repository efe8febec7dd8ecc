package com.caly.auth;

import com.caly.shared.CurrentUser;
import com.caly.shared.Role;
import com.caly.shared.TenantId;
import com.caly.shared.UserId;
import java.util.List;
import java.util.UUID;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/** An authenticated request whose principal is the {@link CurrentUser} read from its access token. */
class CurrentUserAuthentication extends AbstractAuthenticationToken {

    private final CurrentUser user;

    CurrentUserAuthentication(CurrentUser user) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + user.role().name())));
        this.user = user;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public CurrentUser getPrincipal() {
        return user;
    }

    @Override
    public String getName() {
        return user.userId().toString();
    }

    /** Reads the claims that {@link AccessTokenValidator} has already checked. */
    static final class FromJwt implements Converter<Jwt, AbstractAuthenticationToken> {

        @Override
        public AbstractAuthenticationToken convert(Jwt jwt) {
            CurrentUser user = new CurrentUser(
                    new UserId(UUID.fromString(jwt.getSubject())),
                    new TenantId(UUID.fromString(jwt.getClaimAsString(AccessTokenIssuer.COMPANY_CLAIM))),
                    Role.fromCode(jwt.getClaimAsString(AccessTokenIssuer.ROLE_CLAIM)),
                    jwt.getId(),
                    jwt.getClaimAsString(AccessTokenIssuer.SESSION_CLAIM),
                    jwt.getExpiresAt());
            return new CurrentUserAuthentication(user);
        }
    }
}
