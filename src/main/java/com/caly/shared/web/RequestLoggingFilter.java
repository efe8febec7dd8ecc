package com.caly.shared.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id (the caller's X-Request-Id when it is well formed), puts it in the log context and
 * the response, and logs one line per request. Only the path is logged, without the secrets some paths carry:
 * query strings and bodies can carry tokens, passwords or codes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestLoggingFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "requestId";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");
    private static final Logger log = LoggerFactory.getLogger("com.caly.http");
    /** A path whose last segment is a secret: an invitation link's token, looked up before the invitee signs in. */
    private static final Pattern SECRET_IN_PATH = Pattern.compile("^(/api/auth/invitations/)[^/]+$");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String incoming = request.getHeader(HEADER);
        String requestId = incoming != null && SAFE_ID.matcher(incoming).matches()
                ? incoming
                : UUID.randomUUID().toString();
        long started = System.nanoTime();
        MDC.put(MDC_KEY, requestId);
        request.setAttribute(MDC_KEY, requestId);
        response.setHeader(HEADER, requestId);
        try {
            chain.doFilter(request, response);
        } finally {
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (!request.getRequestURI().startsWith("/actuator/")) {
                log.info(
                        "{} {} -> {} in {} ms from {}",
                        request.getMethod(),
                        SECRET_IN_PATH.matcher(request.getRequestURI()).replaceFirst("$1***"),
                        response.getStatus(),
                        millis,
                        request.getRemoteAddr());
            }
            MDC.remove(MDC_KEY);
        }
    }
}
