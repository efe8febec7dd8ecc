package com.caly.calls;

import com.caly.shared.TenantId;
import com.caly.shared.query.KeysetCursor;
import com.caly.shared.query.KeysetQuery;
import com.caly.shared.query.Page;
import com.caly.shared.query.QueryParameters;
import com.caly.shared.query.TimeWindow;
import com.caly.shared.web.ApiException;
import com.caly.shared.web.ProblemTypes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.JsonNode;

/**
 * Calls handed to people, as a queue: open, then assigned to a member, then resolved. An escalation may be
 * reassigned while it is open or assigned; a resolved one is closed for good.
 */
@Service
public class EscalationQueue {

    static final String NOT_FOUND = "escalation-not-found";
    static final String INVALID_TRANSITION = "invalid-transition";
    private static final Set<String> PARAMETERS =
            Set.of("status", "urgency", "assignedTo", "callId", "from", "to", "tz", "limit", "cursor");

    /** The transcript lines a brief reads, the latest: a long call's first hour says little about the hand-off. */
    private static final int BRIEF_LINES = 200;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;

    public EscalationQueue(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
        this.meters = meters;
    }

    /**
     * Records an escalation of a call of the company with its hand-off brief, written in the same transaction from
     * the call's transcript so far, actions and returns; the live view hears of it when the transaction commits.
     * The brief's time is taken from the decision to the row ({@code preparedInMs}) and to the commit (the timer
     * {@value #BRIEF_TIMER}).
     */
    @Transactional
    public UUID open(TenantId company, CallId call, String reason, String urgency, HandoffDecision decision) {
        HandoffBrief brief = brief(company, call, reason, urgency, decision);
        UUID id = jdbc.sql("""
                        insert into escalations (company_id, call_id, reason, urgency, brief, brief_prepared_ms)
                        values (:company, :call, :reason, :urgency, cast(:brief as jsonb), :ms) returning id""")
                .param("company", company.value())
                .param("call", call.value())
                .param("reason", reason)
                .param("urgency", urgency)
                .param("brief", CallViews.JSON.writeValueAsString(brief))
                .param("ms", (int) Math.min(Integer.MAX_VALUE, brief.preparedInMs()))
                .query(UUID.class)
                .single();
        events.publishEvent(new CallEscalated(company, call, id, reason, urgency, brief));
        Timer timer = Timer.builder(BRIEF_TIMER)
                .description("hand-off decision to its brief committed with the escalation")
                .tag("source", decision.source())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(meters);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    timer.record(Duration.ofMillis(decision.elapsed()));
                }
            });
        } else {
            timer.record(Duration.ofMillis(decision.elapsed()));
        }
        return id;
    }

    static final String BRIEF_TIMER = "caly.handoff.brief";

    private HandoffBrief brief(TenantId company, CallId call, String reason, String urgency, HandoffDecision decision) {
        List<HandoffBriefWriter.Line> lines = new ArrayList<>(jdbc.sql("""
                        select speaker, text from transcripts where company_id = :company and call_id = :call
                        order by sequence desc limit :limit""")
                .param("company", company.value())
                .param("call", call.value())
                .param("limit", BRIEF_LINES)
                .query((rs, n) -> new HandoffBriefWriter.Line(rs.getString("speaker"), rs.getString("text")))
                .list());
        Collections.reverse(lines);
        List<HandoffBriefWriter.ToolAction> actions = jdbc.sql("""
                        select tool, status, arguments::text, result::text from actions
                        where company_id = :company and call_id = :call order by created_at, id limit 100""")
                .param("company", company.value())
                .param("call", call.value())
                .query((rs, n) -> new HandoffBriefWriter.ToolAction(
                        rs.getString("tool"), rs.getString("status"), json(rs.getString(3)), json(rs.getString(4))))
                .list();
        List<HandoffBrief.ReturnFiled> returns = jdbc.sql("""
                        select id, order_id, kind, status from returns
                        where company_id = :company and call_id = :call order by created_at, id limit 100""")
                .param("company", company.value())
                .param("call", call.value())
                .query((rs, n) -> new HandoffBrief.ReturnFiled(
                        rs.getObject("id", UUID.class).toString(),
                        HandoffBriefWriter.cut(rs.getString("order_id"), 40),
                        rs.getString("kind"),
                        rs.getString("status")))
                .list();
        return HandoffBriefWriter.write(lines, actions, returns, reason, urgency, clock.instant(), decision.elapsed());
    }

    private static @Nullable JsonNode json(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return CallViews.JSON.readTree(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Transactional(readOnly = true)
    Page<CallViews.Escalation> list(TenantId company, MultiValueMap<String, String> parameters) {
        QueryParameters query = QueryParameters.of(parameters, PARAMETERS);
        KeysetQuery sql = new KeysetQuery(
                        "select * from escalations e where e.company_id = :company", "e.created_at", "e.id")
                .param("company", company.value())
                .within(TimeWindow.open(query))
                .anyOf("e.status", "statuses", query.oneOf("status", Set.of("open", "assigned", "resolved")))
                .anyOf("e.urgency", "urgencies", query.oneOf("urgency", Set.of("low", "normal", "high", "urgent")))
                .where("e.assigned_to = :assignee", "assignee", query.uuid("assignedTo"))
                .where("e.call_id = :call", "call", query.uuid("callId"));
        return sql.page(
                jdbc,
                query.integer("limit", CallFilter.DEFAULT_LIMIT, 1, CallFilter.MAX_LIMIT),
                KeysetCursor.read(query, "cursor"),
                (rs, n) -> CallViews.escalation(rs),
                e -> new KeysetCursor(e.createdAt(), UUID.fromString(e.id())));
    }

    /**
     * Assigns (status assigned, with a member of the company) or resolves (status resolved, with an optional note).
     * Answers 404 for another company's escalation and 409 when it is already resolved.
     */
    @Transactional
    CallViews.Escalation update(
            TenantId company, UUID id, String status, @Nullable UUID assignee, @Nullable String note) {
        CallViews.Escalation current = find(company, id);
        if (current.status().equals("resolved")) {
            throw new ApiException(
                            HttpStatus.CONFLICT,
                            INVALID_TRANSITION,
                            "Invalid transition",
                            "The escalation is already resolved")
                    .with("from", current.status())
                    .with("to", status);
        }
        Timestamp now = Timestamp.from(clock.instant());
        if (status.equals("assigned")) {
            if (assignee == null) {
                throw invalidField("assignedTo", "is required to assign an escalation");
            }
            boolean member = jdbc.sql(
                            "select exists (select 1 from company_users where company_id = :company and id = :user)")
                    .param("company", company.value())
                    .param("user", assignee)
                    .query(Boolean.class)
                    .single();
            if (!member) {
                throw invalidField("assignedTo", "is not a member of the company");
            }
            jdbc.sql("update escalations set status = 'assigned', assigned_to = :user, assigned_at = :now"
                            + " where company_id = :company and id = :id")
                    .param("user", assignee)
                    .param("now", now)
                    .param("company", company.value())
                    .param("id", id)
                    .update();
        } else if (status.equals("resolved")) {
            jdbc.sql("update escalations set status = 'resolved', resolved_at = :now, resolution_note = :note"
                            + " where company_id = :company and id = :id")
                    .param("now", now)
                    .param("note", note)
                    .param("company", company.value())
                    .param("id", id)
                    .update();
        } else {
            throw new ApiException(
                            HttpStatus.CONFLICT,
                            INVALID_TRANSITION,
                            "Invalid transition",
                            "An escalation cannot go back to open")
                    .with("from", current.status())
                    .with("to", status);
        }
        CallViews.Escalation updated = find(company, id);
        events.publishEvent(new EscalationUpdated(
                company, updated.callId() == null ? null : new CallId(UUID.fromString(updated.callId())), id));
        return updated;
    }

    private static ApiException invalidField(String field, String message) {
        return new ApiException(
                        HttpStatus.BAD_REQUEST,
                        ProblemTypes.VALIDATION_FAILED,
                        "Validation failed",
                        field + " " + message)
                .with("errors", java.util.List.of(java.util.Map.of("field", field, "message", message)));
    }

    private CallViews.Escalation find(TenantId company, UUID id) {
        return jdbc.sql("select * from escalations where company_id = :company and id = :id for update")
                .param("company", company.value())
                .param("id", id)
                .query((rs, n) -> CallViews.escalation(rs))
                .optional()
                .orElseThrow(() -> ApiException.notFound(NOT_FOUND, "The escalation"));
    }
}
