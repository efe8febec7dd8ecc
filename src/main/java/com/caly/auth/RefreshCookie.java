package com.caly.auth;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * The refresh token as a browser keeps it: an HttpOnly, Secure, SameSite=Strict cookie sent only to the refresh
 * path, so that script never reads it and no other request carries it. A client asks for it with the
 * {@value #HEADER} header; the header is also what makes a cookie refresh safe from cross-site requests, since a
 * page of another site cannot send a custom header without a CORS preflight that this API does not grant.
 */
final class RefreshCookie {

    static final String NAME = "caly_refresh";
    static final String HEADER = "X-Refresh-Token";
    static final String HEADER_VALUE = "cookie";
    static final String PATH = "/api/auth/refresh";

    private RefreshCookie() {}

    /** Whether the client keeps its refresh token in the cookie rather than reading it from the body. */
    static boolean wanted(HttpServletRequest request) {
        return HEADER_VALUE.equalsIgnoreCase(request.getHeader(HEADER));
    }

    static @Nullable String presented(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        return Arrays.stream(cookies)
                .filter(cookie -> NAME.equals(cookie.getName()))
                .map(Cookie::getValue)
                .filter(value -> !value.isBlank())
                .findFirst()
                .orElse(null);
    }

    static void set(HttpServletResponse response, String refreshToken, Instant expiresAt, Instant now) {
        write(response, refreshToken, Duration.between(now, expiresAt));
    }

    static void clear(HttpServletResponse response) {
        write(response, "", Duration.ZERO);
    }

    private static void write(HttpServletResponse response, String value, Duration maxAge) {
        ResponseCookie cookie = ResponseCookie.from(NAME, value)
                .path(PATH)
                .httpOnly(true)
                .secure(true)
                .sameSite("Strict")
                .maxAge(maxAge.isNegative() ? Duration.ZERO : maxAge)
                .build();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
