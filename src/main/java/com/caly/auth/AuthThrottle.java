package com.caly.auth;

import com.caly.shared.ratelimit.SlidingWindowLimiter;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Flood limits on the public auth endpoints: sign-in attempts per client address, failed sign-ins per account
 * (known or not, so the limit reveals nothing), and requests per address to the other public endpoints.
 */
@Component
class AuthThrottle {

    private final SlidingWindowLimiter loginsPerIp;
    private final SlidingWindowLimiter failuresPerAccount;
    private final SlidingWindowLimiter publicRequestsPerIp;
    private final SlidingWindowLimiter codesPerUnknownEmail;

    AuthThrottle(AuthProperties properties, Clock clock) {
        AuthProperties.Throttle t = properties.throttle();
        this.loginsPerIp = new SlidingWindowLimiter(t.loginAttemptsPerIp(), t.ipWindow(), clock);
        this.failuresPerAccount = new SlidingWindowLimiter(t.failuresPerAccount(), t.accountWindow(), clock);
        this.publicRequestsPerIp = new SlidingWindowLimiter(t.publicRequestsPerIp(), t.ipWindow(), clock);
        this.codesPerUnknownEmail = new SlidingWindowLimiter(1, properties.otp().resendInterval(), clock);
    }

    void beforeLogin(String ip, String email) {
        Duration ipWait = loginsPerIp.tryAcquire(ip);
        if (!ipWait.isZero()) {
            throw AuthProblems.tooManyLoginAttempts(ipWait);
        }
        Duration accountWait = failuresPerAccount.retryAfter(email);
        if (!accountWait.isZero()) {
            throw AuthProblems.tooManyLoginAttempts(accountWait);
        }
    }

    void loginFailed(String email) {
        failuresPerAccount.record(email);
    }

    void loginSucceeded(String email) {
        failuresPerAccount.reset(email);
    }

    void beforePublicRequest(String ip) {
        Duration wait = publicRequestsPerIp.tryAcquire(ip);
        if (!wait.isZero()) {
            throw AuthProblems.rateLimited(wait);
        }
    }

    /** Code requests for addresses with no pending verification answer like real ones, limits included. */
    Duration codeRequestForUnknownEmail(String email) {
        return codesPerUnknownEmail.tryAcquire(email);
    }
}
