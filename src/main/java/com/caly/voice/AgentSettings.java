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
 * @param interruptions how the agent takes the caller speaking over it
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
        Interruptions interruptions,
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

    /**
     * How the agent takes the caller speaking over it.
     *
     * @param mode pause_resume (default): the agent pauses at once and resumes from where the caller stopped hearing it
     *     when the words were a backchannel or nothing intelligible came within resumeAfterMs, else it is interrupted;
     *     talk_through: the agent goes on over short speech and stops only for speech longer than a backchannel;
     *     immediate: any speech over the agent interrupts it
     * @param resumeAfterMs pause_resume: how long after the caller stops the agent waits for their words before resuming
     * @param echoGuardMs speech in the first milliseconds of each agent turn is taken for the agent's own echo and ignored
     */
    public record Interruptions(String mode, int resumeAfterMs, int echoGuardMs) {

        public static final List<String> MODES = List.of("pause_resume", "talk_through", "immediate");
        public static final Interruptions DEFAULT = new Interruptions("pause_resume", 700, 200);
    }
}
