package com.caly.voice.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.voice.fake.RealtimeSchemas.Problem;
import com.caly.voice.fake.RealtimeSchemas.Side;
import org.junit.jupiter.api.Test;

class RealtimeSchemasTests {

    private final RealtimeSchemas schemas = RealtimeSchemas.published();

    @Test
    void comesFromTheRecordedUpstreamCommitAndListsTheGaEvents() {
        assertThat(schemas.upstreamCommit()).isEqualTo("f85dbe223d40e1a31cba812ab2d755c7e98a92a3");
        assertThat(schemas.types(Side.CLIENT)).contains("session.update", "input_audio_buffer.append");
        assertThat(schemas.types(Side.SERVER)).contains("session.created", "response.output_audio.delta");
    }

    @Test
    void acceptsAnAudioDeltaWithEveryRequiredField() {
        assertThat(schemas.check(Side.SERVER, """
                {"event_id":"event_1","type":"response.output_audio.delta","response_id":"resp_1",
                 "item_id":"item_1","output_index":0,"content_index":0,"delta":"AAAA"}""")).isEmpty();
    }

    @Test
    void rejectsAnAudioDeltaWithoutItsOutputIndex() {
        assertThat(schemas.check(Side.SERVER, """
                {"event_id":"event_1","type":"response.output_audio.delta","response_id":"resp_1",
                 "item_id":"item_1","content_index":0,"delta":"AAAA"}"""))
                .containsExactly(new Problem(
                        "missing_required_parameter", "output_index", "Missing required parameter: 'output_index'."));
    }

    @Test
    void rejectsAServerEventWithoutAnEventId() {
        assertThat(schemas.check(Side.SERVER, """
                {"type":"input_audio_buffer.speech_stopped","audio_end_ms":900,"item_id":"item_1"}""")).extracting(Problem::param).containsExactly("event_id");
    }

    @Test
    void rejectsAnAssistantItemWhoseTranscriptIsOutsideItsContent() {
        assertThat(schemas.check(Side.SERVER, """
                {"event_id":"event_1","type":"response.output_item.added","response_id":"resp_1","output_index":0,
                 "item":{"id":"item_1","type":"message","role":"assistant","transcript":"Namaste!"}}"""))
                .as("the assistant message it meant to be, not the other kinds of item")
                .extracting(Problem::param)
                .containsExactlyInAnyOrder("item.content", "item.transcript");
        assertThat(schemas.check(Side.SERVER, """
                {"event_id":"event_1","type":"response.output_item.added","response_id":"resp_1","output_index":0,
                 "item":{"id":"item_1","object":"realtime.item","type":"message","status":"in_progress",
                  "role":"assistant","content":[{"type":"output_audio","transcript":"Namaste!"}]}}""")).isEmpty();
    }

    @Test
    void rejectsNullsTheSessionSchemaDoesNotAllow() {
        assertThat(schemas.check(Side.SERVER, """
                {"event_id":"event_1","type":"session.created","session":{"type":"realtime","object":"realtime.session",
                 "id":"sess_1","audio":{"input":{"transcription":null,"turn_detection":null}}}}"""))
                .extracting(Problem::code, Problem::param)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("invalid_type", "session.audio.input.transcription"));
    }

    @Test
    void rejectsAnEventTypeTheSchemasDoNotList() {
        assertThat(schemas.check(Side.CLIENT, "{\"type\":\"response.audio.delta\",\"delta\":\"AAAA\"}"))
                .extracting(Problem::code, Problem::param)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("invalid_value", "type"));
        assertThat(schemas.check(Side.SERVER, "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\"}}"))
                .as("a client event is not a server event")
                .isNotEmpty();
    }

    @Test
    void refusesAClientEventWithAnUnknownFieldOrAWrongType() {
        assertThat(schemas.check(Side.CLIENT, """
                {"type":"session.update","session":{"type":"realtime","temperature":0.8}}"""))
                .extracting(Problem::code, Problem::param)
                .contains(org.assertj.core.groups.Tuple.tuple("unknown_parameter", "session.temperature"));
        assertThat(schemas.check(Side.CLIENT, """
                {"type":"conversation.item.truncate","item_id":"item_1","content_index":0,"audio_end_ms":"900"}"""))
                .extracting(Problem::code, Problem::param)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("invalid_type", "audio_end_ms"));
    }

    @Test
    void acceptsTheSessionUpdateTheBridgeSends() {
        assertThat(schemas.check(Side.CLIENT, """
                {"type":"session.update","session":{"type":"realtime","model":"gpt-realtime",
                 "instructions":"Be brief.","output_modalities":["audio"],
                 "audio":{"input":{"format":{"type":"audio/pcmu"},"noise_reduction":{"type":"near_field"},
                   "transcription":{"model":"gpt-4o-mini-transcribe","language":"en"},
                   "turn_detection":{"type":"server_vad","threshold":0.5,"prefix_padding_ms":300,
                     "silence_duration_ms":500,"create_response":true,"interrupt_response":true}},
                  "output":{"format":{"type":"audio/pcmu"},"voice":"marin"}},
                 "tools":[{"type":"function","name":"lookup_order","description":"Finds an order.",
                   "parameters":{"type":"object","properties":{"id":{"type":"string"}}}}],
                 "tool_choice":"auto"}}""")).isEmpty();
    }
}
