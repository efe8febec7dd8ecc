package com.caly.auth;

import com.caly.shared.Role;
import com.caly.shared.TenantId;
import com.caly.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/** Signs access tokens: HS256 JWTs naming the member, company, role, login session and token id. */
@Component
class AccessTokenIssuer {

    static final String COMPANY_CLAIM = "cid";
    static final String ROLE_CLAIM = "role";
    static final String SESSION_CLAIM = "sid";

    private final JwtEncoder encoder;
    private final AuthProperties properties;
    private final Clock clock;

    AccessTokenIssuer(JwtEncoder encoder, AuthProperties properties, Clock clock) {
        this.encoder = encoder;
        this.properties = properties;
        this.clock = clock;
    }

    record AccessToken(String value, String id, Instant expiresAt) {}

    AccessToken issue(UserId userId, TenantId companyId, Role role, UUID sessionId) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.accessTokenTtl());
        String id = UUID.randomUUID().toString();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(properties.issuer())
                .subject(userId.toString())
                .issuedAt(now)
                .expiresAt(expiresAt)
                .id(id)
                .claim(COMPANY_CLAIM, companyId.toString())
                .claim(ROLE_CLAIM, role.code())
                .claim(SESSION_CLAIM, sessionId.toString())
                .build();
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).type("JWT").build();
        String value = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return new AccessToken(value, id, expiresAt);
    }
}
