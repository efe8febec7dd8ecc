package com.caly.voice;

import com.caly.shared.TenantId;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Each company's greeting as the model spoke it, in the model's audio format, so the next call opens with it at
 * once instead of waiting for a realtime session. Kept in the database (every instance shares it, restarts keep
 * it) and in a small in-memory LRU. The fingerprint covers the words, the voice and the model: changing any of
 * them records a new greeting.
 */
@Component
class GreetingCache {

    private static final int IN_MEMORY = 256;

    private final JdbcClient jdbc;
    private final Map<String, byte[]> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > IN_MEMORY;
        }
    };

    GreetingCache(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static String fingerprint(AgentSettings agent) {
        return HexFormat.of()
                .formatHex(
                        com.caly.shared.Secrets.sha256(agent.greeting() + "\n" + agent.voice() + "\n" + agent.model()));
    }

    Optional<byte[]> find(TenantId company, String fingerprint, String format) {
        String key = company + "/" + fingerprint + "/" + format;
        synchronized (recent) {
            byte[] audio = recent.get(key);
            if (audio != null) {
                return Optional.of(audio);
            }
        }
        Optional<byte[]> stored = jdbc.sql(
                        "select audio from agent_greetings where company_id = ? and fingerprint = ? and format = ?")
                .params(company.value(), fingerprint, format)
                .query(byte[].class)
                .optional();
        stored.ifPresent(audio -> {
            synchronized (recent) {
                recent.put(key, audio);
            }
        });
        return stored;
    }

    void store(TenantId company, String fingerprint, String format, byte[] audio) {
        synchronized (recent) {
            recent.put(company + "/" + fingerprint + "/" + format, audio);
        }
        jdbc.sql("""
                        insert into agent_greetings (company_id, fingerprint, format, audio) values (?, ?, ?, ?)
                        on conflict (company_id, fingerprint, format) do nothing""").params(company.value(), fingerprint, format, audio).update();
    }
}
