package com.caly.apikeys;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * When each key was last used, kept in memory as requests come and written in one batch every half minute (and
 * at shutdown), so that a busy key costs no database write per request. Listing keys shows the newer of the two.
 */
@Component
class ApiKeyUsage {

    private final JdbcClient jdbc;
    private final Map<UUID, Instant> pending = new ConcurrentHashMap<>();

    ApiKeyUsage(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void used(UUID key, Instant at) {
        pending.merge(key, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Nullable
    Instant lastUsed(UUID key, @Nullable Instant stored) {
        Instant recent = pending.get(key);
        if (recent == null) {
            return stored;
        }
        return stored == null || recent.isAfter(stored) ? recent : stored;
    }

    @Scheduled(fixedDelayString = "${app.api-keys.last-used-flush-ms:30000}")
    @jakarta.annotation.PreDestroy
    void flush() {
        for (UUID key : pending.keySet()) {
            Instant at = pending.remove(key);
            if (at != null) {
                jdbc.sql("update api_keys set last_used_at = greatest(coalesce(last_used_at, :at), :at) where id = :id")
                        .param("at", Timestamp.from(at))
                        .param("id", key)
                        .update();
            }
        }
    }
}
