package com.caly.auth;

import com.caly.shared.Secrets;
import com.caly.shared.mail.EmailSender;
import com.caly.tenants.Member;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Six-digit e-mail codes: sent from a secure random source, stored as HMACs, valid for a limited time and a
 * limited number of wrong tries, and sent no more often than the resend limits allow.
 */
@Component
class VerificationCodes {

    enum Check {
        VERIFIED,
        WRONG,
        EXPIRED,
        LOCKED,
        NONE
    }

    record CheckResult(Check check, int attemptsRemaining) {}

    private final EmailVerifications verifications;
    private final EmailSender emailSender;
    private final AuthProperties.Otp settings;
    private final byte[] hashKey;
    private final Clock clock;

    VerificationCodes(
            EmailVerifications verifications, EmailSender emailSender, AuthProperties properties, Clock clock) {
        this.verifications = verifications;
        this.emailSender = emailSender;
        this.settings = properties.otp();
        this.hashKey = Secrets.deriveKey(properties.jwtSecret(), "otp-hash");
        this.clock = clock;
    }

    /**
     * Replaces the member's pending code with a new one and e-mails it. Runs inside the caller's transaction, and
     * sends last: when the mail cannot be sent the exception rolls everything back.
     */
    void send(Member member, @Nullable String requesterIp) {
        Instant now = clock.instant();
        verifications.supersedePending(member.companyId(), member.id(), now);
        UUID id = UUID.randomUUID();
        String code = "%06d".formatted(Secrets.random().nextInt(1_000_000));
        verifications.insert(
                id,
                member.companyId(),
                member.id(),
                member.email(),
                hash(id, code),
                requesterIp,
                now,
                now.plus(settings.ttl()),
                "pending");
        emailSender.send(VerificationEmail.of(member.email(), code, settings.ttl()));
    }

    /** Records, in its own transaction, that a code could not be delivered. */
    void recordSendFailure(Member member, @Nullable String requesterIp) {
        Instant now = clock.instant();
        verifications.insert(
                UUID.randomUUID(),
                member.companyId(),
                member.id(),
                member.email(),
                new byte[32],
                requesterIp,
                now,
                now.plus(settings.ttl()),
                "send_failed");
    }

    /** Locks the member's codes for this transaction; call before {@link #resendWait} and {@link #send}. */
    void lock(Member member) {
        verifications.lockUser(member.id());
    }

    /** How long the member must wait for another code; zero when one may be sent now. */
    Duration resendWait(Member member) {
        Instant now = clock.instant();
        List<Instant> lastHour =
                verifications.sentSince(member.companyId(), member.id(), now.minus(Duration.ofHours(1)));
        Duration wait = Duration.ZERO;
        if (!lastHour.isEmpty()) {
            Instant latest = lastHour.get(lastHour.size() - 1);
            Duration sinceLatest = Duration.between(latest.plus(settings.resendInterval()), now);
            if (sinceLatest.isNegative()) {
                wait = sinceLatest.negated();
            }
        }
        if (lastHour.size() >= settings.maxPerHour()) {
            Instant frees =
                    lastHour.get(lastHour.size() - settings.maxPerHour()).plus(Duration.ofHours(1));
            Duration hourWait = Duration.between(now, frees);
            if (hourWait.compareTo(wait) > 0) {
                wait = hourWait;
            }
        }
        return wait;
    }

    /** Checks a code against the member's latest one, counting wrong tries; runs inside the caller's transaction. */
    CheckResult check(Member member, String code) {
        verifications.lockUser(member.id());
        Optional<EmailVerifications.Verification> latest =
                verifications.latestForUpdate(member.companyId(), member.id());
        if (latest.isEmpty()) {
            return new CheckResult(Check.NONE, 0);
        }
        EmailVerifications.Verification verification = latest.get();
        Instant now = clock.instant();
        switch (verification.outcome()) {
            case "pending" -> {}
            case "locked" -> {
                return new CheckResult(Check.LOCKED, 0);
            }
            case "expired" -> {
                return new CheckResult(Check.EXPIRED, 0);
            }
            default -> {
                return new CheckResult(Check.NONE, 0);
            }
        }
        if (verification.attempts() >= settings.maxAttempts()) {
            verifications.resolve(verification.id(), "locked", now);
            return new CheckResult(Check.LOCKED, 0);
        }
        if (!verification.expiresAt().isAfter(now)) {
            verifications.resolve(verification.id(), "expired", now);
            return new CheckResult(Check.EXPIRED, 0);
        }
        int attempts = verification.attempts() + 1;
        if (Secrets.constantTimeEquals(verification.codeHash(), hash(verification.id(), code))) {
            verifications.recordAttempt(verification.id(), attempts, "verified", now);
            return new CheckResult(Check.VERIFIED, 0);
        }
        boolean exhausted = attempts >= settings.maxAttempts();
        verifications.recordAttempt(verification.id(), attempts, exhausted ? "locked" : "pending", now);
        return new CheckResult(Check.WRONG, settings.maxAttempts() - attempts);
    }

    private byte[] hash(UUID verificationId, String code) {
        return Secrets.hmacSha256(hashKey, verificationId + ":" + code);
    }
}
