package com.caly.voice.realtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events this server sends to the realtime API (GA shapes), as Jackson records written in snake_case. Absent
 * optional fields are left out, never sent as null: a null turn detection would switch detection off.
 */
public final class ClientEvents {

    static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .changeDefaultPropertyInclusion(include -> include.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private ClientEvents() {}

    public static String json(Object event) {
        return JSON.writeValueAsString(event);
    }

    public record SessionUpdate(String type, Session session) {
        public SessionUpdate(Session session) {
            this("session.update", session);
        }
    }

    public record Session(
            String type,
            String model,
            String instructions,
            List<String> outputModalities,
            Audio audio,
            List<Tool> tools,
            String toolChoice) {}

    public record Audio(Input input, Output output) {}

    public record Input(
            Format format,
            @Nullable NoiseReduction noiseReduction,
            @Nullable Transcription transcription,
            TurnDetection turnDetection) {}

    public record Output(Format format, String voice) {}

    /** {@code audio/pcmu} (8 kHz μ-law) or {@code audio/pcm} at 24 kHz. */
    public record Format(String type, @Nullable Integer rate) {
        public static final Format PCMU = new Format("audio/pcmu", null);
        public static final Format PCM_24K = new Format("audio/pcm", 24_000);
    }

    public record NoiseReduction(String type) {}

    public record Transcription(String model, @Nullable String language) {}

    /** server_vad (threshold, prefix padding, silence) or semantic_vad (eagerness). */
    public record TurnDetection(
            String type,
            @Nullable Double threshold,
            @Nullable Integer prefixPaddingMs,
            @Nullable Integer silenceDurationMs,
            @Nullable String eagerness,
            boolean createResponse,
            boolean interruptResponse) {}

    public record Tool(String type, String name, String description, Map<String, Object> parameters) {
        public Tool(String name, String description, Map<String, Object> parameters) {
            this("function", name, description, parameters);
        }
    }

    public record AudioAppend(String type, String audio) {
        public AudioAppend(String audio) {
            this("input_audio_buffer.append", audio);
        }

        /** The event as JSON, written directly: fifty times a second per call, and base64 needs no escaping. */
        public static String json(String base64Audio) {
            return "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + base64Audio + "\"}";
        }
    }

    public record ResponseCreate(String type, @Nullable ResponseOptions response) {
        public ResponseCreate(@Nullable ResponseOptions response) {
            this("response.create", response);
        }
    }

    /** Per-response overrides: instructions for this response only, and whether it joins the conversation. */
    public record ResponseOptions(
            @Nullable String instructions, @Nullable String conversation) {}

    public record ResponseCancel(String type, @Nullable String responseId) {
        public ResponseCancel(@Nullable String responseId) {
            this("response.cancel", responseId);
        }
    }

    public record Truncate(String type, String itemId, int contentIndex, long audioEndMs) {
        public Truncate(String itemId, long audioEndMs) {
            this("conversation.item.truncate", itemId, 0, audioEndMs);
        }
    }

    public record ItemCreate(String type, Item item) {
        public ItemCreate(Item item) {
            this("conversation.item.create", item);
        }
    }

    /** A conversation item: a function call's output, or a message carried over from an earlier session. */
    public record Item(
            String type,
            @Nullable String callId,
            @Nullable String output,
            @Nullable String role,
            @Nullable List<Content> content) {

        public static Item functionOutput(String callId, String output) {
            return new Item("function_call_output", callId, output, null, null);
        }

        public static Item userText(String text) {
            return new Item("message", null, null, "user", List.of(new Content("input_text", text)));
        }

        public static Item assistantText(String text) {
            return new Item("message", null, null, "assistant", List.of(new Content("output_text", text)));
        }
    }

    public record Content(String type, String text) {}
}
