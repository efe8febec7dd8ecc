package com.caly.telephony.exotel;

import java.util.Base64;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One message of Exotel's Voicebot stream, read leniently: snake_case or camelCase keys, numbers as numbers or
 * strings. Anything that cannot be read is {@link Malformed}.
 */
sealed interface MediaMessage {

    JsonMapper JSON = JsonMapper.builder().build();

    record Connected() implements MediaMessage {}

    record Start(
            String streamSid,
            String callSid,
            @Nullable String from,
            @Nullable String to) implements MediaMessage {}

    record Media(byte[] pcm, long timestampMs) implements MediaMessage {}

    record Dtmf(String digit) implements MediaMessage {}

    record Mark(String name) implements MediaMessage {}

    record Stop(@Nullable String reason) implements MediaMessage {}

    record Malformed(String why) implements MediaMessage {}

    static MediaMessage parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (RuntimeException e) {
            return new Malformed("not JSON");
        }
        if (root == null || !root.isObject()) {
            return new Malformed("not a JSON object");
        }
        String event = string(root, "event");
        if (event == null) {
            return new Malformed("no event");
        }
        return switch (event) {
            case "connected" -> new Connected();
            case "start" -> start(root);
            case "media" -> media(root);
            case "dtmf" -> {
                String digit = string(root.path("dtmf"), "digit");
                yield digit == null ? new Malformed("dtmf without digit") : new Dtmf(digit);
            }
            case "mark" -> {
                String name = string(root.path("mark"), "name");
                yield name == null ? new Malformed("mark without name") : new Mark(name);
            }
            case "stop" -> new Stop(string(root.path("stop"), "reason"));
            default -> new Malformed("unknown event " + (event.length() > 32 ? event.substring(0, 32) : event));
        };
    }

    private static MediaMessage start(JsonNode root) {
        JsonNode start = root.path("start");
        String streamSid = first(string(start, "stream_sid", "streamSid"), string(root, "stream_sid", "streamSid"));
        String callSid = string(start, "call_sid", "callSid");
        if (streamSid == null || callSid == null) {
            return new Malformed("start without stream or call id");
        }
        return new Start(streamSid, callSid, string(start, "from"), string(start, "to"));
    }

    private static MediaMessage media(JsonNode root) {
        JsonNode media = root.path("media");
        String payload = string(media, "payload");
        if (payload == null) {
            return new Malformed("media without payload");
        }
        byte[] pcm;
        try {
            pcm = Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            return new Malformed("payload is not base64");
        }
        String timestamp = string(media, "timestamp");
        long ms;
        try {
            ms = timestamp == null ? -1 : Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            ms = -1;
        }
        return new Media(pcm, ms);
    }

    private static @Nullable String string(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && value.isValueNode() && !value.isNull()) {
                String text = value.asString();
                if (!text.isBlank()) {
                    return text;
                }
            }
        }
        return null;
    }

    private static @Nullable String first(@Nullable String a, @Nullable String b) {
        return Optional.ofNullable(a).orElse(b);
    }
}
