package com.caly.voice.realtime;

import java.util.Arrays;
import java.util.Base64;
import java.util.function.Consumer;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The events the realtime API sends, typed: a record for each event the conversation acts on, {@link Ignored} for
 * any other well-formed event and {@link Malformed} for text it cannot act on. GA names and their beta aliases
 * ({@code response.audio.delta}, {@code response.audio_transcript.*}) read alike.
 *
 * <p>What is required follows OpenAI's published schemas: a field the schema requires and a record carries must be
 * there, or the event is {@link Malformed} (its {@code why} names the field); a field the schema leaves optional is
 * {@code null} when absent, or zero for a token count. A value of the wrong JSON type counts as absent.
 *
 * <p>One streaming pass per event and no tree: what no record carries (the session, a response's output items) is
 * skipped without being built. When the type comes before the audio, as the API sends it, an audio delta's base64
 * is decoded by the JDK's decoder (about twice as fast as Jackson's) from the parser's own characters, with no string
 * made of them. Against a tree parse and a lookup of the same fields, on 1,600- and 9,600-byte deltas: about as
 * fast, and a third fewer bytes allocated per delta.
 */
@NullMarked
public final class ServerEvents {

    private static final JsonFactory JSON = new JsonFactory();

    /** Faster than Jackson's own base64 reading, and what the conversation decoded with before. */
    private static final Base64.Decoder BASE64 = Base64.getDecoder();

    private ServerEvents() {}

    /** An event from the realtime API. */
    public sealed interface ServerEvent {}

    public record SessionCreated() implements ServerEvent {}

    /** The session's configuration changed; its content is not read. */
    public record SessionUpdated() implements ServerEvent {}

    /** {@code audioStartMs} counts from the start of the session's input audio and includes the prefix padding. */
    public record SpeechStarted(String itemId, long audioStartMs) implements ServerEvent {}

    public record SpeechStopped(String itemId, long audioEndMs) implements ServerEvent {}

    /** {@code input_audio_buffer.committed}: the caller's audio became the item {@code itemId}. */
    public record Committed(String itemId) implements ServerEvent {}

    /** The caller's words in item {@code itemId}; may arrive before or after the response to them. */
    public record InputTranscribed(String itemId, String transcript) implements ServerEvent {}

    /** {@code message} is the error's, {@code null} when it has none (the schema makes it optional). */
    public record InputTranscriptionFailed(
            String itemId, @Nullable String message) implements ServerEvent {}

    /** {@code responseId} is {@code null} when absent: the schema makes every field of a response optional. */
    public record ResponseCreated(@Nullable String responseId) implements ServerEvent {}

    /**
     * Model audio, decoded from base64. The array is the parser's own result, not copied again: the receiver owns
     * it. Equality compares the bytes; the text form gives only their count.
     */
    public record AudioDelta(String responseId, String itemId, byte[] audio) implements ServerEvent {

        @Override
        public boolean equals(@Nullable Object other) {
            return other instanceof AudioDelta delta
                    && responseId.equals(delta.responseId)
                    && itemId.equals(delta.itemId)
                    && Arrays.equals(audio, delta.audio);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * responseId.hashCode() + itemId.hashCode()) + Arrays.hashCode(audio);
        }

        @Override
        public String toString() {
            return "AudioDelta[responseId=" + responseId + ", itemId=" + itemId + ", audio=" + audio.length + " bytes]";
        }
    }

    public record AudioDone(String responseId, String itemId) implements ServerEvent {}

    public record TranscriptDelta(String responseId, String itemId, String delta) implements ServerEvent {}

    /** The full transcript of what the model said in the item. */
    public record TranscriptDone(String responseId, String itemId, String transcript) implements ServerEvent {}

    /**
     * {@code response.function_call_arguments.done}: a call the model wants made. It is sent for cancelled responses
     * too, so it is for the response's final status to decide. {@code arguments} is JSON text as the model wrote it.
     */
    public record ToolCall(String responseId, String callId, String name, String arguments) implements ServerEvent {}

    /**
     * A response ended. {@code responseId} and {@code status} ({@code completed}, {@code cancelled}, {@code failed},
     * {@code incomplete}) are {@code null} when absent, which the schema allows; missing usage reads as zeros.
     */
    public record ResponseDone(
            @Nullable String responseId, @Nullable String status, Usage usage) implements ServerEvent {

        public boolean completed() {
            return "completed".equals(status);
        }
    }

    /** A response's tokens, from its {@code input_token_details} and {@code output_token_details}. */
    public record Usage(long inputText, long inputAudio, long inputCached, long outputText, long outputAudio) {
        public static final Usage NONE = new Usage(0, 0, 0, 0, 0);
    }

    /**
     * An {@code error} event. {@code code} ({@code conversation_already_has_active_response}, …) is {@code null}
     * when the API gives none; {@code eventId} is the id of the client event that caused it, {@code null} if none.
     */
    public record ApiError(
            @Nullable String code, String message, @Nullable String eventId) implements ServerEvent {}

    /** A well-formed event the conversation does not act on ({@code rate_limits.updated}, …). */
    public record Ignored(String type) implements ServerEvent {}

    /** Text that is not an event, or an event without a field the conversation needs; {@code why} says which. */
    public record Malformed(String why) implements ServerEvent {}

    /** Reads one event: the text of one WebSocket message. Never throws. */
    public static ServerEvent parse(String json) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new Malformed("not a JSON object");
            }
            Fields fields = new Fields();
            Malformed broken = fields.read(parser);
            if (broken != null) {
                return broken;
            }
            if (parser.nextToken() != null) {
                return new Malformed("text after the event's object");
            }
            return fields.event();
        } catch (JacksonException e) {
            return new Malformed("not JSON: " + e.getOriginalMessage());
        }
    }

    /** The fields any record carries, as one pass over an event finds them, in whatever order they come. */
    private static final class Fields {
        private boolean typeSeen;
        private @Nullable String type;
        private @Nullable String itemId;
        private @Nullable String responseId;
        private @Nullable String callId;
        private @Nullable String name;
        private @Nullable String arguments;
        private @Nullable String transcript;
        private @Nullable String delta;
        private byte @Nullable [] audio;
        private @Nullable Long audioStartMs;
        private @Nullable Long audioEndMs;
        private boolean response;
        private @Nullable String responseObjectId;
        private @Nullable String status;
        private long inputText;
        private long inputAudio;
        private long inputCached;
        private long outputText;
        private long outputAudio;
        private boolean error;
        private @Nullable String code;
        private @Nullable String message;
        private @Nullable String errorEventId;

        /** Reads the event's fields up to its closing brace; a delta that is not base64 ends the reading. */
        @Nullable
        Malformed read(JsonParser parser) {
            String field;
            while ((field = parser.nextName()) != null) {
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "type" -> {
                        typeSeen = true;
                        type = string(parser, token);
                    }
                    case "item_id" -> itemId = string(parser, token);
                    case "response_id" -> responseId = string(parser, token);
                    case "call_id" -> callId = string(parser, token);
                    case "name" -> name = string(parser, token);
                    case "arguments" -> arguments = string(parser, token);
                    case "transcript" -> transcript = string(parser, token);
                    case "audio_start_ms" -> audioStartMs = integer(parser, token);
                    case "audio_end_ms" -> audioEndMs = integer(parser, token);
                    case "delta" -> {
                        if (token == JsonToken.VALUE_STRING && isAudioDelta(type)) {
                            audio = base64(parser);
                            if (audio == null) {
                                return notBase64();
                            }
                        } else {
                            delta = string(parser, token);
                        }
                    }
                    case "response" -> {
                        response = token == JsonToken.START_OBJECT;
                        if (response) {
                            readResponse(parser);
                        } else {
                            parser.skipChildren();
                        }
                    }
                    case "error" -> {
                        error = token == JsonToken.START_OBJECT;
                        if (error) {
                            readError(parser);
                        } else {
                            parser.skipChildren();
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            return null;
        }

        private void readResponse(JsonParser parser) {
            String field;
            while ((field = parser.nextName()) != null) {
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "id" -> responseObjectId = string(parser, token);
                    case "status" -> status = string(parser, token);
                    case "usage" -> readObject(parser, token, this::readUsage);
                    default -> parser.skipChildren();
                }
            }
        }

        private void readUsage(JsonParser parser) {
            String field;
            while ((field = parser.nextName()) != null) {
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "input_token_details" -> readObject(parser, token, this::readInputTokens);
                    case "output_token_details" -> readObject(parser, token, this::readOutputTokens);
                    default -> parser.skipChildren();
                }
            }
        }

        private void readInputTokens(JsonParser parser) {
            String field;
            while ((field = parser.nextName()) != null) {
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "text_tokens" -> inputText = count(parser, token);
                    case "audio_tokens" -> inputAudio = count(parser, token);
                    case "cached_tokens" -> inputCached = count(parser, token);
                    default -> parser.skipChildren();
                }
            }
        }

        private void readOutputTokens(JsonParser parser) {
            String field;
            while ((field = parser.nextName()) != null) {
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "text_tokens" -> outputText = count(parser, token);
                    case "audio_tokens" -> outputAudio = count(parser, token);
                    default -> parser.skipChildren();
                }
            }
        }

        private void readError(JsonParser parser) {
            String field;
            while ((field = parser.nextName()) != null) {
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "code" -> code = string(parser, token);
                    case "message" -> message = string(parser, token);
                    case "event_id" -> errorEventId = string(parser, token);
                    default -> parser.skipChildren();
                }
            }
        }

        ServerEvent event() {
            if (type == null) {
                return new Malformed(typeSeen ? "type is not a string" : "event without a type");
            }
            return switch (type) {
                case "session.created" -> new SessionCreated();
                case "session.updated" -> new SessionUpdated();
                case "input_audio_buffer.speech_started" -> speechStarted();
                case "input_audio_buffer.speech_stopped" -> speechStopped();
                case "input_audio_buffer.committed" -> itemId == null ? missing("item_id") : new Committed(itemId);
                case "conversation.item.input_audio_transcription.completed" -> inputTranscribed();
                case "conversation.item.input_audio_transcription.failed" -> inputTranscriptionFailed();
                case "response.created" ->
                    response ? new ResponseCreated(responseObjectId) : missing("the response object");
                case "response.output_audio.delta", "response.audio.delta" -> audioDelta();
                case "response.output_audio.done", "response.audio.done" -> audioDone();
                case "response.output_audio_transcript.delta", "response.audio_transcript.delta" -> transcriptDelta();
                case "response.output_audio_transcript.done", "response.audio_transcript.done" -> transcriptDone();
                case "response.function_call_arguments.done" -> toolCall();
                case "response.done" -> responseDone();
                case "error" -> apiError();
                default -> new Ignored(type);
            };
        }

        private ServerEvent speechStarted() {
            if (itemId == null) {
                return missing("item_id");
            }
            if (audioStartMs == null) {
                return missing("audio_start_ms");
            }
            return new SpeechStarted(itemId, audioStartMs);
        }

        private ServerEvent speechStopped() {
            if (itemId == null) {
                return missing("item_id");
            }
            if (audioEndMs == null) {
                return missing("audio_end_ms");
            }
            return new SpeechStopped(itemId, audioEndMs);
        }

        private ServerEvent inputTranscribed() {
            if (itemId == null) {
                return missing("item_id");
            }
            if (transcript == null) {
                return missing("transcript");
            }
            return new InputTranscribed(itemId, transcript);
        }

        private ServerEvent inputTranscriptionFailed() {
            if (itemId == null) {
                return missing("item_id");
            }
            if (!error) {
                return missing("the error object");
            }
            return new InputTranscriptionFailed(itemId, message);
        }

        private ServerEvent audioDelta() {
            if (responseId == null) {
                return missing("response_id");
            }
            if (itemId == null) {
                return missing("item_id");
            }
            byte[] bytes = audio;
            if (bytes == null) {
                if (delta == null) {
                    return missing("delta");
                }
                // the delta came before the type, so it was kept as text
                try {
                    bytes = BASE64.decode(delta);
                } catch (IllegalArgumentException e) {
                    return notBase64();
                }
            }
            return new AudioDelta(responseId, itemId, bytes);
        }

        private ServerEvent audioDone() {
            if (responseId == null) {
                return missing("response_id");
            }
            if (itemId == null) {
                return missing("item_id");
            }
            return new AudioDone(responseId, itemId);
        }

        private ServerEvent transcriptDelta() {
            if (responseId == null) {
                return missing("response_id");
            }
            if (itemId == null) {
                return missing("item_id");
            }
            if (delta == null) {
                return missing("delta");
            }
            return new TranscriptDelta(responseId, itemId, delta);
        }

        private ServerEvent transcriptDone() {
            if (responseId == null) {
                return missing("response_id");
            }
            if (itemId == null) {
                return missing("item_id");
            }
            if (transcript == null) {
                return missing("transcript");
            }
            return new TranscriptDone(responseId, itemId, transcript);
        }

        private ServerEvent toolCall() {
            if (responseId == null) {
                return missing("response_id");
            }
            if (callId == null) {
                return missing("call_id");
            }
            if (name == null) {
                return missing("name");
            }
            if (arguments == null) {
                return missing("arguments");
            }
            return new ToolCall(responseId, callId, name, arguments);
        }

        private ServerEvent responseDone() {
            if (!response) {
                return missing("the response object");
            }
            return new ResponseDone(
                    responseObjectId, status, new Usage(inputText, inputAudio, inputCached, outputText, outputAudio));
        }

        private ServerEvent apiError() {
            if (!error) {
                return missing("the error object");
            }
            if (message == null) {
                return missing("error.message");
            }
            return new ApiError(code, message, errorEventId);
        }

        private Malformed missing(String field) {
            return new Malformed(type + " without " + field);
        }

        private Malformed notBase64() {
            return new Malformed(type + " with a delta that is not base64");
        }
    }

    private static boolean isAudioDelta(@Nullable String type) {
        return "response.output_audio.delta".equals(type) || "response.audio.delta".equals(type);
    }

    /**
     * The current string decoded from base64, read from the parser's own characters rather than a string made of
     * them; {@code null} if it is not base64.
     */
    private static byte @Nullable [] base64(JsonParser parser) {
        char[] chars = parser.getStringCharacters();
        int offset = parser.getStringOffset();
        int length = parser.getStringLength();
        byte[] ascii = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = chars[offset + i];
            if (c > 0x7F) {
                return null; // the alphabet is ASCII
            }
            ascii[i] = (byte) c;
        }
        try {
            return BASE64.decode(ascii);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The value if it is a string, else {@code null} with the value skipped. */
    private static @Nullable String string(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getString();
        }
        parser.skipChildren();
        return null;
    }

    /** The value if it is an integer that fits a long, else {@code null} with the value skipped. */
    private static @Nullable Long integer(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return parser.getLongValue();
        }
        parser.skipChildren();
        return null;
    }

    /** A token count: zero when absent or not an integer. */
    private static long count(JsonParser parser, JsonToken token) {
        Long value = integer(parser, token);
        return value == null ? 0 : value;
    }

    private static void readObject(JsonParser parser, JsonToken token, Consumer<JsonParser> reader) {
        if (token == JsonToken.START_OBJECT) {
            reader.accept(parser);
        } else {
            parser.skipChildren();
        }
    }
}
