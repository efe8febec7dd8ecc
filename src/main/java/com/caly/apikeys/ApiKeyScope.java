package com.caly.apikeys;

import java.util.Arrays;
import java.util.Optional;

/** What a key may read, and the GET paths each scope opens. Keys never write. */
public enum ApiKeyScope {
    CALLS_READ("calls:read", "/api/calls", "/api/escalations", "/api/returns", "/api/actions"),
    RECORDINGS_READ("recordings:read", "/api/recordings"),
    ANALYTICS_READ("analytics:read", "/api/analytics"),
    BILLING_READ("billing:read", "/api/billing");

    private final String code;
    private final String[] paths;

    ApiKeyScope(String code, String... paths) {
        this.code = code;
        this.paths = paths;
    }

    public String code() {
        return code;
    }

    public static Optional<ApiKeyScope> fromCode(String code) {
        return Arrays.stream(values()).filter(scope -> scope.code.equals(code)).findFirst();
    }

    /** The scope a GET of this path needs; empty when no key may call it. */
    static Optional<ApiKeyScope> forPath(String path) {
        return Arrays.stream(values())
                .filter(scope -> Arrays.stream(scope.paths)
                        .anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/")))
                .findFirst();
    }
}
