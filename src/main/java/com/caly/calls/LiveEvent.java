package com.caly.calls;

import com.caly.shared.TenantId;
import com.caly.shared.notify.PostgresNotifications;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One event of the live view as it travels between instances: the company it belongs to, the call, the SSE event
 * name and id, and its JSON data. Encoded it fits a PostgreSQL notification: a long text (a transcript line, an
 * escalation's reason) is cut, at a character boundary, until the whole payload does, and marked
 * {@code truncated}.
 */
record LiveEvent(TenantId companyId, CallId callId, String name, String id, ObjectNode data) {

    static final String STARTED = "call.started";
    static final String TRANSCRIPT = "transcript";
    static final String ENDED = "call.ended";
    static final String ESCALATED = "call.escalated";

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** The payload, at most {@code maxBytes} of UTF-8. */
    String encode(int maxBytes) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("company", companyId.toString());
        envelope.put("call", callId.toString());
        envelope.put("name", name);
        envelope.put("id", id);
        envelope.set("data", data.deepCopy());
        String whole = JSON.writeValueAsString(envelope);
        if (utf8(whole) <= maxBytes) {
            return whole;
        }
        ObjectNode holder = longTextHolder((ObjectNode) envelope.get("data"));
        if (holder == null) {
            throw new IllegalArgumentException("a live event without text is over " + maxBytes + " bytes");
        }
        String text = holder.get("text") != null ? "text" : "reason";
        String full = holder.get(text).asString();
        holder.put("truncated", true);
        // the longest prefix, in code points, whose payload fits: escaping makes bytes per character vary
        int low = 0;
        int high = full.codePointCount(0, full.length());
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            holder.put(text, full.substring(0, full.offsetByCodePoints(0, mid)));
            if (utf8(JSON.writeValueAsString(envelope)) <= maxBytes) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        holder.put(text, full.substring(0, full.offsetByCodePoints(0, low)));
        String cut = JSON.writeValueAsString(envelope);
        if (utf8(cut) > maxBytes) {
            throw new IllegalArgumentException("a live event is over " + maxBytes + " bytes without its text");
        }
        return cut;
    }

    String encode() {
        return encode(PostgresNotifications.MAX_PAYLOAD_BYTES);
    }

    /** The event in a payload, or empty when it is not one of ours. */
    static Optional<LiveEvent> decode(String payload) {
        try {
            JsonNode node = JSON.readTree(payload);
            if (!(node.get("data") instanceof ObjectNode data)) {
                return Optional.empty();
            }
            return Optional.of(new LiveEvent(
                    new TenantId(UUID.fromString(node.path("company").asString())),
                    new CallId(UUID.fromString(node.path("call").asString())),
                    node.path("name").asString(),
                    node.path("id").asString(),
                    data));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The data as the SSE event's {@code data:} line (JSON is written on one line). */
    String dataJson() {
        return JSON.writeValueAsString(data);
    }

    private static @Nullable ObjectNode longTextHolder(ObjectNode data) {
        if (data.get("line") instanceof ObjectNode line && line.get("text") != null) {
            return line;
        }
        if (data.get("reason") != null) {
            return data;
        }
        return null;
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
