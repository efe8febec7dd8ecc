package com.caly.webhooks;

import com.caly.calls.CallId;
import com.caly.shared.TenantId;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code data} of each event, read in the transaction that writes it, so it says what the change left. Built
 * with PostgreSQL's json (not jsonb) functions, which keep the fields in the order written here. Text is as
 * stored: redacted where the company redacts.
 */
@Component
class WebhookPayloads {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String CALL_FIELDS = """
            'callId', c.id, 'channel', c.channel, 'direction', c.direction, 'from', c.from_number,
            'to', c.to_number, 'status', c.status, 'startedAt', webhook_time(c.started_at),
            'answeredAt', webhook_time(c.answered_at)""";

    private final JdbcClient jdbc;
    private final WebhooksProperties properties;

    WebhookPayloads(JdbcClient jdbc, WebhooksProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Nullable
    ObjectNode callStarted(TenantId company, CallId call) {
        return one(
                "select json_build_object(" + CALL_FIELDS + ")::text from calls c"
                        + " where c.company_id = :company and c.id = :id",
                company,
                call.value());
    }

    /** The call as it ended, with its charges so far and where its recording is fetched once stored. */
    @Nullable
    ObjectNode callEnded(TenantId company, CallId call) {
        ObjectNode data = one("select json_build_object(" + CALL_FIELDS + """
                        , 'endedAt', webhook_time(c.ended_at), 'durationSeconds', c.duration_seconds,
                        'endReason', c.end_reason, 'escalated', c.escalated, 'outcome', c.outcome,
                        'summary', c.summary, 'intent', c.intent, 'sentiment', c.sentiment,
                        'charges', coalesce((select json_agg(json_build_object('category', ch.category,
                                'description', ch.description, 'amount', ch.amount, 'currency', ch.currency)
                                order by ch.created_at, ch.category)
                            from call_charges ch where ch.call_id = c.id), '[]'::json),
                        'totalCharge', (select json_build_object('amount', sum(ch.amount), 'currency', min(ch.currency))
                            from call_charges ch where ch.call_id = c.id having count(*) > 0))::text
                        from calls c where c.company_id = :company and c.id = :id""", company, call.value());
        if (data != null) {
            data.put("recordingUrl", recordingUrl(call));
        }
        return data;
    }

    @Nullable
    ObjectNode callAnalyzed(TenantId company, CallId call) {
        return one("""
                        select json_build_object('callId', c.id, 'outcome', c.outcome, 'summary', c.summary,
                            'intent', c.intent, 'sentiment', c.sentiment, 'escalated', c.escalated)::text
                        from calls c where c.company_id = :company and c.id = :id""", company, call.value());
    }

    @Nullable
    ObjectNode escalation(TenantId company, UUID escalation) {
        return one("""
                        select json_build_object('escalationId', e.id, 'callId', e.call_id, 'reason', e.reason,
                            'urgency', e.urgency, 'status', e.status, 'assignedTo', e.assigned_to,
                            'resolutionNote', e.resolution_note, 'createdAt', webhook_time(e.created_at),
                            'assignedAt', webhook_time(e.assigned_at), 'resolvedAt', webhook_time(e.resolved_at),
                            'brief', e.brief)::text
                        from escalations e where e.company_id = :company and e.id = :id""", company, escalation);
    }

    @Nullable
    ObjectNode returnRequest(TenantId company, UUID request) {
        return one("""
                        select json_build_object('returnId', r.id, 'callId', r.call_id, 'orderId', r.order_id,
                            'kind', r.kind, 'status', r.status, 'items', r.items, 'reason', r.reason,
                            'customerPhone', r.customer_phone, 'createdAt', webhook_time(r.created_at),
                            'updatedAt', webhook_time(r.updated_at))::text
                        from returns r where r.company_id = :company and r.id = :id""", company, request);
    }

    @Nullable
    ObjectNode recordingStored(TenantId company, CallId call) {
        ObjectNode data = one("""
                        select json_build_object('callId', c.id, 'bytes', c.recording_bytes,
                            'durationMs', c.recording_duration_ms, 'storedAt', webhook_time(c.recording_stored_at))::text
                        from calls c where c.company_id = :company and c.id = :id""", company, call.value());
        if (data != null) {
            data.put("recordingUrl", recordingUrl(call));
        }
        return data;
    }

    /** The API's link to the recording (it answers with a short-lived download link to a key or token). */
    private String recordingUrl(CallId call) {
        String base = properties.publicBaseUrl() == null ? "" : properties.publicBaseUrl();
        return base.replaceAll("/+$", "") + "/api/recordings/" + call.value();
    }

    private @Nullable ObjectNode one(String sql, TenantId company, UUID id) {
        return jdbc.sql(sql)
                .param("company", company.value())
                .param("id", id)
                .query(String.class)
                .optional()
                .map(text -> (ObjectNode) JSON.readTree(text))
                .orElse(null);
    }
}
