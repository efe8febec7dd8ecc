package com.caly.shared.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A failure the client can act on. It becomes an RFC 9457 problem whose {@code type} is
 * {@code /problems/{slug}}; each slug is listed in docs/errors.md and never changes meaning.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String slug;
    private final String title;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private @Nullable Duration retryAfter;

    public ApiException(HttpStatus status, String slug, String title, String detail) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public ApiException with(String property, Object value) {
        properties.put(property, value);
        return this;
    }

    public ApiException retryAfter(Duration wait) {
        this.retryAfter = wait;
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public @Nullable Duration retryAfterDuration() {
        return retryAfter;
    }

    public static ApiException notFound(String slug, String what) {
        return new ApiException(HttpStatus.NOT_FOUND, slug, "Not found", what + " was not found");
    }

    public static ApiException badRequest(String slug, String title, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, slug, title, detail);
    }

    public static ApiException tooManyRequests(String slug, String detail, Duration retryAfter) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, slug, "Too many requests", detail).retryAfter(retryAfter);
    }
}
