package com.caly.webhooks;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of event webhooks.
 *
 * @param encryptionKey seals the endpoints' signing secrets (ENCRYPTION_KEY)
 * @param allowedPrivateOrigins exact origins (scheme://host:port) an endpoint may use although they resolve to a
 *     loopback or private address, such as a company's receiver inside the same network
 *     (WEBHOOK_ALLOWED_PRIVATE_ORIGINS); every other target must resolve to public addresses only
 * @param publicBaseUrl where the API is reached from outside, for links in events (WEBHOOK_BASE_URL)
 * @param requestTimeout how long one delivery may take, answer included (WEBHOOK_TIMEOUT)
 * @param retryBase the first retry's delay, doubled at each attempt up to {@code retryMax}, with jitter
 * @param retryFor how long after an event its delivery is retried before it is marked failed (WEBHOOK_RETRY_FOR)
 * @param lease how long a worker holds a delivery it started; past it another instance takes it over
 * @param maxInFlight deliveries one instance sends at once
 * @param maxInFlightPerEndpoint deliveries sent to one endpoint at once, across instances, so a slow endpoint
 *     cannot take the others' turn
 * @param maxResponseBytes how much of an answer is read; the rest is cut off
 * @param workersEnabled whether this instance delivers (WEBHOOK_WORKERS); any number of instances may
 */
@Validated
@ConfigurationProperties("app.webhooks")
public record WebhooksProperties(
        @NotBlank String encryptionKey,
        @NotNull List<String> allowedPrivateOrigins,
        @Nullable String publicBaseUrl,
        @NotNull Duration requestTimeout,
        @NotNull Duration connectTimeout,
        @NotNull Duration retryBase,
        @NotNull Duration retryMax,
        @NotNull Duration retryFor,
        @NotNull Duration lease,
        @NotNull Duration pollInterval,
        @Min(1) @Max(1000) int maxInFlight,
        @Min(1) @Max(100) int maxInFlightPerEndpoint,
        @Min(1024) int maxResponseBytes,
        @Min(1) @Max(100) int maxEndpointsPerCompany,
        boolean workersEnabled) {

    public WebhooksProperties {
        if (lease != null && requestTimeout != null && lease.compareTo(requestTimeout.plusSeconds(1)) < 0) {
            // a lease that ran out while the request is still open would let a second instance send it too
            throw new IllegalArgumentException("app.webhooks.lease (WEBHOOK_LEASE) must be at least a second longer"
                    + " than app.webhooks.request-timeout (WEBHOOK_TIMEOUT)");
        }
    }
}
