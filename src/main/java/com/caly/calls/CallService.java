package com.caly.calls;

import com.caly.shared.TenantId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records calls from what the telephony provider reports. Reports may repeat and arrive in any order (the end
 * before the start): each one only adds what is new, a terminal status is never replaced by an earlier one, and
 * {@link CallEnded} is published once, when the call first becomes terminal.
 */
@Service
public class CallService {

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

    @Transactional
    public CallId record(CallReport report) {
        Instant now = clock.instant();
        Instant startedAt = report.startedAt() != null ? report.startedAt() : now;
        // insert the call the first time either report arrives; lock it either way
        record Row(UUID id, boolean inserted) {}
        Row row = jdbc.sql("""
                        insert into calls (company_id, phone_number_id, provider, provider_call_sid, direction,
                                           from_number, to_number, status, started_at, created_at, updated_at)
                        values (:company, :number, :provider, :sid, :direction, :from, :to, 'initiated', :started, :now, :now)
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
                .param("started", Timestamp.from(startedAt))
                .param("now", Timestamp.from(now))
                .query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getBoolean("inserted")))
                .single();
        UUID id = row.id();
        record Current(
                String status, Instant startedAt, @Nullable Instant answeredAt) {}
        Current current = jdbc.sql(
                        "select status, started_at, answered_at from calls where id = :id and company_id = :company for update")
                .param("id", id)
                .param("company", report.companyId().value())
                .query((rs, n) -> new Current(
                        rs.getString("status"),
                        rs.getTimestamp("started_at").toInstant(),
                        rs.getTimestamp("answered_at") == null
                                ? null
                                : rs.getTimestamp("answered_at").toInstant()))
                .optional()
                .orElseThrow(() ->
                        new IllegalStateException("call " + report.providerCallSid() + " belongs to another company"));
        CallStatus before = CallStatus.fromCode(current.status());
        CallStatus after = before;
        if (report.status() != null
                && !before.terminal()
                && (report.status().terminal() || report.status().ordinal() > before.ordinal())) {
            after = report.status();
        }
        Instant started = report.startedAt() != null && report.startedAt().isBefore(current.startedAt())
                ? report.startedAt()
                : current.startedAt();
        jdbc.sql("""
                        update calls set
                            phone_number_id = coalesce(phone_number_id, :number),
                            from_number = coalesce(from_number, :from),
                            to_number = coalesce(to_number, :to),
                            started_at = :started,
                            answered_at = coalesce(answered_at, :answered),
                            ended_at = case when :terminalNow then coalesce(ended_at, :ended) else ended_at end,
                            duration_seconds = case when :terminalNow then coalesce(duration_seconds, :duration) else duration_seconds end,
                            end_reason = coalesce(end_reason, :reason),
                            status = :status,
                            updated_at = :now
                        where id = :id and company_id = :company""")
                .param("number", report.phoneNumberId())
                .param("from", report.fromNumber())
                .param("to", report.toNumber())
                .param("started", Timestamp.from(started))
                .param("answered", report.answeredAt() == null ? null : Timestamp.from(report.answeredAt()))
                .param("terminalNow", after.terminal())
                .param("ended", Timestamp.from(report.endedAt() != null ? report.endedAt() : now))
                .param("duration", report.durationSeconds())
                .param("reason", report.endReason())
                .param("status", after.code())
                .param("now", Timestamp.from(now))
                .param("id", id)
                .param("company", report.companyId().value())
                .update();
        CallId callId = new CallId(id);
        if (row.inserted()) {
            events.publishEvent(new CallStarted(report.companyId(), callId, started));
        }
        if (!before.terminal() && after.terminal()) {
            long billable =
                    after == CallStatus.COMPLETED ? billableSeconds(report, started, current.answeredAt(), now) : 0;
            events.publishEvent(new CallEnded(
                    report.companyId(), callId, after, billable, report.endedAt() != null ? report.endedAt() : now));
        }
        return callId;
    }

    private static long billableSeconds(CallReport report, Instant started, @Nullable Instant answered, Instant now) {
        if (report.durationSeconds() != null) {
            return Math.max(0, report.durationSeconds());
        }
        Instant from = report.answeredAt() != null ? report.answeredAt() : answered != null ? answered : started;
        Instant to = report.endedAt() != null ? report.endedAt() : now;
        return Math.max(0, Duration.between(from, to).toSeconds());
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
                .param("summary", summary.length() <= 10_000 ? summary : summary.substring(0, 10_000))
                .param("outcome", outcome)
                .param("sentiment", sentiment)
                .param("intent", intent.length() <= 100 ? intent : intent.substring(0, 100))
                .param("company", companyId.value())
                .param("id", callId.value())
                .update();
        events.publishEvent(new CallUpdated(companyId, callId));
    }

    /** Notes why a call ends (a hand-off, no agent); the first reason given is kept. */
    @Transactional
    public void setEndReason(TenantId companyId, CallId callId, String reason, boolean escalated) {
        jdbc.sql(
                        "update calls set end_reason = coalesce(end_reason, :reason), escalated = escalated or :escalated, updated_at = now()"
                                + " where company_id = :company and id = :id")
                .param("reason", reason)
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
                        "select escalated or coalesce(end_reason in ('no_agent', 'ai_unavailable', 'handoff', 'at_capacity'), false)"
                                + " from calls where company_id = :company and id = :id")
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
}
