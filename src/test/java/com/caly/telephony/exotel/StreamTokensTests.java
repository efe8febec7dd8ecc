package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.shared.TenantId;
import com.caly.telephony.TelephonyProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StreamTokensTests {

    private static TelephonyProperties properties(String secret) {
        return new TelephonyProperties(
                "91",
                new TelephonyProperties.Exotel(null, null, null, List.of(), null),
                secret,
                null,
                300,
                3_200,
                new TelephonyProperties.WebCall(java.time.Duration.ofSeconds(60), List.of()));
    }

    private final Instant now = Instant.parse("2026-11-24T10:00:00Z");
    private final TenantId company = new TenantId(UUID.randomUUID());

    private StreamTokens at(Instant instant, String secret) {
        return new StreamTokens(properties(secret), Clock.fixed(instant, ZoneOffset.UTC));
    }

    @Test
    void carriesTheCallAndCompanyUntilItExpires() {
        String token = at(now, "session-secret-0123456789-abcdefghij").issue("CA123", company);

        StreamTokens.Claims claims = at(now.plusSeconds(299), "session-secret-0123456789-abcdefghij")
                .verify(token)
                .orElseThrow();
        assertThat(claims.callSid()).isEqualTo("CA123");
        assertThat(claims.companyId()).isEqualTo(company);
        assertThat(at(now.plusSeconds(300), "session-secret-0123456789-abcdefghij")
                        .verify(token))
                .isEmpty();
    }

    @Test
    void refusesForgedOrDamagedTokens() {
        StreamTokens tokens = at(now, "session-secret-0123456789-abcdefghij");
        String token = tokens.issue("CA123", company);
        assertThat(at(now, "another-secret-0123456789-abcdefghijk").verify(token))
                .isEmpty();
        assertThat(tokens.verify(token.substring(0, token.length() - 1) + (token.endsWith("0") ? "1" : "0")))
                .isEmpty();
        String otherCall = tokens.issue("CA999", company);
        assertThat(tokens.verify(otherCall.substring(0, otherCall.indexOf('.')) + token.substring(token.indexOf('.'))))
                .isEmpty();
        assertThat(tokens.verify("garbage")).isEmpty();
        assertThat(tokens.verify("abc.zz")).isEmpty();
    }
}
