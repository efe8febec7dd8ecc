package com.caly.calls;

import com.caly.shared.TenantId;
import com.caly.shared.query.KeysetCursor;
import com.caly.shared.query.KeysetQuery;
import com.caly.shared.query.Page;
import com.caly.shared.query.QueryParameters;
import com.caly.shared.query.TimeWindow;
import com.caly.shared.web.ApiException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.MultiValueMap;

/**
 * Return, refund and exchange requests the agent filed, moved through their states by people: requested, then
 * approved or rejected; an approved return or refund is then refunded. Rejected and refunded are final, and an
 * exchange is never refunded.
 */
@Service
class ReturnRequests {

    static final String NOT_FOUND = "return-not-found";
    static final Map<String, Set<String>> NEXT = Map.of(
            "requested", Set.of("approved", "rejected"),
            "approved", Set.of("refunded"),
            "rejected", Set.of(),
            "refunded", Set.of());
    private static final Set<String> PARAMETERS =
            Set.of("status", "kind", "orderId", "callId", "from", "to", "tz", "limit", "cursor");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    ReturnRequests(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    @Transactional(readOnly = true)
    Page<CallViews.ReturnRequest> list(TenantId company, MultiValueMap<String, String> parameters) {
        QueryParameters query = QueryParameters.of(parameters, PARAMETERS);
        KeysetQuery sql = new KeysetQuery(
                        "select * from returns r where r.company_id = :company", "r.created_at", "r.id")
                .param("company", company.value())
                .within(TimeWindow.open(query))
                .anyOf("r.status", "statuses", query.oneOf("status", NEXT.keySet()))
                .anyOf("r.kind", "kinds", query.oneOf("kind", Set.of("return", "refund", "exchange")))
                .where("r.order_id = :order", "order", query.text("orderId", 100))
                .where("r.call_id = :call", "call", query.uuid("callId"));
        return sql.page(
                jdbc,
                query.integer("limit", CallFilter.DEFAULT_LIMIT, 1, CallFilter.MAX_LIMIT),
                KeysetCursor.read(query, "cursor"),
                (rs, n) -> CallViews.returnRequest(rs),
                r -> new KeysetCursor(r.createdAt(), UUID.fromString(r.id())));
    }

    @Transactional
    CallViews.ReturnRequest move(TenantId company, UUID id, String status) {
        CallViews.ReturnRequest current = find(company, id);
        boolean allowed = NEXT.get(current.status()).contains(status)
                && !(status.equals("refunded") && current.kind().equals("exchange"));
        if (!allowed) {
            throw new ApiException(
                            HttpStatus.CONFLICT,
                            EscalationQueue.INVALID_TRANSITION,
                            "Invalid transition",
                            "A " + current.kind() + " request that is " + current.status() + " cannot become " + status)
                    .with("from", current.status())
                    .with("to", status)
                    .with(
                            "allowed",
                            NEXT.get(current.status()).stream()
                                    .filter(next -> !(next.equals("refunded")
                                            && current.kind().equals("exchange")))
                                    .sorted()
                                    .toList());
        }
        jdbc.sql("update returns set status = :status, updated_at = :now where company_id = :company and id = :id")
                .param("status", status)
                .param("now", Timestamp.from(clock.instant()))
                .param("company", company.value())
                .param("id", id)
                .update();
        CallViews.ReturnRequest moved = find(company, id);
        events.publishEvent(new ReturnUpdated(
                company, moved.callId() == null ? null : new CallId(UUID.fromString(moved.callId())), id));
        return moved;
    }

    private CallViews.ReturnRequest find(TenantId company, UUID id) {
        return jdbc.sql("select * from returns where company_id = :company and id = :id for update")
                .param("company", company.value())
                .param("id", id)
                .query((rs, n) -> CallViews.returnRequest(rs))
                .optional()
                .orElseThrow(() -> ApiException.notFound(NOT_FOUND, "The return request"));
    }
}
