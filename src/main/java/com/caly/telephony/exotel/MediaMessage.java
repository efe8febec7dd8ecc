package com.caly.telephony.exotel;

import com.caly.shared.web.TextInputPolicy;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * One message of Exotel's Voicebot stream, read leniently, as Exotel's own clients and servers send and read it:
 * snake_case or camelCase keys, numbers as numbers or strings, {@code event} or {@code Event}, {@code start} and
 * {@code stop} with their fields in a nested object or at the top level, {@code closed} for {@code stop}. Anything
 * that cannot be read is {@link Malformed}.
 */
sealed interface MediaMessage {

    JsonMapper JSON = JsonMapper.builder().build();

    record Connected() implements MediaMessage {}

    /**
     * @param exophone the custom parameter {@code exophone} of the stream URL, naming the number the call came to
     * @param muLaw whether {@code media_format.encoding} says the audio is G.711 μ-law (else 16-bit PCM)
     */
    record Start(
            String streamSid,
            String callSid,
            @Nullable String from,
            @Nullable String to,
            @Nullable String exophone,
            boolean muLaw)
            implements MediaMessage {}

    /** Audio as it came, in the stream's encoding; the timestamp is -1 when missing or not a number. */
    record Media(byte[] audio, long timestampMs) implements MediaMessage {}

    record Dtmf(String digit) implements MediaMessage {}

    record Mark(String name) implements MediaMessage {}

    record Stop(@Nullable String reason) implements MediaMessage {}

    /** An event meant for the other side (such as {@code clear}), which Exotel's test clients send too. */
    record Ignored(String event) implements MediaMessage {}

    record Malformed(String why) implements MediaMessage {}

    /**
     * Reads the message in one pass over its tokens, keeping only the scalars of the top level and of the objects
     * up to two levels down (as {@code "media.payload"}, {@code "start.custom_parameters.exophone"}): a media message
     * arrives fifty times a second on every call, so no tree is built.
     */
    static MediaMessage parse(String text) {
        return parse(() -> JSON.createParser(text));
    }

    /** The same, from the frame's UTF-8 bytes as they came (no string of the whole message is made). */
    static MediaMessage parse(byte[] utf8) {
        return parse(() -> JSON.createParser(utf8));
    }

    private static MediaMessage parse(java.util.function.Supplier<JsonParser> source) {
        Map<String, String> fields;
        try {
            fields = flatFields(source);
        } catch (RuntimeException e) {
            return new Malformed("not JSON");
        }
        if (fields == null) {
            return new Malformed("not a JSON object");
        }
        String named = string(fields, "event", "Event");
        if (named == null) {
            return new Malformed("no event");
        }
        String event = named.toLowerCase(Locale.ROOT);
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
            case "stop", "closed" -> new Stop(string(fields, "stop.reason", "reason"));
            case "clear" -> new Ignored(event);
            default -> new Malformed("unknown event " + (event.length() > 32 ? event.substring(0, 32) : event));
        };
    }

    /**
     * The scalars of a JSON object and of its objects two levels down, named by their dotted path; null when the
     * text is not a JSON object.
     */
    private static @Nullable Map<String, String> flatFields(java.util.function.Supplier<JsonParser> source) {
        Map<String, String> fields = new HashMap<>(16);
        try (JsonParser parser = source.get()) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            // the dotted path of the objects now open below the top level: "", "start.", "start.media_format."
            String[] prefixes = {"", null, null};
            int depth = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.END_OBJECT) {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (token == JsonToken.PROPERTY_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (value == JsonToken.START_OBJECT && depth < prefixes.length - 1) {
                        prefixes[depth + 1] = prefixes[depth] + name + ".";
                        depth++;
                    } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                        parser.skipChildren();
                    } else if (value != JsonToken.VALUE_NULL) {
                        // top-level names as the parser gave them: no new string, its hash already known
                        fields.putIfAbsent(depth == 0 ? name : prefixes[depth] + name, parser.getString());
                    }
                }
            }
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("trailing content");
            }
        }
        return fields;
    }

    /** A start with its fields in {@code start}, or at the top level (the flat start of Exotel's test client). */
    private static MediaMessage start(Map<String, String> fields) {
        String streamSid = string(fields, "start.stream_sid", "start.streamSid", "stream_sid", "streamSid");
        String callSid = string(fields, "start.call_sid", "start.callSid", "call_sid", "callSid");
        if (streamSid == null || callSid == null) {
            return new Malformed("start without stream or call id");
        }
        String encoding = string(fields, "start.media_format.encoding", "media_format.encoding");
        // the call and its numbers are recorded: what PostgreSQL cannot store is dropped, as for the webhooks
        return new Start(
                TextInputPolicy.clean(streamSid),
                TextInputPolicy.clean(callSid),
                cleaned(string(fields, "start.from", "from")),
                cleaned(string(fields, "start.to", "to")),
                cleaned(string(
                        fields,
                        "start.custom_parameters.exophone",
                        "start.customParameters.exophone",
                        "custom_parameters.exophone",
                        "customParameters.exophone")),
                encoding != null && isMuLaw(encoding));
    }

    /** Encodings that name G.711 μ-law: {@code audio/x-mulaw}, {@code mulaw}, {@code ulaw}, {@code PCMU}. */
    static boolean isMuLaw(String encoding) {
        String lower = encoding.toLowerCase(Locale.ROOT);
        return lower.contains("mulaw") || lower.contains("ulaw") || lower.contains("pcmu");
    }

    private static MediaMessage media(Map<String, String> fields) {
        String payload = string(fields, "media.payload");
        if (payload == null) {
            return new Malformed("media without payload");
        }
        byte[] audio;
        try {
            audio = Base64.getDecoder().decode(payload);
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
        return new Media(audio, ms);
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
}
