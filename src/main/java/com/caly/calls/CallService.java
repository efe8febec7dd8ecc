package com.caly.calls;

import com.caly.shared.TenantId;
import com.caly.shared.web.TextInputPolicy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records calls from what the telephony provider reports. Reports may repeat and arrive in any order (the end
 * before the start): each one only adds what is new, a terminal status is never replaced by an earlier one, and
 * {@link CallEnded} is published once, when the call first becomes terminal.
 */
@Service
public class CallService {

    private static final Logger log = LoggerFactory.getLogger(CallService.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CallService(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    /** A call of the company, found by the provider's id. */
    public Optional<CallId> findByProviderSid(TenantId companyId, String provider, String sid) {
        return jdbc.sql(
                        "select id from calls where company_id = :company and provider = :provider and provider_call_sid = :sid")
                .param("company", companyId.value())
                .param("provider", provider)
                .param("sid", sid)
                .query(UUID.class)
                .optional()
                .map(CallId::new);
    }

    /**
     * Records a report. The provider's times and duration are taken only as far as they are plausible (see
     * {@link ProviderFigures}); what is ignored or cut is kept on the call as a provider anomaly and logged, so an
     * impossible figure neither fails the report nor bills more than the call's length.
     *
     * @throws CallOfAnotherCompanyException when the provider's call id is recorded for another company (nothing is
     *     written)
     */
    @Transactional
    public CallId record(CallReport report) {
        // at PostgreSQL's precision: a start written now and read back must not fall a fraction of a microsecond
        // before an end taken from the same instant, or the call would last (and bill) a second it never had
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<ProviderAnomaly> notes = new ArrayList<>(report.anomalies());
        // a new call's start, if believable for a call first seen now (checked against the row's own below)
        Instant firstStart =
                report.startedAt() != null && ProviderFigures.implausible(report.startedAt(), now, now) == null
                        ? report.startedAt()
                        : now;
        // insert the call the first time either report arrives; lock it either way
        record Row(UUID id, boolean inserted) {}
        Row row = jdbc.sql("""
                        insert into calls (company_id, phone_number_id, provider, provider_call_sid, direction,
                                           from_number, to_number, status, started_at, created_at, updated_at, channel)
                        values (:company, :number, :provider, :sid, :direction, :from, :to, 'initiated', :started, :now, :now,
                                :channel)
                        on conflict (provider, provider_call_sid) where provider_call_sid is not null
                        do update set updated_at = calls.updated_at
                        returning id, (xmax = 0) as inserted""")
                .param("company", report.companyId().value())
                .param("number", report.phoneNumberId())
                .param("provider", report.provider())
                .param("sid", report.providerCallSid())
                .param("direction", report.direction())
                .param("from", report.fromNumber())
                .param("to", report.toNumber())
                .param("started", Timestamp.from(firstStart))
                .param("now", Timestamp.from(now))
                .param("channel", CallChannel.ofProvider(report.provider()).code())
                .query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getBoolean("inserted")))
                .single();
        UUID id = row.id();
        record Current(
                String status, Instant startedAt, @Nullable Instant answeredAt, Instant firstSeen) {}
        Current current = jdbc.sql(
                        "select status, started_at, answered_at, created_at from calls where id = :id and company_id = :company for update")
                .param("id", id)
                .param("company", report.companyId().value())
                .query((rs, n) -> new Current(
                        rs.getString("status"),
                        rs.getTimestamp("started_at").toInstant(),
                        rs.getTimestamp("answered_at") == null
                                ? null
                                : rs.getTimestamp("answered_at").toInstant(),
                        rs.getTimestamp("created_at").toInstant()))
                .optional()
                .orElseThrow(() -> new CallOfAnotherCompanyException(report.providerCallSid()));
        CallStatus before = CallStatus.fromCode(current.status());
        CallStatus after = before;
        if (report.status() != null
                && !before.terminal()
                && (report.status().terminal() || report.status().ordinal() > before.ordinal())) {
            after = report.status();
        }
        Instant started =
                ProviderFigures.start(current.startedAt(), report.startedAt(), current.firstSeen(), now, notes);
        Instant answered =
                report.answeredAt() == null || !report.answeredAt().isBefore(started) ? report.answeredAt() : started;
        boolean endsNow = !before.terminal() && after.terminal();
        Instant ended = null;
        Integer duration = null;
        long billable = 0;
        if (endsNow) {
            ended = ProviderFigures.end(started, report.endedAt(), current.firstSeen(), now, notes);
            if (after == CallStatus.COMPLETED) {
                Instant answeredBefore = current.answeredAt() != null ? current.answeredAt() : answered;
                billable = ProviderFigures.billableSeconds(
                        report.durationSeconds(), started, answeredBefore, ended, notes);
                duration = (int) billable;
                if (answeredBefore == null && billable > 0) {
                    // connected by the provider without reaching the agent (the human branch): answered all the same
                    answered = ProviderFigures.answeredAt(started, ended, billable);
                }
            }
        }
        for (ProviderAnomaly note : notes) {
            log.warn(
                    "Provider {} call {}: {} reported as {} ({}); {}",
                    report.provider(),
                    report.providerCallSid(),
                    note.field(),
                    note.reported(),
                    note.problem(),
                    note.used() == null ? "ignored" : "used " + note.used());
        }
        jdbc.sql("""
                        update calls set
                            phone_number_id = coalesce(phone_number_id, :number),
                            from_number = coalesce(from_number, :from),
                            to_number = coalesce(to_number, :to),
                            started_at = :started,
                            answered_at = coalesce(answered_at, :answered),
                            ended_at = case when :endsNow then :ended else ended_at end,
                            duration_seconds = case when :endsNow then :duration else duration_seconds end,
                            end_reason = coalesce(end_reason, :reason),
                            status = :status,
                            provider_anomalies = provider_anomalies || coalesce((
                                select jsonb_agg(n) from jsonb_array_elements(cast(:anomalies as jsonb)) n
                                where not calls.provider_anomalies @> jsonb_build_array(n - 'used' - 'at')), '[]'::jsonb),
                            updated_at = :now
                        where id = :id and company_id = :company""")
                .param("number", report.phoneNumberId())
                .param("from", report.fromNumber())
                .param("to", report.toNumber())
                .param("started", Timestamp.from(started))
                .param("answered", answered == null ? null : Timestamp.from(answered))
                .param("endsNow", endsNow)
                .param("ended", ended == null ? null : Timestamp.from(ended))
                .param("duration", duration)
                .param("reason", report.endReason())
                .param("status", after.code())
                .param("anomalies", anomaliesJson(notes, now))
                .param("now", Timestamp.from(now))
                .param("id", id)
                .param("company", report.companyId().value())
                .update();
        CallId callId = new CallId(id);
        if (row.inserted()) {
            events.publishEvent(new CallStarted(report.companyId(), callId, started));
        }
        if (endsNow) {
            events.publishEvent(new CallEnded(
                    report.companyId(), callId, after, billable, ended, CallChannel.ofProvider(report.provider())));
        }
        return callId;
    }

    private static String anomaliesJson(List<ProviderAnomaly> notes, Instant at) {
        List<Map<String, @Nullable String>> entries = new ArrayList<>();
        for (ProviderAnomaly note : notes) {
            Map<String, @Nullable String> entry = new LinkedHashMap<>();
            entry.put("field", note.field());
            entry.put("reported", note.reported());
            entry.put("problem", note.problem());
            entry.put("used", note.used());
            entry.put("at", at.toString());
            entries.add(entry);
        }
        return JSON.writeValueAsString(entries);
    }

    /**
     * Stores what the call was about, from the analysis of its transcript. A call handed to a person counts as
     * escalated whatever the analysis says.
     */
    @Transactional
    public void recordAnalysis(
            TenantId companyId, CallId callId, String summary, String outcome, String sentiment, String intent) {
        jdbc.sql("""
                        update calls set summary = :summary,
                            outcome = case when escalated then 'escalated' else :outcome end,
                            sentiment = :sentiment, intent = :intent, updated_at = now()
                        where company_id = :company and id = :id""")
                .param("summary", storable(summary, 10_000))
                .param("outcome", TextInputPolicy.clean(outcome))
                .param("sentiment", TextInputPolicy.clean(sentiment))
                .param("intent", storable(intent, 100))
                .param("company", companyId.value())
                .param("id", callId.value())
                .update();
        events.publishEvent(new CallUpdated(companyId, callId));
        events.publishEvent(new CallAnalyzed(companyId, callId));
    }

    /** What of the call's recording is to be silenced, for the recordings module before it encodes it. */
    @Transactional(readOnly = true)
    public SilencedLines silencedLines(TenantId companyId, CallId callId) {
        List<SilencedLines.Stretch> lines = jdbc.sql("""
                        select start_ms, end_ms from transcripts
                        where company_id = :company and call_id = :id and silenced order by start_ms, sequence""")
                .param("company", companyId.value())
                .param("id", callId.value())
                .query((rs, n) -> new SilencedLines.Stretch(rs.getLong("start_ms"), rs.getLong("end_ms")))
                .list();
        boolean closed = jdbc.sql(
                        "select exists (select 1 from voice_call_stats where company_id = :company and call_id = :id)")
                .param("company", companyId.value())
                .param("id", callId.value())
                .query(Boolean.class)
                .single();
        return new SilencedLines(lines, closed);
    }

    /** Notes why a call ends (a hand-off, no agent); the first reason given is kept. */
    @Transactional
    public void setEndReason(TenantId companyId, CallId callId, String reason, boolean escalated) {
        jdbc.sql(
                        "update calls set end_reason = coalesce(end_reason, :reason), escalated = escalated or :escalated, updated_at = now()"
                                + " where company_id = :company and id = :id")
                // an agent's reason may come from the model: PostgreSQL refuses a NUL in it
                .param("reason", TextInputPolicy.clean(reason))
                .param("escalated", escalated)
                .param("company", companyId.value())
                .param("id", callId.value())
                .update();
        if (escalated) {
            events.publishEvent(new CallUpdated(companyId, callId));
        }
    }

    /** Whether the call must go on to a person: escalated, or ended by the agent side for want of an agent. */
    public boolean needsHuman(TenantId companyId, CallId callId) {
        return jdbc.sql(
                        "select escalated or coalesce(end_reason in ('no_agent', 'ai_unavailable', 'handoff', 'at_capacity', 'company_limit'), false)"
                                + " from calls where company_id = :company and id = :id")
                .param("company", companyId.value())
                .param("id", callId.value())
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    /** Whether the call was refused at its start for its company's limit of simultaneous calls. */
    public boolean wasRefused(TenantId companyId, CallId callId) {
        return jdbc.sql("select status = 'refused' from calls where company_id = :company and id = :id")
                .param("company", companyId.value())
                .param("id", callId.value())
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    /** Whether the call is still going on (not yet in a final state); empty when the company has no such call. */
    public Optional<Boolean> isLive(TenantId companyId, CallId callId) {
        return jdbc.sql("select status from calls where company_id = :company and id = :id")
                .param("company", companyId.value())
                .param("id", callId.value())
                .query(String.class)
                .optional()
                .map(status -> !CallStatus.fromCode(status).terminal());
    }

    /** Marks a call as escalated, as when a person takes over a finished call's case. */
    @Transactional
    public void markEscalated(TenantId companyId, CallId callId) {
        jdbc.sql("update calls set escalated = true, updated_at = now() where company_id = :company and id = :id")
                .param("company", companyId.value())
                .param("id", callId.value())
                .update();
        events.publishEvent(new CallUpdated(companyId, callId));
    }

    /** The model's text without what PostgreSQL cannot store, cut to the column's length. */
    private static String storable(String text, int maxLength) {
        String clean = TextInputPolicy.clean(text);
        return clean.length() <= maxLength ? clean : clean.substring(0, maxLength);
    }
}
