package com.caly.voice;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How a company's voice agent behaves. The order-status secret is never part of it: only whether one is set.
 *
 * @param maxCallSeconds after this long the agent hands the caller to a person
 * @param backchannels per language, the short words a caller says while listening ("haan", "hmm") that must not
 *     stop the agent
 */
public record AgentSettings(
        String instructions,
        String greeting,
        String voice,
        List<String> languages,
        String model,
        TurnDetection turnDetection,
        int maxCallSeconds,
        HandoffRules handoffRules,
        String businessFacts,
        Set<String> enabledTools,
        @Nullable String orderStatusUrl,
        boolean orderStatusSecretSet,
        Map<String, List<String>> backchannels,
        int version,
        @Nullable Instant updatedAt) {

    public static final List<String> VOICES =
            List.of("alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar");
    public static final List<String> LANGUAGES =
            List.of("en", "hi", "bn", "gu", "kn", "ml", "mr", "pa", "ta", "te", "ur");
    public static final List<String> TOOLS =
            List.of("lookup_order", "create_return_request", "escalate_to_human", "end_call");

    /**
     * @param type server_vad (energy) or semantic_vad (meaning)
     * @param threshold server_vad's activation level, 0 to 1
     * @param prefixPaddingMs audio kept from before speech starts
     * @param silenceDurationMs silence that ends a turn (server_vad)
     * @param eagerness semantic_vad: low, medium, high or auto
     */
    public record TurnDetection(
            String type, double threshold, int prefixPaddingMs, int silenceDurationMs, String eagerness) {

        public static final TurnDetection DEFAULT = new TurnDetection("server_vad", 0.5, 300, 500, "auto");
    }

    /**
     * When the agent hands the caller to a person, besides the escalate tool's own judgement.
     *
     * @param onRequest as soon as the caller asks for a person
     * @param topics subjects the agent never handles itself
     * @param afterFailedAttempts after this many tool failures in a call (0: never for that reason)
     */
    public record HandoffRules(boolean onRequest, List<String> topics, int afterFailedAttempts) {

        public static final HandoffRules DEFAULT = new HandoffRules(true, List.of(), 2);
    }
}
