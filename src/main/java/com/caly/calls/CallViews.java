package com.caly.calls;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the call API returns, and how each is read from its row. */
final class CallViews {

    static final String ITEM_COLUMNS = """
            c.id, c.channel, c.direction, c.from_number, c.to_number, c.status, c.outcome, c.intent, c.sentiment, c.escalated,
            c.end_reason, c.started_at, c.answered_at, c.ended_at, c.duration_seconds,
            (c.recording_url is not null) as has_recording""";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private CallViews() {}

    record CallItem(
            String id,

            @Schema(
                    allowableValues = {"phone", "web"},
                    description = "phone: carried by the telephony provider; web: a test call from the console")
            String channel,

            @Schema(allowableValues = {"inbound", "outbound"})
            String direction,

            @Nullable String from,
            @Nullable String to,

            @Schema(
                    allowableValues = {
                        "initiated",
                        "ringing",
                        "in_progress",
                        "completed",
                        "busy",
                        "no_answer",
                        "failed",
                        "canceled",
                        "refused"
                    })
            String status,

            @Schema(allowableValues = {"resolved", "escalated", "abandoned", "voicemail", "failed", "unresolved"})
            @Nullable
            String outcome,

            @Nullable String intent,
            @Nullable String sentiment,
            boolean escalated,
            @Nullable String endReason,
            Instant startedAt,
            @Nullable Instant answeredAt,
            @Nullable Instant endedAt,
            @Nullable Integer durationSeconds,
            boolean hasRecording) {}

    record CallDetail(
            CallItem call,
            @Nullable String summary,
            @Nullable Long recordingDurationMs,
            List<Utterance> transcript,
            List<Action> actions,
            List<ReturnRequest> returns,
            List<Escalation> escalations,
            List<Charge> charges,
            List<Turn> turns,
            @Nullable VoiceStats voice,
            List<ProviderAnomalyView> providerAnomalies,

            @Schema(
                    description = "What the company's redaction took out of the call's transcript, by category"
                            + " (card, aadhaar, pan, ifsc, account, phone, email); empty when nothing was"
                            + " redacted or redaction is off",
                    example = "{\"card\": 1, \"phone\": 2}")
            Map<String, Integer> redactions) {}

    /** A figure the provider reported that was ignored or cut (README, "Provider figures"), and when. */
    record ProviderAnomalyView(
            String field,
            String reported,
            String problem,
            @Nullable String used,
            @Nullable Instant at) {}

    record Utterance(
            int sequence,
            String speaker,
            String text,
            long startMs,
            long endMs,
            boolean interrupted,
            @Nullable String language) {}

    record Action(
            String id,
            @Nullable String callId,
            String tool,
            JsonNode arguments,
            @Nullable JsonNode result,

            @Schema(allowableValues = {"ok", "error", "invalid_arguments", "timeout"})
            String status,

            int durationMs,
            Instant createdAt) {}

    record ReturnRequest(
            String id,
            @Nullable String callId,
            String orderId,

            @Schema(allowableValues = {"return", "refund", "exchange"})
            String kind,

            @Schema(allowableValues = {"requested", "approved", "rejected", "refunded"})
            String status,

            @ArraySchema(schema = @Schema(type = "string"), arraySchema = @Schema(description = "The items concerned"))
            JsonNode items,

            String reason,
            @Nullable String customerPhone,
            Instant createdAt,
            Instant updatedAt) {}

    record Escalation(
            String id,
            @Nullable String callId,
            String reason,

            @Schema(allowableValues = {"low", "normal", "high", "urgent"})
            String urgency,

            @Schema(allowableValues = {"open", "assigned", "resolved"})
            String status,

            @Nullable String assignedTo,
            @Nullable String resolutionNote,
            Instant createdAt,
            @Nullable Instant assignedAt,
            @Nullable Instant resolvedAt,

            @Schema(description = "Absent on escalations filed before briefs were written") @Nullable
            HandoffBrief brief) {}

    record Charge(
            String category,
            @Nullable String description,
            String unit,
            BigDecimal quantity,
            BigDecimal unitPrice,
            BigDecimal amount,
            String currency) {}

    record Turn(int turn, long speechEndedMs, int voiceToVoiceMs, int modelMs, int serverMs) {}

    /**
     * What the voice agent counted on the call.
     *
     * @param interruptions the caller's speech over the agent stopped its reply
     * @param backchannelsIgnored the caller's short words while listening ("haan", "hmm") that the agent talked on over
     * @param pauses the agent paused because the caller spoke over it
     * @param resumes the agent went on from where it paused
     */
    record VoiceStats(
            int interruptions,
            int backchannelsIgnored,
            int pauses,
            int resumes,
            long inputTextTokens,
            long inputAudioTokens,
            long inputCachedTokens,
            long outputTextTokens,
            long outputAudioTokens,
            int modelSessions) {}

    static CallItem item(ResultSet rs, int row) throws SQLException {
        return new CallItem(
                rs.getObject("id", UUID.class).toString(),
                rs.getString("channel"),
                rs.getString("direction"),
                rs.getString("from_number"),
                rs.getString("to_number"),
                rs.getString("status"),
                rs.getString("outcome"),
                rs.getString("intent"),
                rs.getString("sentiment"),
                rs.getBoolean("escalated"),
                rs.getString("end_reason"),
                rs.getTimestamp("started_at").toInstant(),
                CallHistory.instant(rs, "answered_at"),
                CallHistory.instant(rs, "ended_at"),
                (Integer) rs.getObject("duration_seconds"),
                rs.getBoolean("has_recording"));
    }

    private static @Nullable String callId(ResultSet rs) throws SQLException {
        UUID call = rs.getObject("call_id", UUID.class);
        return call == null ? null : call.toString();
    }

    static List<ProviderAnomalyView> providerAnomalies(@Nullable String json) {
        if (json == null) {
            return List.of();
        }
        List<ProviderAnomalyView> anomalies = new java.util.ArrayList<>();
        for (JsonNode node : JSON.readTree(json)) {
            anomalies.add(new ProviderAnomalyView(
                    node.path("field").asString(""),
                    node.path("reported").asString(""),
                    node.path("problem").asString(""),
                    text(node.path("used")),
                    text(node.path("at")) == null
                            ? null
                            : Instant.parse(node.path("at").asString())));
        }
        return anomalies;
    }

    private static @Nullable String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asString();
    }

    static Utterance utterance(ResultSet rs) throws SQLException {
        return new Utterance(
                rs.getInt("sequence"),
                rs.getString("speaker"),
                rs.getString("text"),
                rs.getLong("start_ms"),
                rs.getLong("end_ms"),
                rs.getBoolean("interrupted"),
                rs.getString("language"));
    }

    static Action action(ResultSet rs) throws SQLException {
        return new Action(
                rs.getObject("id", UUID.class).toString(),
                callId(rs),
                rs.getString("tool"),
                JSON.readTree(rs.getString("arguments")),
                rs.getString("result") == null ? null : JSON.readTree(rs.getString("result")),
                rs.getString("status"),
                rs.getInt("duration_ms"),
                rs.getTimestamp("created_at").toInstant());
    }

    static ReturnRequest returnRequest(ResultSet rs) throws SQLException {
        return new ReturnRequest(
                rs.getObject("id", UUID.class).toString(),
                callId(rs),
                rs.getString("order_id"),
                rs.getString("kind"),
                rs.getString("status"),
                JSON.readTree(rs.getString("items")),
                rs.getString("reason"),
                rs.getString("customer_phone"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    static Escalation escalation(ResultSet rs) throws SQLException {
        UUID assignee = rs.getObject("assigned_to", UUID.class);
        return new Escalation(
                rs.getObject("id", UUID.class).toString(),
                callId(rs),
                rs.getString("reason"),
                rs.getString("urgency"),
                rs.getString("status"),
                assignee == null ? null : assignee.toString(),
                rs.getString("resolution_note"),
                rs.getTimestamp("created_at").toInstant(),
                CallHistory.instant(rs, "assigned_at"),
                CallHistory.instant(rs, "resolved_at"),
                brief(rs.getString("brief")));
    }

    static @Nullable HandoffBrief brief(@Nullable String json) {
        return json == null ? null : JSON.readValue(json, HandoffBrief.class);
    }

    static Charge charge(ResultSet rs) throws SQLException {
        return new Charge(
                rs.getString("category"),
                rs.getString("description"),
                rs.getString("unit"),
                rs.getBigDecimal("quantity"),
                rs.getBigDecimal("unit_price"),
                rs.getBigDecimal("amount"),
                rs.getString("currency"));
    }

    static Turn turn(ResultSet rs) throws SQLException {
        return new Turn(
                rs.getInt("turn"),
                rs.getLong("speech_ended_ms"),
                rs.getInt("voice_to_voice_ms"),
                rs.getInt("model_ms"),
                rs.getInt("server_ms"));
    }

    static VoiceStats voice(ResultSet rs) throws SQLException {
        return new VoiceStats(
                rs.getInt("interruptions"),
                rs.getInt("backchannels_ignored"),
                rs.getInt("pauses"),
                rs.getInt("resumes"),
                rs.getLong("input_text_tokens"),
                rs.getLong("input_audio_tokens"),
                rs.getLong("input_cached_tokens"),
                rs.getLong("output_text_tokens"),
                rs.getLong("output_audio_tokens"),
                rs.getInt("model_sessions"));
    }
}
