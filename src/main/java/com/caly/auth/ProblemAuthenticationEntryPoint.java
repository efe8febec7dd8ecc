package com.caly.auth;

import com.caly.shared.web.ApiException;
import com.caly.shared.web.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.servlet.HandlerExceptionResolver;

/** Answers 401 and 403 from the security filters with the same problem+json as the rest of the API. */
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final HandlerExceptionResolver resolver;

    ProblemAuthenticationEntryPoint(HandlerExceptionResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception) {
        boolean tokenPresented = exception instanceof InvalidBearerTokenException
                || exception.getCause() instanceof InvalidBearerTokenException
                || request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        ApiException problem = tokenPresented
                ? new ApiException(
                        HttpStatus.UNAUTHORIZED,
                        ProblemTypes.INVALID_TOKEN,
                        "Invalid token",
                        "The access token is malformed, expired, revoked or not signed by Caly")
                : new ApiException(
                        HttpStatus.UNAUTHORIZED,
                        ProblemTypes.UNAUTHENTICATED,
                        "Unauthenticated",
                        "Send an access token: Authorization: Bearer <token>");
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, tokenPresented ? "Bearer error=\"invalid_token\"" : "Bearer");
        resolver.resolveException(request, response, null, problem);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception) {
        resolver.resolveException(request, response, null, exception);
    }
}
