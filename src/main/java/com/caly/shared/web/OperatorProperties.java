package com.caly.shared.web;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operators' credential.
 *
 * @param token the secret operators send as {@code X-Operator-Token} (OPERATOR_TOKEN); nothing is an operator's
 *     while it is empty
 */
@ConfigurationProperties("app.operator")
public record OperatorProperties(@Nullable String token) {

    @Override
    public String toString() {
        return "OperatorProperties[token=" + (token == null || token.isBlank() ? "unset" : "set") + "]";
    }
}
