package com.caly.auth;

import com.caly.shared.web.ApiException;
import java.time.Duration;
import org.springframework.http.HttpStatus;

/** The auth failures a client sees; each slug is in docs/errors.md. None tells whether an e-mail is registered. */
final class AuthProblems {

    private AuthProblems() {}

    static ApiException invalidCredentials() {
        return new ApiException(
                HttpStatus.UNAUTHORIZED,
                "invalid-credentials",
                "Invalid credentials",
                "The e-mail or password is wrong");
    }

    static ApiException emailNotVerified() {
        return new ApiException(
                HttpStatus.FORBIDDEN,
                "email-not-verified",
                "E-mail not verified",
                "Verify your e-mail address with the code we sent before signing in;"
                        + " POST /api/auth/request-otp sends a new code");
    }

    static ApiException invalidOtp(int attemptsRemaining) {
        return new ApiException(
                        HttpStatus.BAD_REQUEST, "invalid-otp", "Invalid code", "The verification code is not valid")
                .with("attemptsRemaining", attemptsRemaining);
    }

    static ApiException otpExpired() {
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                "otp-expired",
                "Code expired",
                "The verification code has expired; request a new one");
    }

    static ApiException otpAttemptsExceeded() {
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                "otp-attempts-exceeded",
                "Too many wrong codes",
                "This code was entered wrongly too many times and no longer works; request a new one");
    }

    static ApiException otpResendLimited(Duration wait) {
        return ApiException.tooManyRequests(
                "otp-resend-limited", "A code was sent recently; wait before asking for another", wait);
    }

    static ApiException tooManyLoginAttempts(Duration wait) {
        return ApiException.tooManyRequests(
                "too-many-login-attempts", "Too many sign-in attempts; wait before trying again", wait);
    }

    static ApiException rateLimited(Duration wait) {
        return ApiException.tooManyRequests("rate-limited", "Too many requests from this address; slow down", wait);
    }

    static ApiException invalidRefreshToken() {
        return new ApiException(
                HttpStatus.UNAUTHORIZED,
                "invalid-refresh-token",
                "Invalid refresh token",
                "The refresh token is unknown, expired or revoked; sign in again");
    }

    static ApiException refreshTokenMissing() {
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                "refresh-token-missing",
                "No refresh token",
                "Send {\"refreshToken\": ...} in the body, or the header X-Refresh-Token: cookie with the sign-in"
                        + " cookie");
    }

    static ApiException refreshTokenReused() {
        return new ApiException(
                HttpStatus.UNAUTHORIZED,
                "refresh-token-reused",
                "Refresh token reused",
                "This refresh token was already used, so the sign-in it belongs to has been revoked; sign in again");
    }
}
