package com.caly.shared.web;

import com.caly.shared.Secrets;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Tells an operator's request from anyone else's: it carries {@code X-Operator-Token} equal to OPERATOR_TOKEN
 * (compared in constant time). With no token configured, no request is an operator's.
 */
@Component
public class OperatorAccess {

    public static final String HEADER = "X-Operator-Token";

    private final byte @Nullable [] token;

    OperatorAccess(OperatorProperties properties) {
        String configured = properties.token();
        this.token = configured == null || configured.isBlank() ? null : configured.getBytes(StandardCharsets.UTF_8);
    }

    public boolean grants(@Nullable String presented) {
        return token != null
                && presented != null
                && Secrets.constantTimeEquals(presented.getBytes(StandardCharsets.UTF_8), token);
    }
}
