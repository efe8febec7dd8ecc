package com.caly.telephony.exotel;

import com.caly.shared.web.TextInputPolicy;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
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

    /**
     * Reads the message in one pass over its tokens, keeping only the scalars of the top level and of the objects
     * one level down (as {@code "media.payload"}): a media message arrives fifty times a second on every call, so
     * no tree is built.
     */
    static MediaMessage parse(String text) {
        Map<String, String> fields;
        try {
            fields = flatFields(text);
        } catch (RuntimeException e) {
            return new Malformed("not JSON");
        }
        if (fields == null) {
            return new Malformed("not a JSON object");
        }
        String event = string(fields, "event");
        if (event == null) {
            return new Malformed("no event");
        }
        return switch (event) {
            case "connected" -> new Connected();
            case "start" -> start(fields);
            case "media" -> media(fields);
            case "dtmf" -> {
                String digit = string(fields, "dtmf.digit");
                yield digit == null ? new Malformed("dtmf without digit") : new Dtmf(digit);
            }
            case "mark" -> {
                String name = string(fields, "mark.name");
                yield name == null ? new Malformed("mark without name") : new Mark(name);
            }
            case "stop" -> new Stop(string(fields, "stop.reason"));
            default -> new Malformed("unknown event " + (event.length() > 32 ? event.substring(0, 32) : event));
        };
    }

    /** The scalars of a JSON object and of its child objects; null when the text is not a JSON object. */
    private static @Nullable Map<String, String> flatFields(String text) {
        Map<String, String> fields = new HashMap<>(16);
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String parent = null;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.END_OBJECT) {
                    if (parent == null) {
                        break;
                    }
                    parent = null;
                } else if (token == JsonToken.PROPERTY_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (value == JsonToken.START_OBJECT && parent == null) {
                        parent = name;
                    } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                        parser.skipChildren();
                    } else if (value != JsonToken.VALUE_NULL) {
                        fields.putIfAbsent(parent == null ? name : parent + "." + name, parser.getString());
                    }
                }
            }
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("trailing content");
            }
        }
        return fields;
    }

    private static MediaMessage start(Map<String, String> fields) {
        String streamSid =
                first(string(fields, "start.stream_sid", "start.streamSid"), string(fields, "stream_sid", "streamSid"));
        String callSid = string(fields, "start.call_sid", "start.callSid");
        if (streamSid == null || callSid == null) {
            return new Malformed("start without stream or call id");
        }
        // the call and its numbers are recorded: what PostgreSQL cannot store is dropped, as for the webhooks
        return new Start(
                TextInputPolicy.clean(streamSid),
                TextInputPolicy.clean(callSid),
                cleaned(string(fields, "start.from")),
                cleaned(string(fields, "start.to")));
    }

    private static MediaMessage media(Map<String, String> fields) {
        String payload = string(fields, "media.payload");
        if (payload == null) {
            return new Malformed("media without payload");
        }
        byte[] pcm;
        try {
            pcm = Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            return new Malformed("payload is not base64");
        }
        String timestamp = string(fields, "media.timestamp");
        long ms;
        try {
            ms = timestamp == null ? -1 : Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            ms = -1;
        }
        return new Media(pcm, ms);
    }

    private static @Nullable String string(Map<String, String> fields, String... names) {
        for (String name : names) {
            String text = fields.get(name);
            if (text != null && !text.isBlank()) {
                return text;
            }
        }
        return null;
    }

    private static @Nullable String cleaned(@Nullable String text) {
        return text == null ? null : TextInputPolicy.clean(text);
    }

    private static @Nullable String first(@Nullable String a, @Nullable String b) {
        return Optional.ofNullable(a).orElse(b);
    }
}
