package com.caly.auth;

import com.caly.shared.web.OperatorAccess;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes a request to the actuator that carries the operator token an operator's ({@link #ROLE}), so that health
 * shows its details to operators only. Anywhere else the header means nothing: an operator is not a member of a
 * company. A wrong token is simply not an operator's (the caller sees what anyone sees).
 */
class OperatorTokenFilter extends OncePerRequestFilter {

    static final String ROLE = "ROLE_OPERATOR";

    private final OperatorAccess operators;

    OperatorTokenFilter(OperatorAccess operators) {
        this.operators = operators;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.equals("/actuator") || path.startsWith("/actuator/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (operators.grants(request.getHeader(OperatorAccess.HEADER))) {
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                    "operator", null, List.of(new SimpleGrantedAuthority(ROLE))));
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }
}
