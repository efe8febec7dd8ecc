package com.caly.shared.web;

import java.net.URI;
import java.util.Map;

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

    private static final Map<Integer, String> BY_STATUS = Map.ofEntries(
            Map.entry(400, "bad-request"),
            Map.entry(401, UNAUTHENTICATED),
            Map.entry(403, FORBIDDEN),
            Map.entry(404, NOT_FOUND),
            Map.entry(405, "method-not-allowed"),
            Map.entry(406, "not-acceptable"),
            Map.entry(413, PAYLOAD_TOO_LARGE),
            Map.entry(414, "uri-too-long"),
            Map.entry(415, "unsupported-media-type"),
            Map.entry(431, "headers-too-large"),
            Map.entry(501, "not-implemented"),
            Map.entry(505, "http-version-not-supported"));

    private ProblemTypes() {}

    /** The slug of a problem known only by its status, as the servlet container raises them. */
    public static String forStatus(int status) {
        String slug = BY_STATUS.get(status);
        if (slug != null) {
            return slug;
        }
        return status >= 500 ? INTERNAL_ERROR : "http-" + status;
    }

    public static URI uri(String slug) {
        return URI.create("/problems/" + slug);
    }
}
