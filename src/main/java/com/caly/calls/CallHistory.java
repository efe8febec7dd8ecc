package com.caly.calls;

import com.caly.shared.TenantId;
import com.caly.shared.query.KeysetCursor;
import com.caly.shared.query.KeysetQuery;
import com.caly.shared.query.Page;
import com.caly.shared.web.ApiException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The company's view of its calls: the history, newest first in keyset pages, and one call with everything it
 * left behind. A read model over the call's tables, whichever module writes them.
 */
@Service
public class CallHistory {

    static final String NOT_FOUND = "call-not-found";

    private final JdbcClient jdbc;

    CallHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    Page<CallViews.CallItem> list(TenantId company, CallFilter filter) {
        KeysetQuery query = new KeysetQuery(
                        "select " + CallViews.ITEM_COLUMNS + " from calls c where c.company_id = :company",
                        "c.started_at",
                        "c.id")
                .param("company", company.value())
                .within(filter.window())
                .anyOf("c.status", "statuses", filter.statuses())
                .anyOf("c.outcome", "outcomes", filter.outcomes())
                .anyOf("c.direction", "directions", filter.directions())
                .anyOf("c.channel", "channels", filter.channels())
                .where("c.from_number = :caller", "caller", filter.caller())
                .where("c.escalated = :escalated", "escalated", filter.escalated());
        if (filter.hasRecording() != null) {
            query.where(filter.hasRecording() ? "c.recording_url is not null" : "c.recording_url is null");
        }
        query.where(
                "exists (select 1 from transcripts t where t.call_id = c.id and t.company_id = c.company_id"
                        + " and to_tsvector('simple', t.text) @@ plainto_tsquery('simple', :words))",
                "words",
                filter.words());
        return query.page(
                jdbc,
                filter.limit(),
                filter.after(),
                CallViews::item,
                call -> new KeysetCursor(call.startedAt(), UUID.fromString(call.id())));
    }

    @Transactional(readOnly = true)
    CallViews.CallDetail detail(TenantId company, UUID callId) {
        record Head(
                CallViews.CallItem call,
                @Nullable String summary,
                @Nullable Long recordingMs,
                List<CallViews.ProviderAnomalyView> anomalies) {}
        Head head = jdbc.sql("select " + CallViews.ITEM_COLUMNS
                        + ", c.summary, c.recording_duration_ms, c.provider_anomalies::text as provider_anomalies"
                        + " from calls c where c.company_id = :company and c.id = :id")
                .param("company", company.value())
                .param("id", callId)
                .query((rs, n) -> new Head(
                        CallViews.item(rs, n),
                        rs.getString("summary"),
                        rs.getObject("recording_duration_ms") == null ? null : rs.getLong("recording_duration_ms"),
                        CallViews.providerAnomalies(rs.getString("provider_anomalies"))))
                .optional()
                .orElseThrow(() -> ApiException.notFound(NOT_FOUND, "The call"));
        return new CallViews.CallDetail(
                head.call(),
                head.summary(),
                head.recordingMs(),
                children(company, callId, """
                        select sequence, speaker, text, start_ms, end_ms, interrupted, language from transcripts
                        where company_id = :company and call_id = :id order by sequence""", CallViews::utterance),
                children(company, callId, """
                        select id, call_id, tool, arguments::text, result::text, status, duration_ms, created_at from actions
                        where company_id = :company and call_id = :id order by created_at, id""", CallViews::action),
                children(company, callId, """
                        select id, call_id, order_id, kind, status, items::text, reason, customer_phone, created_at, updated_at
                        from returns where company_id = :company and call_id = :id order by created_at, id""", CallViews::returnRequest),
                children(company, callId, """
                        select id, call_id, reason, urgency, status, assigned_to, resolution_note, created_at, assigned_at, resolved_at, brief::text
                        from escalations where company_id = :company and call_id = :id order by created_at, id""", CallViews::escalation),
                children(company, callId, """
                        select category, description, unit, quantity, unit_price, amount, currency from call_charges
                        where company_id = :company and call_id = :id order by created_at, category, id""", CallViews::charge),
                children(company, callId, """
                        select turn, speech_ended_ms, voice_to_voice_ms, model_ms, server_ms from call_turns
                        where company_id = :company and call_id = :id order by turn""", CallViews::turn),
                children(company, callId, """
                        select interruptions, backchannels_ignored, pauses, resumes, input_text_tokens, input_audio_tokens,
                               input_cached_tokens, output_text_tokens, output_audio_tokens, model_sessions
                        from voice_call_stats where company_id = :company and call_id = :id""", CallViews::voice).stream()
                        .findFirst()
                        .orElse(null),
                head.anomalies(),
                redactions(company, callId));
    }

    private Map<String, Integer> redactions(TenantId company, UUID callId) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        jdbc.sql("""
                        select r.key, sum(r.value::int) as count from transcripts t, jsonb_each_text(t.redactions) r
                        where t.company_id = :company and t.call_id = :id and t.redactions is not null
                        group by r.key order by r.key""").param("company", company.value()).param("id", callId).query(rs -> {
            counts.put(rs.getString("key"), rs.getInt("count"));
        });
        return counts;
    }

    private <T> List<T> children(TenantId company, UUID callId, String sql, RowReader<T> reader) {
        return new ArrayList<>(jdbc.sql(sql)
                .param("company", company.value())
                .param("id", callId)
                .query((rs, n) -> reader.read(rs))
                .list());
    }

    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
