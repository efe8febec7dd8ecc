package com.caly.shared.web;

import java.util.List;

/**
 * Paths a module serves without a signed-in user (provider webhooks, signed download links). Each module that has
 * such paths declares one bean of this type; the security configuration opens exactly these, and the module
 * then checks its own credentials (a signature, a token) on every request.
 */
public record PublicEndpoints(List<String> patterns) {

    public static PublicEndpoints of(String... patterns) {
        return new PublicEndpoints(List.of(patterns));
    }
}
