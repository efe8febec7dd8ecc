package com.caly.shared.query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Where a newest-first page ends: the time and id of its last row, as an opaque url-safe token. The next page
 * starts strictly after it, so rows written meanwhile neither repeat nor shift the pages.
 */
public record KeysetCursor(Instant at, UUID id) {

    public String token() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    public static @Nullable KeysetCursor read(QueryParameters query, String name) {
        String token = query.string(name);
        if (token == null) {
            return null;
        }
        try {
            if (token.length() > 100) {
                throw new IllegalArgumentException("too long");
            }
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            int colon = text.indexOf(':');
            long micros = Long.parseLong(text.substring(0, colon));
            UUID id = UUID.fromString(text.substring(colon + 1));
            KeysetCursor cursor = new KeysetCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
            // only what token() writes: a time the database can hold, the id in its canonical form
            if (!TimeWindow.reachable(cursor.at()) || !cursor.token().equals(token)) {
                throw new IllegalArgumentException("not a token of this API");
            }
            return cursor;
        } catch (RuntimeException e) {
            throw QueryParameters.invalid(name, "is not a cursor this API returned");
        }
    }
}
