package com.caly.auth;

import com.caly.shared.CurrentUser;
import com.caly.shared.EmailAddresses;
import com.caly.shared.openapi.ProblemResponse;
import com.caly.shared.web.ApiException;
import com.caly.tenants.Company;
import com.caly.tenants.Invitation;
import com.caly.tenants.Member;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Auth", description = "Sign-up with e-mail OTP, sign-in and tokens")
@RestController
@RequestMapping("/api/auth")
class AuthController {

    private final AuthService auth;
    private final Clock clock;

    AuthController(AuthService auth, Clock clock) {
        this.auth = auth;
        this.clock = clock;
    }

    @Operation(summary = "Create a company and its owner, and e-mail a verification code")
    @PostMapping("/register")
    @ProblemResponse(status = 429, description = "Too many requests from this address")
    @ProblemResponse(status = 503, description = "The code could not be e-mailed; nothing was created")
    @ResponseStatus(HttpStatus.ACCEPTED)
    CodeSent register(@Valid @RequestBody RegisterRequest request, HttpServletRequest http) {
        String email = request.email();
        auth.register(
                request.companyName().trim(),
                email,
                trimToNull(request.fullName()),
                request.password(),
                http.getRemoteAddr());
        return new CodeSent(email, "If this address can be used, a verification code has been sent to it");
    }

    @Operation(summary = "Check the e-mailed code; marks the address verified and signs in")
    @PostMapping("/verify-email")
    @ProblemResponse(status = 429, description = "Too many requests from this address")
    SessionResponse verifyEmail(
            @Valid @RequestBody VerifyEmailRequest request, HttpServletRequest http, HttpServletResponse response) {
        return session(auth.verifyEmail(request.email(), request.code(), http.getRemoteAddr()), http, response);
    }

    @Operation(summary = "Send a new verification code")
    @PostMapping("/request-otp")
    @ProblemResponse(status = 429, description = "Too many requests from this address")
    @ProblemResponse(status = 503, description = "The code could not be e-mailed")
    @ResponseStatus(HttpStatus.ACCEPTED)
    CodeSent requestOtp(@Valid @RequestBody RequestOtpRequest request, HttpServletRequest http) {
        String email = request.email();
        auth.requestOtp(email, http.getRemoteAddr());
        return new CodeSent(email, "If this address is waiting for verification, a new code has been sent to it");
    }

    @Operation(summary = "Sign in with e-mail and password")
    @PostMapping("/login")
    @ProblemResponse(status = 401, description = "Wrong e-mail or password")
    @ProblemResponse(status = 403, description = "The address is not verified yet")
    @ProblemResponse(status = 429, description = "Too many sign-in attempts")
    SessionResponse login(
            @Valid @RequestBody LoginRequest request, HttpServletRequest http, HttpServletResponse response) {
        return session(auth.login(request.email(), request.password(), http.getRemoteAddr()), http, response);
    }

    @Operation(summary = "The invitation of a link, for the page that greets the invitee")
    @GetMapping("/invitations/{token}")
    @ProblemResponse(status = 410, description = "The link is unknown, expired, revoked, replaced or already used")
    @ProblemResponse(status = 429, description = "Too many requests from this address")
    InvitationView invitation(@PathVariable String token, HttpServletRequest http) {
        AuthService.InvitationDetails details = auth.invitation(token, http.getRemoteAddr());
        return InvitationView.of(details);
    }

    @Operation(
            summary = "Join a company by invitation: creates the member with the invited role and signs in",
            description = "The address is taken as verified, since the link was e-mailed to it. The answer is the"
                    + " same as a sign-in's.")
    @PostMapping("/accept-invitation")
    @ProblemResponse(
            status = 409,
            description = "The address already has an account (an address belongs to one company)")
    @ProblemResponse(status = 410, description = "The link is unknown, expired, revoked, replaced or already used")
    @ProblemResponse(status = 429, description = "Too many requests from this address")
    SessionResponse acceptInvitation(
            @Valid @RequestBody AcceptInvitationRequest request,
            HttpServletRequest http,
            HttpServletResponse response) {
        return session(
                auth.acceptInvitation(
                        request.token(), request.password(), trimToNull(request.fullName()), http.getRemoteAddr()),
                http,
                response);
    }

    @Operation(
            summary = "Exchange a refresh token for a new token pair; the old refresh token stops working",
            description = "The token comes in the body, or, with the header `X-Refresh-Token: cookie` and no body,"
                    + " from the `caly_refresh` cookie that sign-in set; the new one then replaces the cookie and is"
                    + " left out of the body.")
    @PostMapping("/refresh")
    @ProblemResponse(status = 401, description = "The refresh token is unknown, expired, revoked or reused")
    @ProblemResponse(status = 429, description = "Too many requests from this address")
    TokenResponse refresh(
            @Valid @RequestBody(required = false) @Nullable RefreshRequest request,
            HttpServletRequest http,
            HttpServletResponse response) {
        boolean cookie = RefreshCookie.wanted(http);
        String token = request != null ? request.refreshToken() : cookie ? RefreshCookie.presented(http) : null;
        if (token == null) {
            throw cookie ? AuthProblems.invalidRefreshToken() : AuthProblems.refreshTokenMissing();
        }
        TokenPair tokens;
        try {
            tokens = auth.refresh(token, http.getRemoteAddr());
        } catch (ApiException e) {
            if (cookie && e.status() == HttpStatus.UNAUTHORIZED) {
                RefreshCookie.clear(response);
            }
            throw e;
        }
        if (!cookie) {
            return TokenResponse.of(tokens);
        }
        RefreshCookie.set(response, tokens.refreshToken(), tokens.refreshTokenExpiresAt(), clock.instant());
        return TokenResponse.of(tokens).withoutRefreshToken();
    }

    @Operation(
            summary = "Sign out: revokes the session's refresh tokens and this access token",
            description = "Also clears the `caly_refresh` cookie of a browser that kept its refresh token there.")
    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(
            CurrentUser user,
            @Valid @RequestBody(required = false) @Nullable LogoutRequest request,
            HttpServletResponse response) {
        auth.logout(user, request == null ? null : request.refreshToken());
        RefreshCookie.clear(response);
    }

    /**
     * A browser client ({@code X-Refresh-Token: cookie}) gets its refresh token as an HttpOnly cookie and not in the
     * body, so that no script of the page can read it.
     */
    SessionResponse session(AuthService.SignedIn signedIn, HttpServletRequest http, HttpServletResponse response) {
        SessionResponse body = SessionResponse.of(signedIn);
        if (!RefreshCookie.wanted(http)) {
            return body;
        }
        TokenPair tokens = signedIn.tokens();
        RefreshCookie.set(response, tokens.refreshToken(), tokens.refreshTokenExpiresAt(), clock.instant());
        return body.withoutRefreshToken();
    }

    @Operation(summary = "The signed-in member and their company")
    @GetMapping("/me")
    ProfileResponse me(CurrentUser user) {
        AuthService.Profile profile = auth.me(user);
        return new ProfileResponse(UserView.of(profile.member()), CompanyView.of(profile.company()));
    }

    private static @Nullable String normalise(@Nullable String email) {
        return EmailAddresses.normalise(email);
    }

    private static @Nullable String trimToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    record RegisterRequest(
            @NotBlank @Size(max = 200) String companyName,

            @NotBlank
            @Size(max = 254)
            @Email
            @Pattern(regexp = EmailAddresses.PATTERN, message = EmailAddresses.MESSAGE)
            String email,

            @NotBlank @Size(max = 1024) String password,
            @Nullable @Size(max = 200) String fullName) {

        RegisterRequest {
            email = normalise(email);
        }

        @Override
        public String toString() {
            return "RegisterRequest[" + email + "]";
        }
    }

    record VerifyEmailRequest(
            @NotBlank @Size(max = 254) @Email String email,

            @NotBlank @Pattern(regexp = "\\d{6}", message = "must be the 6-digit code")
            String code) {

        VerifyEmailRequest {
            email = normalise(email);
        }

        @Override
        public String toString() {
            return "VerifyEmailRequest[" + email + "]";
        }
    }

    record RequestOtpRequest(
            @NotBlank @Size(max = 254) @Email String email) {

        RequestOtpRequest {
            email = normalise(email);
        }
    }

    record LoginRequest(
            @NotBlank @Size(max = 254) @Email String email,
            @NotBlank @Size(max = 1024) String password) {

        LoginRequest {
            email = normalise(email);
        }

        @Override
        public String toString() {
            return "LoginRequest[" + email + "]";
        }
    }

    record RefreshRequest(@NotBlank @Size(max = 512) String refreshToken) {

        @Override
        public String toString() {
            return "RefreshRequest[***]";
        }
    }

    record LogoutRequest(@Nullable @Size(max = 512) String refreshToken) {

        @Override
        public String toString() {
            return "LogoutRequest[***]";
        }
    }

    record AcceptInvitationRequest(
            @NotBlank @Size(max = 512) String token,
            @NotBlank @Size(max = 1024) String password,
            @Nullable @Size(max = 200) String fullName) {

        @Override
        public String toString() {
            return "AcceptInvitationRequest[***]";
        }
    }

    record CodeSent(String email, String message) {}

    /** {@code fullName} is the name the inviter gave, when they gave one. */
    record InvitationView(
            String companyName, String email, @Nullable String fullName, String role, Instant expiresAt) {
        static InvitationView of(AuthService.InvitationDetails details) {
            Invitation invitation = details.invitation();
            return new InvitationView(
                    details.company().name(),
                    invitation.email(),
                    invitation.fullName(),
                    invitation.role().code(),
                    invitation.expiresAt());
        }
    }

    record UserView(
            String id, String email, @Nullable String fullName, String role, boolean emailVerified, Instant createdAt) {
        static UserView of(Member member) {
            return new UserView(
                    member.id().toString(),
                    member.email(),
                    member.fullName(),
                    member.role().code(),
                    member.emailVerified(),
                    member.createdAt());
        }
    }

    record CompanyView(String id, String name, String status, String timezone) {
        static CompanyView of(Company company) {
            return new CompanyView(company.id().toString(), company.name(), company.status(), company.timezone());
        }
    }

    record TokenResponse(
            String accessToken,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String refreshToken,

            String tokenType,
            long expiresIn,
            Instant accessTokenExpiresAt,
            Instant refreshTokenExpiresAt) {
        static TokenResponse of(TokenPair tokens) {
            return new TokenResponse(
                    tokens.accessToken(),
                    tokens.refreshToken(),
                    "Bearer",
                    Math.max(
                            0,
                            tokens.accessTokenExpiresAt().getEpochSecond()
                                    - Instant.now().getEpochSecond()),
                    tokens.accessTokenExpiresAt(),
                    tokens.refreshTokenExpiresAt());
        }

        TokenResponse withoutRefreshToken() {
            return new TokenResponse(
                    accessToken, null, tokenType, expiresIn, accessTokenExpiresAt, refreshTokenExpiresAt);
        }
    }

    record SessionResponse(
            String accessToken,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String refreshToken,

            String tokenType,
            long expiresIn,
            Instant accessTokenExpiresAt,
            Instant refreshTokenExpiresAt,
            UserView user,
            CompanyView company) {
        static SessionResponse of(AuthService.SignedIn signedIn) {
            TokenResponse t = TokenResponse.of(signedIn.tokens());
            return new SessionResponse(
                    t.accessToken(),
                    t.refreshToken(),
                    t.tokenType(),
                    t.expiresIn(),
                    t.accessTokenExpiresAt(),
                    t.refreshTokenExpiresAt(),
                    UserView.of(signedIn.member()),
                    CompanyView.of(signedIn.company()));
        }

        SessionResponse withoutRefreshToken() {
            return new SessionResponse(
                    accessToken,
                    null,
                    tokenType,
                    expiresIn,
                    accessTokenExpiresAt,
                    refreshTokenExpiresAt,
                    user,
                    company);
        }
    }

    record ProfileResponse(UserView user, CompanyView company) {}
}
