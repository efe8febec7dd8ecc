package com.caly.voice.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientEventsTests {

    @Test
    void writesTheAppendDirectlyAsJacksonWouldWriteIt() {
        assertThat(ClientEvents.AudioAppend.json("AAEC/w=="))
                .isEqualTo(ClientEvents.json(new ClientEvents.AudioAppend("AAEC/w==")))
                .isEqualTo("{\"type\":\"input_audio_buffer.append\",\"audio\":\"AAEC/w==\"}");
    }

    @Test
    void writesSnakeCaseAndLeavesOutWhatIsNotSet() {
        String update = ClientEvents.json(new ClientEvents.SessionUpdate(new ClientEvents.Session(
                "realtime",
                "gpt-realtime",
                "Be brief.",
                List.of("audio"),
                new ClientEvents.Audio(
                        new ClientEvents.Input(
                                ClientEvents.Format.PCMU,
                                null,
                                new ClientEvents.Transcription("gpt-4o-mini-transcribe", null),
                                new ClientEvents.TurnDetection("server_vad", 0.5, 300, 500, null, false, false)),
                        new ClientEvents.Output(ClientEvents.Format.PCMU, "marin")),
                List.of(new ClientEvents.Tool("end_call", "End the call", Map.of("type", "object"))),
                "auto")));
        assertThat(update)
                .contains("\"type\":\"session.update\"")
                .contains("\"output_modalities\":[\"audio\"]")
                .contains("\"format\":{\"type\":\"audio/pcmu\"}")
                .contains(
                        "\"turn_detection\":{\"type\":\"server_vad\",\"threshold\":0.5,\"prefix_padding_ms\":300,\"silence_duration_ms\":500,\"create_response\":false,\"interrupt_response\":false}")
                .contains("\"tools\":[{\"type\":\"function\",\"name\":\"end_call\"")
                .contains("\"tool_choice\":\"auto\"")
                .doesNotContain("noise_reduction")
                .doesNotContain("eagerness")
                .doesNotContain("null");
    }
}
