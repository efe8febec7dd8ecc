package com.caly.apikeys;

import com.caly.shared.CurrentUser;
import com.caly.shared.Role;
import com.caly.shared.UserId;
import com.caly.shared.ratelimit.SlidingWindowLimiter;
import com.caly.shared.web.ApiException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Authenticates a request that carries an API key ({@code X-API-Key}, or {@code Authorization: Bearer caly_...}):
 * an unknown, revoked or expired key is 401; a key used for anything but a GET its scopes cover is 403; a key over
 * its rate is 429 with Retry-After. A key that passes acts as a read-only member of its company.
 */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    public static final String INVALID_API_KEY = "invalid-api-key";
    public static final String INSUFFICIENT_SCOPE = "insufficient-scope";

    private final ApiKeys keys;
    private final SlidingWindowLimiter limiter;
    private final HandlerExceptionResolver problems;

    public ApiKeyAuthenticationFilter(
            ApiKeys keys, ApiKeyProperties properties, Clock clock, HandlerExceptionResolver problems) {
        this.keys = keys;
        this.limiter = new SlidingWindowLimiter(properties.requestsPerMinute(), Duration.ofMinutes(1), clock);
        this.problems = problems;
    }

    /** The key the request carries, if it carries one. */
    public static @Nullable String presented(HttpServletRequest request) {
        String header = request.getHeader("X-API-Key");
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer caly_", 0, 12)) {
            return authorization.substring(7).trim();
        }
        return null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = presented(request);
        if (presented == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiKeys.Authenticated> key = keys.authenticate(presented);
        if (key.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            problems.resolveException(
                    request,
                    response,
                    null,
                    new ApiException(
                            HttpStatus.UNAUTHORIZED,
                            INVALID_API_KEY,
                            "Invalid API key",
                            "The API key is unknown, revoked or expired"));
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Optional<ApiKeyScope> needed = ApiKeyScope.forPath(path);
        if (!"GET".equals(request.getMethod())
                || needed.isEmpty()
                || !key.get().scopes().contains(needed.get())) {
            problems.resolveException(
                    request,
                    response,
                    null,
                    new ApiException(
                                    HttpStatus.FORBIDDEN,
                                    INSUFFICIENT_SCOPE,
                                    "Insufficient scope",
                                    needed.isPresent() && "GET".equals(request.getMethod())
                                            ? "This key lacks the scope "
                                                    + needed.get().code()
                                            : "API keys can only read calls, recordings, analytics and billing")
                            .with(
                                    "requiredScope",
                                    needed.filter(s -> "GET".equals(request.getMethod()))
                                            .map(ApiKeyScope::code)
                                            .orElse("none")));
            return;
        }
        Duration wait = limiter.tryAcquire(key.get().id().toString());
        if (!wait.isZero()) {
            problems.resolveException(
                    request,
                    response,
                    null,
                    new ApiException(
                                    HttpStatus.TOO_MANY_REQUESTS,
                                    "rate-limited",
                                    "Too many requests",
                                    "This API key is over its request rate")
                            .retryAfter(wait));
            return;
        }
        ApiKeys.Authenticated found = key.get();
        CurrentUser member = new CurrentUser(
                found.createdBy() == null ? new UserId(new UUID(0, 0)) : found.createdBy(),
                found.companyId(),
                Role.MEMBER,
                "api-key:" + found.id(),
                "api-key:" + found.id(),
                found.expiresAt() == null ? Instant.MAX : found.expiresAt());
        SecurityContextHolder.getContext().setAuthentication(new KeyAuthentication(member, found.scopes()));
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    static final class KeyAuthentication extends AbstractAuthenticationToken {
        private final CurrentUser member;

        KeyAuthentication(CurrentUser member, List<ApiKeyScope> scopes) {
            super(scopes.stream()
                    .map(scope -> new SimpleGrantedAuthority("SCOPE_" + scope.code()))
                    .toList());
            this.member = member;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return member;
        }
    }
}
