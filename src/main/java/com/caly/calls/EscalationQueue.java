package com.caly.calls;

import com.caly.shared.TenantId;
import com.caly.shared.query.KeysetCursor;
import com.caly.shared.query.KeysetQuery;
import com.caly.shared.query.Page;
import com.caly.shared.query.QueryParameters;
import com.caly.shared.query.TimeWindow;
import com.caly.shared.web.ApiException;
import com.caly.shared.web.ProblemTypes;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.MultiValueMap;

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

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    EscalationQueue(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    /** Records an escalation of a call of the company; the live view hears of it when the transaction commits. */
    @Transactional
    public UUID open(TenantId company, CallId call, String reason, String urgency) {
        UUID id = jdbc.sql(
                        "insert into escalations (company_id, call_id, reason, urgency) values (:company, :call, :reason, :urgency) returning id")
                .param("company", company.value())
                .param("call", call.value())
                .param("reason", reason)
                .param("urgency", urgency)
                .query(UUID.class)
                .single();
        events.publishEvent(new CallEscalated(company, call, id, reason, urgency));
        return id;
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
        return find(company, id);
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
