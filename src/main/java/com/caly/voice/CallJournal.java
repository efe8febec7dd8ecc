package com.caly.voice;

import com.caly.calls.CallId;
import com.caly.calls.EscalationQueue;
import com.caly.calls.HandoffDecision;
import com.caly.calls.TranscriptLineRecorded;
import com.caly.shared.TenantId;
import com.caly.shared.web.TextInputPolicy;
import com.caly.tenants.RedactionSettings;
import com.caly.voice.redaction.Redaction;
import com.caly.voice.redaction.Redactor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a conversation leaves in the database: transcript lines, turns, tool actions, returns, escalations, the
 * call's counts and its AI charges. Lines written while the call runs go through one background thread, so a slow
 * database never holds up the audio.
 */
@Component
class CallJournal {

    private static final Logger log = LoggerFactory.getLogger(CallJournal.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String WITHHELD = "[withheld]";

    /** How long a hand-off waits for its escalation to be written before it goes on without it. */
    static final Duration ESCALATION_WAIT = Duration.ofSeconds(5);

    private final JdbcClient jdbc;
    private final VoiceProperties.Prices prices;
    private final EscalationQueue escalations;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "call-journal");
        thread.setDaemon(true);
        return thread;
    });

    CallJournal(
            JdbcClient jdbc,
            VoiceProperties properties,
            org.springframework.transaction.support.TransactionTemplate transaction,
            org.springframework.context.ApplicationEventPublisher events,
            EscalationQueue escalations) {
        this.jdbc = jdbc;
        this.escalations = escalations;
        this.prices = properties.prices();
        this.transaction = transaction;
        this.events = events;
    }

    private final org.springframework.transaction.support.TransactionTemplate transaction;
    private final org.springframework.context.ApplicationEventPublisher events;

    /**
     * Records a final line and tells the live view of it. With redaction on, the line is redacted here, off the
     * call's loop, before anything keeps or sends it; the model heard the words as they were spoken.
     */
    void transcript(
            TenantId company,
            CallId call,
            int sequence,
            String speaker,
            String text,
            long startMs,
            long endMs,
            boolean interrupted,
            RedactionSettings redaction) {
        if (text.isBlank()) {
            return;
        }
        later(() -> {
            String clean = TextInputPolicy.clean(text).strip();
            Redaction redacted = redaction.redactTranscripts() ? redacted(clean) : Redaction.none(clean);
            String kept = redacted.text();
            long start = Math.max(0, startMs);
            long end = Math.max(start, endMs);
            int written = jdbc.sql("""
                            insert into transcripts (company_id, call_id, sequence, speaker, text, start_ms, end_ms, interrupted,
                                redactions, silenced)
                            values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?) on conflict (call_id, sequence) do nothing""")
                    .params(
                            company.value(),
                            call.value(),
                            sequence,
                            speaker,
                            kept,
                            start,
                            end,
                            interrupted,
                            redacted.any() ? JSON.writeValueAsString(redacted.counts()) : null,
                            redacted.any() && redaction.silenceRecordingSpans())
                    .update();
            if (written == 1) {
                // after the row: a live view that hears of the line and reloads finds it
                events.publishEvent(
                        new TranscriptLineRecorded(company, call, sequence, speaker, kept, start, end, interrupted));
            }
        });
    }

    /** Fails closed: a line the redactor could not read is kept without its words. */
    static Redaction redacted(String line) {
        try {
            return Redactor.redact(line);
        } catch (RuntimeException e) {
            log.warn(
                    "Could not redact a transcript line of {} characters; keeping it without its words",
                    line.length(),
                    e);
            return Redaction.none(WITHHELD);
        }
    }

    void turn(
            TenantId company,
            CallId call,
            int turn,
            long speechEndedMs,
            long voiceToVoiceMs,
            long modelMs,
            long serverMs) {
        later(() -> jdbc.sql("""
                        insert into call_turns (company_id, call_id, turn, speech_ended_ms, voice_to_voice_ms, model_ms, server_ms)
                        values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(
                        company.value(),
                        call.value(),
                        turn,
                        Math.max(0, speechEndedMs),
                        Math.max(0, voiceToVoiceMs),
                        Math.max(0, modelMs),
                        Math.max(0, serverMs))
                .update());
    }

    /** Runs on the tool's thread: the result goes back to the model only once it is recorded. */
    void action(
            TenantId company,
            CallId call,
            String tool,
            String arguments,
            String result,
            String status,
            long durationMs) {
        jdbc.sql("""
                        insert into actions (company_id, call_id, tool, arguments, result, status, duration_ms)
                        values (?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?)""")
                .params(
                        company.value(),
                        call.value(),
                        TextInputPolicy.clean(tool),
                        jsonOrString(arguments),
                        jsonOrString(result),
                        status,
                        (int) Math.min(Integer.MAX_VALUE, durationMs))
                .update();
    }

    /**
     * Records an escalation with its hand-off brief and waits for it; never on a call's loop. It is written by the
     * journal's own thread, after every line queued before it, so the brief reads the transcript up to the decision.
     */
    UUID escalation(TenantId company, CallId call, String reason, String urgency, HandoffDecision decision) {
        String why = TextInputPolicy.clean(reason);
        String how = TextInputPolicy.clean(urgency);
        Future<UUID> written = writer.submit(() -> escalations.open(company, call, why, how, decision));
        try {
            return written.get(ESCALATION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure
                    ? failure
                    : new IllegalStateException("could not record the escalation", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the escalation was not recorded within " + ESCALATION_WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording the escalation", e);
        }
    }

    UUID returnRequest(
            TenantId company, CallId call, String orderId, String kind, String itemsJson, String reason, String phone) {
        // the request and the event that reports it (its webhook) are written together
        return java.util.Objects.requireNonNull(transaction.execute(
                status -> returnRequestRow(company, call, orderId, kind, itemsJson, reason, phone)));
    }

    private UUID returnRequestRow(
            TenantId company, CallId call, String orderId, String kind, String itemsJson, String reason, String phone) {
        UUID id = jdbc.sql("""
                        insert into returns (company_id, call_id, order_id, kind, items, reason, customer_phone)
                        values (?, ?, ?, ?, cast(? as jsonb), ?, ?) returning id""")
                .params(
                        company.value(),
                        call.value(),
                        TextInputPolicy.clean(orderId),
                        TextInputPolicy.clean(kind),
                        jsonOrString(itemsJson),
                        TextInputPolicy.clean(reason),
                        TextInputPolicy.clean(phone))
                .query(UUID.class)
                .single();
        events.publishEvent(new com.caly.calls.ReturnRequested(company, call, id));
        return id;
    }

    /** The call's counts and token usage, and its AI charges, once the conversation is over. */
    void finished(TenantId company, CallId call, ConversationStats stats) {
        later(() -> transaction.executeWithoutResult(status -> {
            jdbc.sql("""
                            insert into voice_call_stats (call_id, company_id, interruptions, backchannels_ignored,
                                input_text_tokens, input_audio_tokens, input_cached_tokens, output_text_tokens,
                                output_audio_tokens, model_sessions, malformed_events, pauses, resumes)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            on conflict (call_id) do nothing""")
                    .params(
                            call.value(),
                            company.value(),
                            stats.interruptions(),
                            stats.backchannels(),
                            stats.inputText(),
                            stats.inputAudio(),
                            stats.inputCached(),
                            stats.outputText(),
                            stats.outputAudio(),
                            stats.sessions(),
                            stats.malformed(),
                            stats.pauses(),
                            stats.resumes())
                    .update();
            charge(company, call, "Realtime audio in", stats.inputAudio(), prices.audioIn());
            charge(
                    company,
                    call,
                    "Realtime text in",
                    Math.max(0, stats.inputText() - stats.inputCached()),
                    prices.textIn());
            charge(company, call, "Realtime cached text in", stats.inputCached(), prices.textCachedIn());
            charge(company, call, "Realtime audio out", stats.outputAudio(), prices.audioOut());
            charge(company, call, "Realtime text out", stats.outputText(), prices.textOut());
            events.publishEvent(new com.caly.calls.CallUpdated(company, call));
        }));
    }

    private void charge(TenantId company, CallId call, String description, long tokens, BigDecimal usdPerMillion) {
        if (tokens <= 0) {
            return;
        }
        BigDecimal unitPrice = usdPerMillion
                .multiply(prices.usdToBillingCurrency())
                .divide(BigDecimal.valueOf(1_000_000), 6, RoundingMode.HALF_UP);
        BigDecimal amount = usdPerMillion
                .multiply(prices.usdToBillingCurrency())
                .multiply(BigDecimal.valueOf(tokens))
                .divide(BigDecimal.valueOf(1_000_000), 4, RoundingMode.HALF_UP);
        jdbc.sql("""
                        insert into call_charges (company_id, call_id, category, description, unit, quantity, unit_price, amount)
                        values (?, ?, 'ai', ?, 'token', ?, ?, ?)""")
                .params(company.value(), call.value(), description, tokens, unitPrice, amount)
                .update();
    }

    private void later(Runnable write) {
        writer.execute(() -> {
            try {
                write.run();
            } catch (RuntimeException e) {
                log.error("Could not record part of a conversation", e);
            }
        });
    }

    /** Waits until everything queued so far is written (tests, shutdown). */
    void flush() {
        try {
            writer.submit(() -> {}).get();
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The value as JSON PostgreSQL can store: what the model, the caller or a company's order endpoint wrote may
     * hold control characters (jsonb refuses {@code \\u0000}), which are dropped from every string and name.
     */
    private static String jsonOrString(String value) {
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (RuntimeException e) {
            return JSON.writeValueAsString(TextInputPolicy.clean(value));
        }
        return JSON.writeValueAsString(cleaned(node));
    }

    private static JsonNode cleaned(JsonNode node) {
        if (node.isString()) {
            return JSON.getNodeFactory().stringNode(TextInputPolicy.clean(node.asString()));
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(element -> copy.add(cleaned(element)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.properties().forEach(e -> copy.set(TextInputPolicy.clean(e.getKey()), cleaned(e.getValue())));
            return copy;
        }
        return node;
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        flush();
        writer.shutdown();
    }

    /**
     * What a conversation counted.
     *
     * @param pauses the agent paused because the caller spoke over it
     * @param resumes the agent went on from where it paused
     */
    record ConversationStats(
            int interruptions,
            int backchannels,
            long inputText,
            long inputAudio,
            long inputCached,
            long outputText,
            long outputAudio,
            int sessions,
            int malformed,
            int pauses,
            int resumes) {}
}
