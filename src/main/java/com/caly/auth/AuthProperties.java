package com.caly.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Sign-in and token settings.
 *
 * @param jwtSecret the HS256 key of access tokens (JWT_SECRET), at least 32 characters
 * @param issuer the {@code iss} of access tokens
 * @param accessTokenTtl how long an access token is valid
 * @param refreshTokenTtl how long a refresh token is valid after it is issued
 * @param otp verification codes
 * @param throttle limits on sign-in and the other public auth endpoints
 * @param password password rules
 */
@Validated
@ConfigurationProperties("app.auth")
public record AuthProperties(
        @NotBlank @Size(min = 32) String jwtSecret,
        @NotBlank String issuer,
        @NotNull Duration accessTokenTtl,
        @NotNull Duration refreshTokenTtl,
        @Valid @NotNull Otp otp,
        @Valid @NotNull Throttle throttle,
        @Valid @NotNull Password password) {

    /**
     * @param ttl how long a code is valid
     * @param maxAttempts wrong tries after which even the right code fails until a new one is sent
     * @param resendInterval the shortest time between two codes for one address
     * @param maxPerHour the most codes one address gets in an hour
     */
    public record Otp(
            @NotNull Duration ttl,
            @Min(1) @Max(20) int maxAttempts,
            @NotNull Duration resendInterval,
            @Min(1) @Max(100) int maxPerHour) {}

    /**
     * @param loginAttemptsPerIp sign-in attempts one client address may make per {@code ipWindow}
     * @param ipWindow the window of the per-address limits
     * @param failuresPerAccount failed sign-ins one account may have per {@code accountWindow}
     * @param accountWindow the window of the per-account limit
     * @param publicRequestsPerIp requests one address may make to the other public auth endpoints per window
     */
    public record Throttle(
            @Min(1) int loginAttemptsPerIp,
            @NotNull Duration ipWindow,
            @Min(1) int failuresPerAccount,
            @NotNull Duration accountWindow,
            @Min(1) int publicRequestsPerIp) {}

    /**
     * @param minLength the shortest password accepted
     * @param maxLength the longest password accepted
     */
    public record Password(@Min(8) int minLength, @Max(1024) int maxLength) {}
}
