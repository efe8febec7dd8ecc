package com.caly.shared.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Holds the request's path and its query and form parameters (names and values) to {@link TextInputPolicy}: a
 * control character is an {@code invalid-parameter} problem naming the parameter, before anything reads it.
 * Exotel's webhooks are left alone: what Exotel sends is recorded with the characters dropped
 * ({@code ExotelParameters}), since a refused webhook would lose the call.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class ParameterTextCheck extends OncePerRequestFilter {

    static final String PROVIDER_WEBHOOKS = "/webhooks/exotel/";

    private final HandlerExceptionResolver exceptionResolver;

    ParameterTextCheck(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
        this.exceptionResolver = resolver;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getServletPath().startsWith(PROVIDER_WEBHOOKS);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ApiException problem = problem(request);
        if (problem != null) {
            exceptionResolver.resolveException(request, response, null, problem);
            return;
        }
        chain.doFilter(request, response);
    }

    private static @Nullable ApiException problem(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        int inPath = TextInputPolicy.firstForbidden(path);
        if (inPath >= 0) {
            return ApiException.badRequest(
                    "bad-request", "Bad request", "The path " + TextInputPolicy.describe(path, inPath));
        }
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            String name = parameter.getKey();
            int inName = TextInputPolicy.firstForbidden(name);
            if (inName >= 0) {
                return invalid(name, "The parameter name " + TextInputPolicy.describe(name, inName));
            }
            for (String value : parameter.getValue()) {
                int inValue = TextInputPolicy.firstForbidden(value);
                if (inValue >= 0) {
                    return invalid(name, "'" + name + "' " + TextInputPolicy.describe(value, inValue));
                }
            }
        }
        return null;
    }

    private static ApiException invalid(String name, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", detail)
                .with("parameter", TextInputPolicy.printable(name));
    }

    @Configuration(proxyBeanMethods = false)
    static class Firewall {

        /**
         * Spring Security's firewall, but parameter names are left to the text policy: the firewall refuses a
         * control character in a name only when the name is first read, inside the handler, which made it a 500
         * and lost Exotel's webhook. Header names and values stay as strict as before.
         */
        @Bean
        HttpFirewall httpFirewall() {
            StrictHttpFirewall firewall = new StrictHttpFirewall();
            firewall.setAllowedParameterNames(name -> true);
            return firewall;
        }
    }
}
