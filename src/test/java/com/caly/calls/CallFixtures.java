package com.caly.calls;

import com.caly.shared.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Calls written straight into the tables, with exactly the values a test states, so that what the API answers can
 * be checked against figures worked out by hand.
 */
public final class CallFixtures {

    private final JdbcClient jdbc;

    public CallFixtures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A call being written; {@link #insert()} stores it and returns its id. */
    public Call call(TenantId company, Instant startedAt) {
        return new Call(company, startedAt);
    }

    public final class Call {
        private final TenantId company;
        private final Instant startedAt;
        private String status = "completed";
        private String direction = "inbound";
        private @Nullable String outcome = "resolved";
        private @Nullable String intent;
        private @Nullable String sentiment;
        private @Nullable String from = "+919800000001";
        private boolean escalated;
        private @Nullable Integer durationSeconds = 60;
        private boolean answered = true;
        private @Nullable String recording;
        private @Nullable String summary;
        private @Nullable String endReason;

        private Call(TenantId company, Instant startedAt) {
            this.company = company;
            this.startedAt = startedAt;
        }

        public Call status(String value) {
            status = value;
            return this;
        }

        public Call direction(String value) {
            direction = value;
            return this;
        }

        public Call outcome(@Nullable String value) {
            outcome = value;
            return this;
        }

        public Call intent(String value) {
            intent = value;
            return this;
        }

        public Call sentiment(String value) {
            sentiment = value;
            return this;
        }

        public Call from(String value) {
            from = value;
            return this;
        }

        public Call escalated() {
            escalated = true;
            return this;
        }

        public Call duration(@Nullable Integer seconds) {
            durationSeconds = seconds;
            return this;
        }

        public Call unanswered() {
            answered = false;
            return this;
        }

        public Call recorded() {
            recording = "recordings/" + UUID.randomUUID() + ".mp3";
            return this;
        }

        public Call summary(String value) {
            summary = value;
            return this;
        }

        public Call endReason(String value) {
            endReason = value;
            return this;
        }

        public UUID insert() {
            Instant ended =
                    durationSeconds == null ? null : startedAt.plusSeconds(durationSeconds + (answered ? 2 : 0));
            return jdbc.sql("""
                            insert into calls (company_id, provider_call_sid, direction, from_number, to_number, status,
                                               outcome, intent, sentiment, summary, escalated, started_at, answered_at,
                                               ended_at, duration_seconds, recording_url, recording_bytes,
                                               recording_duration_ms, end_reason)
                            values (:company, :sid, :direction, :from, '+918012345678', :status, :outcome, :intent,
                                    :sentiment, :summary, :escalated, :started, :answered, :ended, :duration, :recording,
                                    :bytes, :recordingMs, :endReason)
                            returning id""")
                    .param("company", company.value())
                    .param("sid", "fx" + UUID.randomUUID().toString().replace("-", ""))
                    .param("direction", direction)
                    .param("from", from)
                    .param("status", status)
                    .param("outcome", outcome)
                    .param("intent", intent)
                    .param("sentiment", sentiment)
                    .param("summary", summary)
                    .param("escalated", escalated)
                    .param("started", Timestamp.from(startedAt))
                    .param("answered", answered ? Timestamp.from(startedAt.plusSeconds(2)) : null)
                    .param("ended", ended == null ? null : Timestamp.from(ended))
                    .param("duration", durationSeconds)
                    .param("recording", recording)
                    .param("bytes", recording == null ? null : 48_000L)
                    .param("recordingMs", recording == null || durationSeconds == null ? null : durationSeconds * 1000L)
                    .param("endReason", endReason)
                    .query(UUID.class)
                    .single();
        }
    }

    public void utterance(
            TenantId company, UUID call, int sequence, String speaker, String text, long startMs, long endMs) {
        jdbc.sql("""
                        insert into transcripts (company_id, call_id, sequence, speaker, text, start_ms, end_ms)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(company.value(), call, sequence, speaker, text, startMs, endMs)
                .update();
    }

    public UUID action(TenantId company, UUID call, String tool, String status, int durationMs, Instant at) {
        return jdbc.sql("""
                        insert into actions (company_id, call_id, tool, arguments, result, status, duration_ms, created_at)
                        values (?, ?, ?, '{"order_id":"A1"}'::jsonb, '{"answer":"shipped"}'::jsonb, ?, ?, ?) returning id""")
                .params(company.value(), call, tool, status, durationMs, Timestamp.from(at))
                .query(UUID.class)
                .single();
    }

    public UUID returnRequest(TenantId company, UUID call, String kind, String status, Instant at) {
        return jdbc.sql("""
                        insert into returns (company_id, call_id, order_id, kind, status, items, reason, created_at, updated_at)
                        values (?, ?, 'A1', ?, ?, '["kurta"]'::jsonb, 'wrong size', ?, ?) returning id""")
                .params(company.value(), call, kind, status, Timestamp.from(at), Timestamp.from(at))
                .query(UUID.class)
                .single();
    }

    /** An escalation with the brief a hand-off writes: an order looked up, then a person asked for. */
    public UUID escalation(TenantId company, UUID call, String reason, Instant at) {
        String brief = """
                {"summary": "The caller said: \\"Where is my order 12345?\\" The agent last said: \\"It has shipped.\\"",
                 "intent": "order status",
                 "actionsTaken": [{"tool": "lookup_order", "summary": "looked up order 12345: shipped"}],
                 "returnsFiled": [{"id": "5f0c5d0e-8f6a-4d47-9d8e-2f7b1f0c1a11", "orderId": "12345", "kind": "return",
                   "status": "requested"}], "reason": "%s", "urgency": "high", "preparedAt": "%s", "preparedInMs": 12}""".formatted(reason.replaceAll("[^\\p{L}\\p{N} ]", ""), at);
        return jdbc.sql("""
                        insert into escalations (company_id, call_id, reason, urgency, created_at, brief, brief_prepared_ms)
                        values (?, ?, ?, 'high', ?, cast(? as jsonb), 12) returning id""")
                .params(company.value(), call, reason, Timestamp.from(at), brief)
                .query(UUID.class)
                .single();
    }

    public void charge(
            TenantId company,
            UUID call,
            String category,
            String unit,
            String quantity,
            String unitPrice,
            String amount) {
        jdbc.sql("""
                        insert into call_charges (company_id, call_id, category, unit, quantity, unit_price, amount)
                        values (?, ?, ?, ?, ?::numeric, ?::numeric, ?::numeric)""")
                .params(company.value(), call, category, unit, quantity, unitPrice, amount)
                .update();
    }

    /** A turn taken five seconds per turn into the call. */
    public void turn(TenantId company, UUID call, int turn, int voiceToVoiceMs) {
        jdbc.sql("""
                        insert into call_turns (company_id, call_id, turn, speech_ended_ms, voice_to_voice_ms, model_ms, server_ms, created_at)
                        select company_id, id, ?, ?, ?, ?, ?, started_at + ? * interval '5 seconds' from calls
                        where company_id = ? and id = ?""")
                .params(turn, turn * 5_000L, voiceToVoiceMs, voiceToVoiceMs - 40, 12, turn, company.value(), call)
                .update();
    }

    /**
     * Sums the company's calls into the analytics read model again, as the rebuild command does: rows written
     * here bypass the events that keep it up to date.
     */
    public void rebuildAnalytics(TenantId company) {
        for (String refresh : new String[] {"analytics_refresh", "analytics_refresh_latency"}) {
            jdbc.sql("select " + refresh + "(?, '-infinity', 'infinity')")
                    .param(company.value())
                    .query((rs, n) -> 1)
                    .list();
        }
    }
}
