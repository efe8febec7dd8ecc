package com.caly.apikeys;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param requestsPerMinute requests one key may make in any 60 seconds on one instance (API_KEY_RATE_LIMIT)
 */
@Validated
@ConfigurationProperties("app.api-keys")
public record ApiKeyProperties(@Min(1) int requestsPerMinute) {

    public ApiKeyProperties {
        if (requestsPerMinute == 0) {
            requestsPerMinute = 600;
        }
    }
}
