package com.caly.auth;

import com.caly.apikeys.ApiKeyAuthenticationFilter;
import com.caly.apikeys.ApiKeyProperties;
import com.caly.apikeys.ApiKeys;
import com.caly.shared.web.MediaSources;
import com.caly.shared.web.OperatorAccess;
import com.caly.shared.web.PublicEndpoints;
import com.caly.shared.web.WebProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.servlet.HandlerExceptionResolver;

/** Who may call what: public auth, docs and health endpoints; everything else needs a valid access token. */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /** Open to any method, so that a wrong method gets 405 rather than 401. */
    private static final String[] PUBLIC_AUTH = {
        "/api/auth/register",
        "/api/auth/verify-email",
        "/api/auth/login",
        "/api/auth/refresh",
        "/api/auth/request-otp",
        "/api/auth/accept-invitation",
        "/api/auth/invitations/*"
    };

    private static final String[] PUBLIC_GETS = {
        "/actuator/health",
        "/actuator/health/**",
        "/actuator/info",
        "/actuator/prometheus",
        "/livez",
        "/readyz",
        "/v3/api-docs",
        "/v3/api-docs/**",
        "/swagger-ui.html",
        "/swagger-ui/**",
        // the console: its shell and modules are public, its data comes from the API
        "/",
        "/index.html",
        "/console/**",
        "/favicon.svg"
    };

    private static final String SWAGGER_UI = "/swagger-ui/**";

    @Bean
    SecurityFilterChain apiSecurity(
            HttpSecurity http,
            JwtDecoder jwtDecoder,
            List<PublicEndpoints> moduleEndpoints,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver,
            ApiKeys apiKeys,
            ApiKeyProperties apiKeyProperties,
            OperatorAccess operators,
            List<MediaSources> mediaSources,
            Clock clock)
            throws Exception {
        ProblemAuthenticationEntryPoint problems = new ProblemAuthenticationEntryPoint(resolver);
        // No CSRF tokens: requests are authorised by bearer tokens, and the one cookie (the refresh token, sent to
        // the refresh path alone) counts only with the X-Refresh-Token header, which no other site can send.
        http.csrf(csrf -> csrf.disable())
                .cors(Customizer.withDefaults()) // the corsConfigurationSource bean below
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> {})
                .authorizeHttpRequests(auth -> auth.requestMatchers(PUBLIC_AUTH)
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, PUBLIC_GETS)
                        .permitAll()
                        .requestMatchers("/error")
                        .permitAll()
                        .requestMatchers(publicPatterns(moduleEndpoints))
                        .permitAll()
                        .requestMatchers(HttpMethod.OPTIONS, "/**")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .addFilterBefore(new OperatorTokenFilter(operators), BearerTokenAuthenticationFilter.class)
                .addFilterBefore(
                        new ApiKeyAuthenticationFilter(apiKeys, apiKeyProperties, clock, resolver),
                        BearerTokenAuthenticationFilter.class)
                .oauth2ResourceServer(oauth -> oauth.bearerTokenResolver(SecurityConfig::accessToken)
                        .jwt(jwt -> jwt.decoder(jwtDecoder)
                                .jwtAuthenticationConverter(new CurrentUserAuthentication.FromJwt()))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .headers(headers -> headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                PathPatternRequestMatcher.withDefaults().matcher(SWAGGER_UI),
                                new ContentSecurityPolicyHeaderWriter(SWAGGER_UI_POLICY)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                new NegatedRequestMatcher(
                                        PathPatternRequestMatcher.withDefaults().matcher(SWAGGER_UI)),
                                new ContentSecurityPolicyHeaderWriter(consolePolicy(mediaSources))))
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .frameOptions(frame -> frame.deny())
                        .httpStrictTransportSecurity(
                                hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000)));
        return http.build();
    }

    /** Swagger UI sets inline styles; nothing else the service serves needs them. */
    private static final String SWAGGER_UI_POLICY =
            "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
                    + " img-src 'self' data:; connect-src 'self'; font-src 'self';"
                    + " frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /**
     * The console's policy, also sent with every API answer: scripts and styles from this origin only, never inline;
     * recordings play from this origin or a recordings bucket; the test call's worklets load as scripts.
     */
    static String consolePolicy(List<MediaSources> mediaSources) {
        String media = mediaSources.stream()
                .flatMap(sources -> sources.origins().stream())
                .distinct()
                .map(origin -> " " + origin)
                .collect(Collectors.joining());
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " media-src 'self' blob:" + media + "; connect-src 'self'; font-src 'self'; manifest-src 'self';"
                + " frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    }

    /** The bearer token, unless it is an API key: those are the API key filter's. */
    private static @Nullable String accessToken(HttpServletRequest request) {
        return ApiKeyAuthenticationFilter.presented(request) != null ? null : BEARER.resolve(request);
    }

    private static final DefaultBearerTokenResolver BEARER = new DefaultBearerTokenResolver();

    private static String[] publicPatterns(List<PublicEndpoints> moduleEndpoints) {
        String[] patterns = moduleEndpoints.stream()
                .flatMap(endpoints -> endpoints.patterns().stream())
                .toArray(String[]::new);
        // never empty: a matcher with no patterns is refused
        return patterns.length == 0 ? new String[] {"/error"} : patterns;
    }

    @Bean
    CorsConfigurationSource corsConfigurationSource(WebProperties web) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(web.corsOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        // never X-Refresh-Token: refusing its preflight is what keeps other sites from refreshing with the cookie
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-API-Key", "X-Request-Id"));
        cors.setExposedHeaders(List.of("X-Request-Id", "Retry-After", "Location"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }

    @Bean
    JwtDecoder jwtDecoder(AuthProperties properties, SessionService sessions) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(signingKey(properties))
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(Duration.ofSeconds(30)),
                new JwtIssuerValidator(properties.issuer()),
                new AccessTokenValidator(sessions)));
        return decoder;
    }

    @Bean
    JwtEncoder jwtEncoder(AuthProperties properties) {
        return NimbusJwtEncoder.withSecretKey(signingKey(properties))
                .algorithm(MacAlgorithm.HS256)
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    }

    private static SecretKey signingKey(AuthProperties properties) {
        return new SecretKeySpec(properties.jwtSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }
}
