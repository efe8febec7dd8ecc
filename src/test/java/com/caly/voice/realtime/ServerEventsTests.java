package com.caly.voice.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.voice.fake.RealtimeSchemas;
import com.caly.voice.fake.RealtimeSchemas.Side;
import com.caly.voice.realtime.ServerEvents.ApiError;
import com.caly.voice.realtime.ServerEvents.AudioDelta;
import com.caly.voice.realtime.ServerEvents.AudioDone;
import com.caly.voice.realtime.ServerEvents.Committed;
import com.caly.voice.realtime.ServerEvents.Ignored;
import com.caly.voice.realtime.ServerEvents.InputTranscribed;
import com.caly.voice.realtime.ServerEvents.InputTranscriptionFailed;
import com.caly.voice.realtime.ServerEvents.Malformed;
import com.caly.voice.realtime.ServerEvents.ResponseCreated;
import com.caly.voice.realtime.ServerEvents.ResponseDone;
import com.caly.voice.realtime.ServerEvents.ServerEvent;
import com.caly.voice.realtime.ServerEvents.SessionCreated;
import com.caly.voice.realtime.ServerEvents.SessionUpdated;
import com.caly.voice.realtime.ServerEvents.SpeechStarted;
import com.caly.voice.realtime.ServerEvents.SpeechStopped;
import com.caly.voice.realtime.ServerEvents.ToolCall;
import com.caly.voice.realtime.ServerEvents.TranscriptDelta;
import com.caly.voice.realtime.ServerEvents.TranscriptDone;
import com.caly.voice.realtime.ServerEvents.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class ServerEventsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** μ-law bytes as the API sends them, silence (0xFF) included. */
    private static final byte[] AUDIO = {(byte) 0xFF, (byte) 0x7F, 0x00, (byte) 0x80, 0x12, (byte) 0xFE, 0x3C};

    private static final String AUDIO_BASE64 = Base64.getEncoder().encodeToString(AUDIO);

    // ---- realistic events, each checked against the published schema first

    private static final String SESSION_CREATED = """
            {"event_id":"event_C1","type":"session.created","session":{"type":"realtime","object":"realtime.session",
             "id":"sess_C1","model":"gpt-realtime","output_modalities":["audio"],"instructions":"Be brief.",
             "audio":{"input":{"format":{"type":"audio/pcmu"},
               "turn_detection":{"type":"server_vad","threshold":0.5,"prefix_padding_ms":300,"silence_duration_ms":500,
                "create_response":true,"interrupt_response":true}},
              "output":{"format":{"type":"audio/pcmu"},"voice":"marin","speed":1.0}},
             "tools":[{"type":"function","name":"end_call","description":"End the call",
               "parameters":{"type":"object"}}],
             "tool_choice":"auto","max_output_tokens":"inf"}}""";

    private static final String SPEECH_STARTED = """
            {"event_id":"event_S1","type":"input_audio_buffer.speech_started","audio_start_ms":1000,
             "item_id":"item_U1"}""";

    private static final String SPEECH_STOPPED = """
            {"event_id":"event_S2","type":"input_audio_buffer.speech_stopped","audio_end_ms":2350,
             "item_id":"item_U1"}""";

    private static final String COMMITTED = """
            {"event_id":"event_S3","type":"input_audio_buffer.committed","previous_item_id":"item_A0",
             "item_id":"item_U1"}""";

    private static final String TRANSCRIBED = """
            {"event_id":"event_T1","type":"conversation.item.input_audio_transcription.completed",
             "item_id":"item_U1","content_index":0,"transcript":"Haan, mera order kahan hai?",
             "usage":{"type":"tokens","input_tokens":14,"input_token_details":{"text_tokens":0,"audio_tokens":14},
              "output_tokens":9,"total_tokens":23}}""";

    private static final String TRANSCRIPTION_FAILED = """
            {"event_id":"event_T2","type":"conversation.item.input_audio_transcription.failed","item_id":"item_U1",
             "content_index":0,"error":{"type":"transcription_error","code":"audio_unintelligible",
              "message":"The audio could not be transcribed."}}""";

    private static final String RESPONSE_CREATED = """
            {"event_id":"event_R1","type":"response.created","response":{"id":"resp_R1","object":"realtime.response",
             "status":"in_progress","output":[],"conversation_id":"conv_1","output_modalities":["audio"]}}""";

    private static final String AUDIO_DELTA = """
            {"event_id":"event_A1","type":"response.output_audio.delta","response_id":"resp_R1","item_id":"item_A1",
             "output_index":0,"content_index":0,"delta":"%s"}""".formatted(AUDIO_BASE64);

    private static final String AUDIO_DONE = """
            {"event_id":"event_A2","type":"response.output_audio.done","response_id":"resp_R1","item_id":"item_A1",
             "output_index":0,"content_index":0}""";

    private static final String TRANSCRIPT_DELTA = """
            {"event_id":"event_A3","type":"response.output_audio_transcript.delta","response_id":"resp_R1",
             "item_id":"item_A1","output_index":0,"content_index":0,"delta":"Aapka order "}""";

    private static final String TRANSCRIPT_DONE = """
            {"event_id":"event_A4","type":"response.output_audio_transcript.done","response_id":"resp_R1",
             "item_id":"item_A1","output_index":0,"content_index":0,
             "transcript":"Aapka order kal pahunchega. \\u0927\\u0928\\u094d\\u092f\\u0935\\u093e\\u0926"}""";

    private static final String TOOL_CALL = """
            {"event_id":"event_F1","type":"response.function_call_arguments.done","response_id":"resp_R1",
             "item_id":"item_F1","output_index":1,"call_id":"call_F1","name":"lookup_order",
             "arguments":"{\\"order_id\\":\\"A-1042\\"}"}""";

    private static final String RESPONSE_DONE = """
            {"event_id":"event_R2","type":"response.done","response":{"id":"resp_R1","object":"realtime.response",
             "status":"completed","conversation_id":"conv_1","output_modalities":["audio"],
             "output":[
              {"id":"item_A1","object":"realtime.item","type":"message","status":"completed","role":"assistant",
               "content":[{"type":"output_audio","transcript":"Aapka order kal pahunchega."}]},
              {"id":"item_F1","object":"realtime.item","type":"function_call","status":"completed",
               "call_id":"call_F1","name":"lookup_order","arguments":"{\\"order_id\\":\\"A-1042\\"}"}],
             "usage":{"total_tokens":1650,"input_tokens":1200,"output_tokens":450,
              "input_token_details":{"text_tokens":900,"audio_tokens":300,"image_tokens":0,"cached_tokens":768,
               "cached_tokens_details":{"text_tokens":700,"audio_tokens":68,"image_tokens":0}},
              "output_token_details":{"text_tokens":90,"audio_tokens":360}}}}""";

    private static final String ERROR = """
            {"event_id":"event_E1","type":"error","error":{"type":"invalid_request_error",
             "code":"conversation_already_has_active_response",
             "message":"Conversation already has an active response in progress: resp_R1.","param":null,
             "event_id":"client_7"}}""";

    @Test
    void readsTheSessionEvents() {
        assertThat(parseValid(SESSION_CREATED)).isEqualTo(new SessionCreated());
        assertThat(parseValid(SESSION_CREATED.replace("session.created", "session.updated")))
                .isEqualTo(new SessionUpdated());
    }

    @Test
    void readsTheCallersSpeechAndItsCommit() {
        assertThat(parseValid(SPEECH_STARTED)).isEqualTo(new SpeechStarted("item_U1", 1000));
        assertThat(parseValid(SPEECH_STOPPED)).isEqualTo(new SpeechStopped("item_U1", 2350));
        assertThat(parseValid(COMMITTED)).isEqualTo(new Committed("item_U1"));
    }

    @Test
    void readsTheCallersTranscriptOrItsFailure() {
        assertThat(parseValid(TRANSCRIBED)).isEqualTo(new InputTranscribed("item_U1", "Haan, mera order kahan hai?"));
        ObjectNode byDuration = (ObjectNode) JSON.readTree(TRANSCRIBED);
        byDuration.putObject("usage").put("type", "duration").put("seconds", 1.35);
        assertThat(parseValid(JSON.writeValueAsString(byDuration)))
                .isEqualTo(new InputTranscribed("item_U1", "Haan, mera order kahan hai?"));
        assertThat(parseValid(TRANSCRIPTION_FAILED))
                .isEqualTo(new InputTranscriptionFailed("item_U1", "The audio could not be transcribed."));
        assertThat(parseValid("""
                {"event_id":"event_T2","type":"conversation.item.input_audio_transcription.failed",
                 "item_id":"item_U1","content_index":0,"error":{}}"""))
                .as("the error's fields are all optional")
                .isEqualTo(new InputTranscriptionFailed("item_U1", null));
    }

    @Test
    void readsTheResponseCreated() {
        assertThat(parseValid(RESPONSE_CREATED)).isEqualTo(new ResponseCreated("resp_R1"));
    }

    @Test
    void decodesAnAudioDeltaUnderItsGaAndBetaNames() {
        AudioDelta expected = new AudioDelta("resp_R1", "item_A1", AUDIO);
        assertThat(parseValid(AUDIO_DELTA)).isEqualTo(expected);
        assertThat(ServerEvents.parse(AUDIO_DELTA.replace("response.output_audio.delta", "response.audio.delta")))
                .isEqualTo(expected);
        assertThat(((AudioDelta) ServerEvents.parse(AUDIO_DELTA)).audio()).containsExactly(AUDIO);
        assertThat(expected.toString()).contains("7 bytes").doesNotContain("[B@");
    }

    @Test
    void decodesTheAudioTheSameWhenItComesBeforeTheType() {
        String deltaFirst = """
                {"delta":"%s","event_id":"event_A1","response_id":"resp_R1","item_id":"item_A1","output_index":0,
                 "content_index":0,"type":"response.output_audio.delta"}""".formatted(AUDIO_BASE64);
        assertThat(parseValid(deltaFirst)).isEqualTo(new AudioDelta("resp_R1", "item_A1", AUDIO));
    }

    @Test
    void readsTheEndOfTheAudioUnderItsGaAndBetaNames() {
        AudioDone expected = new AudioDone("resp_R1", "item_A1");
        assertThat(parseValid(AUDIO_DONE)).isEqualTo(expected);
        assertThat(ServerEvents.parse(AUDIO_DONE.replace("response.output_audio.done", "response.audio.done")))
                .isEqualTo(expected);
    }

    @Test
    void readsTheAgentsTranscriptUnderItsGaAndBetaNames() {
        TranscriptDelta delta = new TranscriptDelta("resp_R1", "item_A1", "Aapka order ");
        assertThat(parseValid(TRANSCRIPT_DELTA)).isEqualTo(delta);
        assertThat(ServerEvents.parse(TRANSCRIPT_DELTA.replace(
                        "response.output_audio_transcript.delta", "response.audio_transcript.delta")))
                .isEqualTo(delta);
        TranscriptDone done = new TranscriptDone("resp_R1", "item_A1", "Aapka order kal pahunchega. धन्यवाद");
        assertThat(parseValid(TRANSCRIPT_DONE)).isEqualTo(done);
        assertThat(ServerEvents.parse(TRANSCRIPT_DONE.replace(
                        "response.output_audio_transcript.done", "response.audio_transcript.done")))
                .isEqualTo(done);
    }

    @Test
    void readsAToolCall() {
        assertThat(parseValid(TOOL_CALL))
                .isEqualTo(new ToolCall("resp_R1", "call_F1", "lookup_order", "{\"order_id\":\"A-1042\"}"));
    }

    @Test
    void readsTheResponseDoneWithItsTokensAndNotTheOutputItemsFields() {
        ResponseDone done = (ResponseDone) parseValid(RESPONSE_DONE);
        assertThat(done).isEqualTo(new ResponseDone("resp_R1", "completed", new Usage(900, 300, 768, 90, 360)));
        assertThat(done.completed()).isTrue();
    }

    @Test
    void readsAResponseDoneWithoutUsageAsZeroTokens() {
        assertThat(parseValid("""
                {"event_id":"event_R2","type":"response.done","response":{"id":"resp_R1","object":"realtime.response",
                 "status":"cancelled","status_details":{"type":"cancelled","reason":"turn_detected"},"output":[]}}""")).isEqualTo(new ResponseDone("resp_R1", "cancelled", Usage.NONE));
        assertThat(parseValid("""
                {"event_id":"event_R2","type":"response.done","response":{"id":"resp_R1","status":"failed",
                 "usage":{"total_tokens":0}}}""")).isEqualTo(new ResponseDone("resp_R1", "failed", Usage.NONE));
    }

    @Test
    void readsAResponseWithoutIdOrStatusAsTheSchemaAllows() {
        ResponseDone done =
                (ResponseDone) parseValid("{\"event_id\":\"e\",\"type\":\"response.done\",\"response\":{}}");
        assertThat(done).isEqualTo(new ResponseDone(null, null, Usage.NONE));
        assertThat(done.completed()).isFalse();
        assertThat(parseValid("{\"event_id\":\"e\",\"type\":\"response.created\",\"response\":{}}"))
                .isEqualTo(new ResponseCreated(null));
    }

    @Test
    void readsAnErrorWithOrWithoutItsCode() {
        assertThat(parseValid(ERROR))
                .isEqualTo(new ApiError(
                        "conversation_already_has_active_response",
                        "Conversation already has an active response in progress: resp_R1.",
                        "client_7"));
        assertThat(parseValid("""
                {"event_id":"event_E2","type":"error","error":{"type":"server_error","code":null,
                 "message":"The server had an error.","event_id":null}}""")).isEqualTo(new ApiError(null, "The server had an error.", null));
        assertThat(parseValid("""
                {"event_id":"event_E3","type":"error","error":{"type":"invalid_request_error",
                 "message":"Missing required parameter."}}""")).isEqualTo(new ApiError(null, "Missing required parameter.", null));
    }

    @Test
    void ignoresTheEventsTheConversationDoesNotActOn() {
        assertThat(parseValid("""
                {"event_id":"event_L1","type":"rate_limits.updated","rate_limits":[
                 {"name":"requests","limit":1000,"remaining":999,"reset_seconds":60},
                 {"name":"tokens","limit":50000,"remaining":49000,"reset_seconds":1.2}]}""")).isEqualTo(new Ignored("rate_limits.updated"));
        assertThat(parseValid("""
                {"event_id":"event_O1","type":"response.output_item.done","response_id":"resp_R1","output_index":1,
                 "item":{"id":"item_F1","object":"realtime.item","type":"function_call","status":"completed",
                  "call_id":"call_F1","name":"lookup_order","arguments":"{}"}}""")).isEqualTo(new Ignored("response.output_item.done"));
        assertThat(ServerEvents.parse("{\"type\":\"conversation.item.created\",\"item\":{}}"))
                .as("the beta name of conversation.item.added")
                .isEqualTo(new Ignored("conversation.item.created"));
        assertThat(ServerEvents.parse("{\"type\":\"response.thinking.delta\",\"delta\":{\"n\":[1,2]}}"))
                .as("a type the schemas do not know yet")
                .isEqualTo(new Ignored("response.thinking.delta"));
    }

    // ---- malformed

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "nope", "{", "{\"type\":\"session.created\"", "{\"type\":}"})
    void reportsTextThatIsNotJson(String text) {
        assertThat(ServerEvents.parse(text))
                .isInstanceOfSatisfying(
                        Malformed.class,
                        malformed -> assertThat(malformed.why()).matches("not JSON.*|not a JSON object"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[{\"type\":\"session.created\"}]", "42", "\"session.created\"", "null", "true"})
    void reportsJsonThatIsNotAnObject(String text) {
        assertThat(ServerEvents.parse(text)).isEqualTo(new Malformed("not a JSON object"));
    }

    @Test
    void reportsAnEventWithoutAStringType() {
        assertThat(ServerEvents.parse("{\"event_id\":\"e\",\"item_id\":\"item_U1\"}"))
                .isEqualTo(new Malformed("event without a type"));
        assertThat(ServerEvents.parse("{\"type\":7,\"item_id\":\"item_U1\"}"))
                .isEqualTo(new Malformed("type is not a string"));
        assertThat(ServerEvents.parse("{\"type\":null}")).isEqualTo(new Malformed("type is not a string"));
        assertThat(ServerEvents.parse("{\"type\":{\"name\":\"error\"}}"))
                .isEqualTo(new Malformed("type is not a string"));
    }

    @Test
    void reportsTextAfterTheEvent() {
        assertThat(ServerEvents.parse(SPEECH_STARTED + SPEECH_STOPPED))
                .isEqualTo(new Malformed("text after the event's object"));
        assertThat(ServerEvents.parse(SPEECH_STARTED + " ]")).isInstanceOf(Malformed.class);
        assertThat(ServerEvents.parse(SPEECH_STARTED + "\n")).isEqualTo(new SpeechStarted("item_U1", 1000));
    }

    @Test
    void reportsAnAudioDeltaCutShort() {
        assertThat(ServerEvents.parse(AUDIO_DELTA.substring(0, AUDIO_DELTA.indexOf(AUDIO_BASE64) + 4)))
                .isInstanceOf(Malformed.class);
    }

    static Stream<Arguments> requiredFields() {
        return Stream.of(
                Arguments.of(SPEECH_STARTED, "item_id"),
                Arguments.of(SPEECH_STARTED, "audio_start_ms"),
                Arguments.of(SPEECH_STOPPED, "item_id"),
                Arguments.of(SPEECH_STOPPED, "audio_end_ms"),
                Arguments.of(COMMITTED, "item_id"),
                Arguments.of(TRANSCRIBED, "item_id"),
                Arguments.of(TRANSCRIBED, "transcript"),
                Arguments.of(TRANSCRIPTION_FAILED, "item_id"),
                Arguments.of(TRANSCRIPTION_FAILED, "error"),
                Arguments.of(RESPONSE_CREATED, "response"),
                Arguments.of(AUDIO_DELTA, "response_id"),
                Arguments.of(AUDIO_DELTA, "item_id"),
                Arguments.of(AUDIO_DELTA, "delta"),
                Arguments.of(AUDIO_DONE, "response_id"),
                Arguments.of(AUDIO_DONE, "item_id"),
                Arguments.of(TRANSCRIPT_DELTA, "response_id"),
                Arguments.of(TRANSCRIPT_DELTA, "item_id"),
                Arguments.of(TRANSCRIPT_DELTA, "delta"),
                Arguments.of(TRANSCRIPT_DONE, "response_id"),
                Arguments.of(TRANSCRIPT_DONE, "item_id"),
                Arguments.of(TRANSCRIPT_DONE, "transcript"),
                Arguments.of(TOOL_CALL, "response_id"),
                Arguments.of(TOOL_CALL, "call_id"),
                Arguments.of(TOOL_CALL, "name"),
                Arguments.of(TOOL_CALL, "arguments"),
                Arguments.of(RESPONSE_DONE, "response"),
                Arguments.of(ERROR, "error"),
                Arguments.of(ERROR, "error.message"));
    }

    @ParameterizedTest
    @MethodSource("requiredFields")
    void reportsAnEventWithoutAFieldTheSchemaRequiresAndTheConversationNeeds(String valid, String field) {
        ObjectNode event = (ObjectNode) JSON.readTree(valid);
        String type = event.path("type").asString();
        String why = type + " without "
                + (field.equals("response") || field.equals("error") ? "the " + field + " object" : field);

        assertThat(ServerEvents.parse(JSON.writeValueAsString(without(event.deepCopy(), field))))
                .isEqualTo(new Malformed(why));

        ObjectNode wrongType = event.deepCopy();
        ObjectNode parent =
                field.contains(".") ? (ObjectNode) wrongType.path(field.substring(0, field.indexOf('.'))) : wrongType;
        String name = field.substring(field.indexOf('.') + 1);
        parent.set(
                name,
                parent.path(name).isString()
                        ? JsonNodeFactory.instance.numberNode(7)
                        : JsonNodeFactory.instance.stringNode("7"));
        assertThat(ServerEvents.parse(JSON.writeValueAsString(wrongType)))
                .as("a value of the wrong type counts as absent")
                .isEqualTo(new Malformed(why));
        parent.putNull(name);
        assertThat(ServerEvents.parse(JSON.writeValueAsString(wrongType))).isEqualTo(new Malformed(why));
    }

    private static ObjectNode without(ObjectNode event, String field) {
        if (field.contains(".")) {
            ((ObjectNode) event.path(field.substring(0, field.indexOf('.'))))
                    .remove(field.substring(field.indexOf('.') + 1));
        } else {
            event.remove(field);
        }
        return event;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"not base64!", "AAAAA", "A", "AA=A", "AA-_", "AAAA=AAA", "AAAA AAAA", "\\u00e9AAA", "\\u0141AAA"
            })
    void reportsAnAudioDeltaThatIsNotBase64WhereverTheTypeComes(String delta) {
        Malformed expected = new Malformed("response.output_audio.delta with a delta that is not base64");
        assertThat(ServerEvents.parse(audioDelta(delta, true))).isEqualTo(expected);
        assertThat(ServerEvents.parse(audioDelta(delta, false))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "AAAA", "AAA", "AAA=", "AA", "AA==", "/+/+", "\\/+\\/+", "AAECAwQFBgcICQ=="})
    void decodesValidBase64AsTheJdkDoesWhereverTheTypeComes(String delta) {
        byte[] jdk = Base64.getDecoder().decode(delta.replace("\\/", "/"));
        AudioDelta expected = new AudioDelta("resp_R1", "item_A1", jdk);
        assertThat(ServerEvents.parse(audioDelta(delta, true))).isEqualTo(expected);
        assertThat(ServerEvents.parse(audioDelta(delta, false))).isEqualTo(expected);
    }

    private static String audioDelta(String delta, boolean typeFirst) {
        String type = "\"type\":\"response.output_audio.delta\"";
        String rest = "\"response_id\":\"resp_R1\",\"item_id\":\"item_A1\",\"delta\":\"" + delta + "\"";
        return typeFirst ? "{" + type + "," + rest + "}" : "{" + rest + "," + type + "}";
    }

    // ---- everything the schemas list

    /** The types that have a record; every other type the schemas list is {@link Ignored}. */
    private static final Map<String, Class<? extends ServerEvent>> TYPED = Map.ofEntries(
            Map.entry("session.created", SessionCreated.class),
            Map.entry("session.updated", SessionUpdated.class),
            Map.entry("input_audio_buffer.speech_started", SpeechStarted.class),
            Map.entry("input_audio_buffer.speech_stopped", SpeechStopped.class),
            Map.entry("input_audio_buffer.committed", Committed.class),
            Map.entry("conversation.item.input_audio_transcription.completed", InputTranscribed.class),
            Map.entry("conversation.item.input_audio_transcription.failed", InputTranscriptionFailed.class),
            Map.entry("response.created", ResponseCreated.class),
            Map.entry("response.output_audio.delta", AudioDelta.class),
            Map.entry("response.output_audio.done", AudioDone.class),
            Map.entry("response.output_audio_transcript.delta", TranscriptDelta.class),
            Map.entry("response.output_audio_transcript.done", TranscriptDone.class),
            Map.entry("response.function_call_arguments.done", ToolCall.class),
            Map.entry("response.done", ResponseDone.class),
            Map.entry("error", ApiError.class));

    /** The beta names the Python SDK's beta types use for GA events (the schema file's beta section uses GA names). */
    private static final Map<String, String> BETA_NAMES = Map.of(
            "response.audio.delta", "response.output_audio.delta",
            "response.audio.done", "response.output_audio.done",
            "response.audio_transcript.delta", "response.output_audio_transcript.delta",
            "response.audio_transcript.done", "response.output_audio_transcript.done");

    @Test
    void readsAMinimalAndAFullExampleOfEveryServerEventTheSchemasListAsTypedOrIgnored() throws IOException {
        JsonNode events = schemaFile().path("events");
        RealtimeSchemas schemas = RealtimeSchemas.published();
        assertThat(schemas.types(Side.SERVER)).containsAll(TYPED.keySet());
        List<String> checked = new ArrayList<>();
        for (String section : List.of("server", "beta_server")) {
            events.path(section).properties().forEach(entry -> {
                String type = entry.getKey();
                JsonNode schema = entry.getValue().path("schema");
                for (boolean full : new boolean[] {false, true}) {
                    String example = JSON.writeValueAsString(example(schema, full));
                    if (section.equals("server")) {
                        assertThat(schemas.check(Side.SERVER, example))
                                .as(
                                        "the %s example of %s is schema-valid: %s",
                                        full ? "full" : "minimal", type, example)
                                .isEmpty();
                    }
                    assertParsedAsTyped(type, type, example);
                    checked.add(section + " " + type);
                }
            });
        }
        BETA_NAMES.forEach((beta, ga) -> {
            for (boolean full : new boolean[] {false, true}) {
                ObjectNode example =
                        (ObjectNode) example(events.path("server").path(ga).path("schema"), full);
                example.put("type", beta);
                assertParsedAsTyped(beta, ga, JSON.writeValueAsString(example));
            }
        });
        assertThat(checked).hasSizeGreaterThan(150);
    }

    private static void assertParsedAsTyped(String type, String gaType, String example) {
        ServerEvent event = ServerEvents.parse(example);
        Class<? extends ServerEvent> expected = TYPED.get(gaType);
        if (expected == null) {
            assertThat(event).as("%s: %s", type, example).isEqualTo(new Ignored(type));
        } else {
            assertThat(event).as("%s: %s", type, example).isInstanceOf(expected);
        }
    }

    /**
     * An instance of the schema: with only the required fields (minimal), or with every declared field and one item
     * in each array (full). The first branch of an anyOf/oneOf, the first enum value, the minimum number, and the
     * empty string, which is also valid base64.
     */
    private static JsonNode example(JsonNode schema, boolean full) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        for (String choice : List.of("anyOf", "oneOf")) {
            if (schema.has(choice)) {
                return example(schema.get(choice).get(0), full);
            }
        }
        String type = schema.path("type").asString("object");
        switch (type) {
            case "object" -> {
                ObjectNode object = nodes.objectNode();
                List<String> names = new ArrayList<>();
                if (full) {
                    schema.path("properties").propertyNames().forEach(names::add);
                } else {
                    schema.path("required").forEach(name -> names.add(name.asString()));
                }
                for (String name : names) {
                    object.set(name, example(schema.path("properties").path(name), full));
                }
                return object;
            }
            case "array" -> {
                ArrayNode array = nodes.arrayNode();
                int items = Math.max(schema.path("minItems").asInt(0), full ? 1 : 0);
                for (int i = 0; i < items; i++) {
                    array.add(example(schema.path("items"), full));
                }
                return array;
            }
            case "string" -> {
                String pattern = schema.path("pattern").asString("");
                if (pattern.isEmpty()) {
                    return nodes.stringNode("");
                }
                assertThat(pattern).as("the one pattern the schemas use").isEqualTo("^tunnel_[a-z0-9]{32}$");
                return nodes.stringNode("tunnel_" + "0".repeat(32));
            }
            case "integer" -> {
                return nodes.numberNode(schema.path("minimum").asLong(0));
            }
            case "number" -> {
                return nodes.numberNode(schema.path("minimum").asDouble(0));
            }
            case "boolean" -> {
                return nodes.booleanNode(false);
            }
            case "null" -> {
                return nodes.nullNode();
            }
            default -> throw new IllegalArgumentException("no example for a " + type + ": " + schema);
        }
    }

    private static JsonNode schemaFile() throws IOException {
        try (InputStream in = ServerEventsTests.class.getResourceAsStream("/openai-realtime-schemas.json")) {
            return JSON.readTree(in);
        }
    }

    /** Parses an event after checking that the published schema accepts it, so the example is one the API may send. */
    private static ServerEvent parseValid(String json) {
        assertThat(RealtimeSchemas.published().check(Side.SERVER, json))
                .as("schema-valid: %s", json)
                .isEmpty();
        return ServerEvents.parse(json);
    }
}
