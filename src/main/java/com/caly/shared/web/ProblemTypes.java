package com.caly.shared.web;

import java.net.URI;

/** Problem type URIs: {@code /problems/{slug}}, documented in docs/errors.md. */
public final class ProblemTypes {

    public static final String VALIDATION_FAILED = "validation-failed";
    public static final String MALFORMED_JSON = "malformed-json";
    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";
    public static final String UNAUTHENTICATED = "unauthenticated";
    public static final String INVALID_TOKEN = "invalid-token";
    public static final String FORBIDDEN = "forbidden";
    public static final String NOT_FOUND = "not-found";
    public static final String INTERNAL_ERROR = "internal-error";

    private ProblemTypes() {}

    public static URI uri(String slug) {
        return URI.create("/problems/" + slug);
    }
}
