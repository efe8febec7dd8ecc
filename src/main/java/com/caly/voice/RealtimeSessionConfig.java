package com.caly.voice;

import com.caly.voice.realtime.ClientEvents;
import java.util.List;

/**
 * The realtime session a call asks for: the company's model, voice, instructions and tools, the line's audio format
 * both ways, transcription of the caller, and turn detection with the model's own responses and interruptions off
 * (the conversation decides both).
 */
final class RealtimeSessionConfig {

    private RealtimeSessionConfig() {}

    static ClientEvents.Session session(AgentSettings agent, AudioPath audio, VoiceAgentRuntime runtime) {
        AgentSettings.TurnDetection turn = agent.turnDetection();
        boolean semantic = turn.type().equals("semantic_vad");
        ClientEvents.TurnDetection detection = new ClientEvents.TurnDetection(
                turn.type(),
                semantic ? null : turn.threshold(),
                semantic ? null : turn.prefixPaddingMs(),
                semantic ? null : turn.silenceDurationMs(),
                semantic ? turn.eagerness() : null,
                false,
                false);
        String language = agent.languages().size() == 1 ? agent.languages().get(0) : null;
        return new ClientEvents.Session(
                "realtime",
                agent.model(),
                Prompt.instructions(agent),
                List.of("audio"),
                new ClientEvents.Audio(
                        new ClientEvents.Input(
                                audio.format(),
                                new ClientEvents.NoiseReduction("near_field"),
                                new ClientEvents.Transcription(
                                        runtime.properties().transcriptionModel(), language),
                                detection),
                        new ClientEvents.Output(audio.format(), agent.voice())),
                runtime.tools().offered(agent),
                "auto");
    }
}
