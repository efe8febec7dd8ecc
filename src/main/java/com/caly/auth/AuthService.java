package com.caly.auth;

import com.caly.shared.CurrentUser;
import com.caly.shared.mail.EmailDeliveryException;
import com.caly.tenants.Company;
import com.caly.tenants.EmailAlreadyRegisteredException;
import com.caly.tenants.Invitation;
import com.caly.tenants.Member;
import com.caly.tenants.MemberCredentials;
import com.caly.tenants.TeamService;
import com.caly.tenants.TenantService;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Sign-up, e-mail verification, joining by invitation, sign-in, refresh and sign-out. */
@Service
class AuthService {

    private static final Logger log = LoggerFactory.getLogger(AuthService.class);

    private final TenantService tenants;
    private final TeamService team;
    private final VerificationCodes codes;
    private final SessionService sessions;
    private final PasswordEncoder passwordEncoder;
    private final PasswordPolicy passwordPolicy;
    private final AuthThrottle throttle;
    private final TransactionTemplate transaction;
    private final String unknownUserHash;

    AuthService(
            TenantService tenants,
            TeamService team,
            VerificationCodes codes,
            SessionService sessions,
            PasswordEncoder passwordEncoder,
            PasswordPolicy passwordPolicy,
            AuthThrottle throttle,
            TransactionTemplate transaction) {
        this.tenants = tenants;
        this.team = team;
        this.codes = codes;
        this.sessions = sessions;
        this.passwordEncoder = passwordEncoder;
        this.passwordPolicy = passwordPolicy;
        this.throttle = throttle;
        this.transaction = transaction;
        // Compared against when the e-mail is unknown, so that both cases take the same time.
        this.unknownUserHash = passwordEncoder.encode("unknown-user-placeholder-password");
    }

    record SignedIn(TokenPair tokens, Member member, Company company) {}

    record Profile(Member member, Company company) {}

    record InvitationDetails(Invitation invitation, Company company) {}

    /**
     * Creates the company and its unverified owner and e-mails a code, all or nothing. An address that is already
     * registered gets the same answer and no new account: a code when it is still unverified, nothing otherwise.
     */
    void register(String companyName, String email, @Nullable String fullName, String password, String ip) {
        throttle.beforePublicRequest(ip);
        passwordPolicy.check(password, email);
        String hash = passwordEncoder.encode(password);
        try {
            transaction.executeWithoutResult(status -> {
                Member owner = tenants.createCompanyWithOwner(companyName, email, fullName, hash);
                codes.send(owner, ip);
            });
        } catch (EmailAlreadyRegisteredException e) {
            log.info("Sign-up for an address that is already registered");
            requestCode(email, ip, false);
        }
    }

    /** Sends a new code to an unverified address. Unknown and verified addresses get the same answer and no mail. */
    void requestOtp(String email, String ip) {
        throttle.beforePublicRequest(ip);
        requestCode(email, ip, true);
    }

    private void requestCode(String email, String ip, boolean enforceLimits) {
        Optional<Member> member = tenants.findCredentialsByEmail(email)
                .map(MemberCredentials::member)
                .filter(m -> !m.emailVerified());
        if (member.isEmpty()) {
            Duration wait = throttle.codeRequestForUnknownEmail(email);
            if (enforceLimits && !wait.isZero()) {
                throw AuthProblems.otpResendLimited(wait);
            }
            return;
        }
        Member m = member.get();
        try {
            transaction.executeWithoutResult(status -> {
                codes.lock(m);
                Duration wait = codes.resendWait(m);
                if (!wait.isZero()) {
                    if (enforceLimits) {
                        throw AuthProblems.otpResendLimited(wait);
                    }
                    return;
                }
                codes.send(m, ip);
            });
        } catch (EmailDeliveryException e) {
            log.warn(
                    "Verification code could not be delivered: {}", e.getCause().toString());
            transaction.executeWithoutResult(status -> codes.recordSendFailure(m, ip));
            throw e;
        }
    }

    SignedIn verifyEmail(String email, String code, String ip) {
        throttle.beforePublicRequest(ip);
        Optional<Member> member = tenants.findCredentialsByEmail(email).map(MemberCredentials::member);
        if (member.isEmpty() || member.get().emailVerified()) {
            throw AuthProblems.invalidOtp(0);
        }
        Member m = member.get();
        // Wrong tries must be counted even though the request fails: decide in the transaction, throw after it.
        record Outcome(
                VerificationCodes.CheckResult check,
                @Nullable SignedIn signedIn) {}
        Outcome outcome = transaction.execute(status -> {
            VerificationCodes.CheckResult check = codes.check(m, code);
            if (check.check() != VerificationCodes.Check.VERIFIED) {
                return new Outcome(check, null);
            }
            tenants.markEmailVerified(m.companyId(), m.id());
            tenants.recordLogin(m.companyId(), m.id());
            Member verified = tenants.findMember(m.companyId(), m.id()).orElseThrow();
            return new Outcome(
                    check, new SignedIn(sessions.start(verified), verified, tenants.getCompany(m.companyId())));
        });
        return switch (outcome.check().check()) {
            case VERIFIED -> outcome.signedIn();
            case EXPIRED -> throw AuthProblems.otpExpired();
            case LOCKED -> throw AuthProblems.otpAttemptsExceeded();
            case WRONG -> throw AuthProblems.invalidOtp(outcome.check().attemptsRemaining());
            case NONE -> throw AuthProblems.invalidOtp(0);
        };
    }

    SignedIn login(String email, String password, String ip) {
        throttle.beforeLogin(ip, email);
        Optional<MemberCredentials> credentials = tenants.findCredentialsByEmail(email);
        String hash = credentials.map(MemberCredentials::passwordHash).orElse(unknownUserHash);
        boolean matches = passwordEncoder.matches(password, hash);
        if (credentials.isEmpty() || !matches) {
            throttle.loginFailed(email);
            throw AuthProblems.invalidCredentials();
        }
        Member member = credentials.get().member();
        if (!member.emailVerified()) {
            throw AuthProblems.emailNotVerified();
        }
        throttle.loginSucceeded(email);
        return transaction.execute(status -> {
            tenants.recordLogin(member.companyId(), member.id());
            return new SignedIn(sessions.start(member), member, tenants.getCompany(member.companyId()));
        });
    }

    /** The invitation of a link that still works, with its company, for the page that greets the invitee. */
    InvitationDetails invitation(String token, String ip) {
        throttle.beforePublicRequest(ip);
        Invitation invitation = team.usableInvitation(token);
        return new InvitationDetails(invitation, tenants.getCompany(invitation.companyId()));
    }

    /**
     * Creates the invited member with the password and signs them in. The link proves the address, so it is
     * verified. All or nothing: an invalid link or a weak password creates nothing.
     */
    SignedIn acceptInvitation(String token, String password, @Nullable String fullName, String ip) {
        throttle.beforePublicRequest(ip);
        Invitation invitation = team.usableInvitation(token);
        passwordPolicy.check(password, invitation.email());
        String hash = passwordEncoder.encode(password);
        return transaction.execute(status -> {
            Member member = team.acceptInvitation(token, fullName, hash);
            tenants.recordLogin(member.companyId(), member.id());
            return new SignedIn(sessions.start(member), member, tenants.getCompany(member.companyId()));
        });
    }

    TokenPair refresh(String refreshToken, String ip) {
        throttle.beforePublicRequest(ip);
        return sessions.rotate(refreshToken);
    }

    void logout(CurrentUser user, @Nullable String refreshToken) {
        sessions.logout(user, refreshToken);
    }

    Profile me(CurrentUser user) {
        Member member = tenants.findMember(user.companyId(), user.userId())
                .orElseThrow(() -> new IllegalStateException("token of a removed member passed validation"));
        return new Profile(member, tenants.getCompany(user.companyId()));
    }
}
