package com.caly.webhooks;

import com.caly.shared.TenantId;
import com.caly.shared.query.KeysetCursor;
import com.caly.shared.query.KeysetQuery;
import com.caly.shared.query.Page;
import com.caly.shared.query.QueryParameters;
import com.caly.shared.web.ApiException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deliveries' table, shared by every instance: claiming due deliveries under a lease (skipping rows another
 * instance holds), recording each attempt's answer, and what the company reads and redelivers. Times are the
 * database's, so instances agree on them.
 */
@Component
class WebhookDeliveries {

    static final String IN_PROGRESS = "webhook-delivery-in-progress";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> PARAMETERS = Set.of("status", "limit", "cursor");

    /** A delivery a worker holds: the event to send and its attempt's number. */
    record Claimed(UUID id, UUID endpointId, String eventId, String eventType, String payload, int attempt) {}

    /** What one attempt came to; {@code status} is null when no answer came (refused, timed out, unreachable). */
    record Outcome(
            @Nullable Integer status,
            long latencyMs,
            @Nullable String error,
            @Nullable String excerpt) {

        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    record Delivery(
            String id,
            String endpointId,
            String eventId,
            String eventType,
            @Nullable String callId,
            String status,
            int attempts,
            @Nullable Integer responseStatus,
            @Nullable Integer latencyMs,
            @Nullable String error,
            Instant createdAt,
            @Nullable Instant nextAttemptAt,
            @Nullable Instant deliveredAt) {}

    record Attempt(
            int number,
            Instant at,
            @Nullable Integer responseStatus,
            @Nullable Integer latencyMs,
            @Nullable String error,
            @Nullable String responseExcerpt) {}

    record DeliveryDetail(Delivery delivery, JsonNode payload, List<Attempt> attemptLog) {}

    private static final String SELECT = """
            select d.*, e.type, e.call_id, e.payload
            from webhook_deliveries d join webhook_outbox e on e.id = d.event_id""";

    private final JdbcClient jdbc;

    WebhookDeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes up to {@code limit} due deliveries for {@code instance}: the first unfinished one of each call per
     * endpoint, no more per endpoint than {@code perEndpoint} at once across instances, oldest due first. A
     * delivery whose lease ran out (its instance stopped) is due again; its attempt is noted as unanswered.
     */
    @Transactional
    List<Claimed> claim(String instance, int limit, int perEndpoint, Duration lease) {
        jdbc.sql("""
                        with expired as (
                            update webhook_deliveries set status = 'pending', lease_until = null,
                                error = 'no answer was recorded: the instance delivering it stopped'
                            where status = 'delivering' and lease_until < now()
                            returning id, attempts)
                        update webhook_attempts a set error = 'no answer was recorded: the instance delivering it stopped'
                        from expired x where a.delivery_id = x.id and a.number = x.attempts
                            and a.response_status is null and a.error is null""").update();
        List<Claimed> claimed = jdbc.sql("""
                        with due as (
                            select d.id, d.endpoint_id, d.next_attempt_at, d.seq,
                                   row_number() over (partition by d.endpoint_id order by d.next_attempt_at, d.seq) as turn
                            from webhook_deliveries d
                            where d.status = 'pending' and d.next_attempt_at <= now()
                              and not exists (
                                  select 1 from webhook_deliveries earlier
                                  where earlier.endpoint_id = d.endpoint_id and earlier.ordering_key = d.ordering_key
                                    and earlier.seq < d.seq and earlier.status in ('pending', 'delivering'))),
                        busy as (
                            select endpoint_id, count(*) as sending from webhook_deliveries
                            where status = 'delivering' group by endpoint_id),
                        picked as (
                            select d.id from webhook_deliveries d
                            join due on due.id = d.id
                            left join busy on busy.endpoint_id = due.endpoint_id
                            where due.turn + coalesce(busy.sending, 0) <= :perEndpoint
                            order by due.next_attempt_at, due.seq
                            limit :limit
                            for update of d skip locked)
                        update webhook_deliveries d set status = 'delivering', attempts = d.attempts + 1,
                            lease_until = now() + make_interval(secs => :lease), claimed_by = :instance
                        from picked, webhook_outbox e
                        where d.id = picked.id and e.id = d.event_id and d.status = 'pending'
                        returning d.id, d.endpoint_id, d.event_id, e.type, e.payload, d.attempts""")
                .param("perEndpoint", perEndpoint)
                .param("limit", limit)
                .param("lease", (double) lease.toMillis() / 1000)
                .param("instance", instance)
                .query((rs, n) -> new Claimed(
                        rs.getObject("id", UUID.class),
                        rs.getObject("endpoint_id", UUID.class),
                        sentEventId(rs.getObject("event_id", UUID.class)),
                        rs.getString("type"),
                        rs.getString("payload"),
                        rs.getInt("attempts")))
                .list();
        for (Claimed delivery : claimed) {
            jdbc.sql("""
                            insert into webhook_attempts (delivery_id, number, started_at, claimed_by)
                            values (:id, :number, now(), :instance) on conflict do nothing""")
                    .param("id", delivery.id())
                    .param("number", delivery.attempt())
                    .param("instance", instance)
                    .update();
        }
        return claimed;
    }

    /**
     * Records an attempt's outcome: delivered, due again after {@code retryIn}, or failed once that would pass the
     * delivery's last day. A delivery another instance took over meanwhile keeps its state; the attempt is noted.
     */
    @Transactional
    void complete(Claimed delivery, String instance, Outcome outcome, Duration retryIn) {
        jdbc.sql("""
                        update webhook_attempts set response_status = :status, latency_ms = :latency,
                            error = :error, response_excerpt = :excerpt
                        where delivery_id = :id and number = :number""")
                .param("status", outcome.status())
                .param("latency", (int) Math.min(Integer.MAX_VALUE, outcome.latencyMs()))
                .param("error", outcome.error())
                .param("excerpt", outcome.excerpt())
                .param("id", delivery.id())
                .param("number", delivery.attempt())
                .update();
        jdbc.sql("""
                        update webhook_deliveries set
                            status = case when :delivered then 'delivered'
                                          when now() + make_interval(secs => :retry) > give_up_at then 'failed'
                                          else 'pending' end,
                            next_attempt_at = case when :delivered then next_attempt_at
                                                   else now() + make_interval(secs => :retry) end,
                            delivered_at = case when :delivered then now() else delivered_at end,
                            lease_until = null, response_status = :status, latency_ms = :latency, error = :error
                        where id = :id and status = 'delivering' and claimed_by = :instance and attempts = :number""")
                .param("delivered", outcome.delivered())
                .param("retry", (double) retryIn.toMillis() / 1000)
                .param("status", outcome.status())
                .param("latency", (int) Math.min(Integer.MAX_VALUE, outcome.latencyMs()))
                .param("error", outcome.error())
                .param("id", delivery.id())
                .param("instance", instance)
                .param("number", delivery.attempt())
                .update();
    }

    @Transactional(readOnly = true)
    Page<Delivery> list(TenantId company, UUID endpoint, MultiValueMap<String, String> parameters) {
        QueryParameters query = QueryParameters.of(parameters, PARAMETERS);
        KeysetQuery sql = new KeysetQuery(
                        SELECT + " where d.company_id = :company and d.endpoint_id = :endpoint", "d.created_at", "d.id")
                .param("company", company.value())
                .param("endpoint", endpoint)
                .anyOf(
                        "d.status",
                        "statuses",
                        query.oneOf("status", Set.of("pending", "delivering", "delivered", "failed")));
        return sql.page(
                jdbc,
                query.integer("limit", 50, 1, 200),
                KeysetCursor.read(query, "cursor"),
                (rs, n) -> delivery(rs),
                d -> new KeysetCursor(d.createdAt(), UUID.fromString(d.id())));
    }

    @Transactional(readOnly = true)
    DeliveryDetail detail(TenantId company, UUID id) {
        record Row(Delivery delivery, String payload) {}
        Row row = jdbc.sql(SELECT + " where d.company_id = :company and d.id = :id")
                .param("company", company.value())
                .param("id", id)
                .query((rs, n) -> new Row(delivery(rs), rs.getString("payload")))
                .optional()
                .orElseThrow(WebhookDeliveries::notFound);
        List<Attempt> attempts = jdbc.sql("select * from webhook_attempts where delivery_id = :id order by number")
                .param("id", id)
                .query((rs, n) -> new Attempt(
                        rs.getInt("number"),
                        rs.getTimestamp("started_at").toInstant(),
                        (Integer) rs.getObject("response_status"),
                        (Integer) rs.getObject("latency_ms"),
                        rs.getString("error"),
                        rs.getString("response_excerpt")))
                .list();
        return new DeliveryDetail(row.delivery(), JSON.readTree(row.payload()), attempts);
    }

    /** Sends a delivered or failed event again, at once and then with retries for another {@code retryFor}. */
    @Transactional
    Delivery redeliver(TenantId company, UUID id, Duration retryFor) {
        Delivery current = detail(company, id).delivery();
        if (current.status().equals("delivering")) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    IN_PROGRESS,
                    "Delivery in progress",
                    "This delivery is being sent now; redeliver it once it is done");
        }
        jdbc.sql("""
                        update webhook_deliveries set status = 'pending', next_attempt_at = now(), lease_until = null,
                            give_up_at = now() + make_interval(secs => :retryFor)
                        where company_id = :company and id = :id""")
                .param("retryFor", (double) retryFor.toSeconds())
                .param("company", company.value())
                .param("id", id)
                .update();
        return detail(company, id).delivery();
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        String status = rs.getString("status");
        boolean finished = status.equals("delivered") || status.equals("failed");
        return new Delivery(
                rs.getString("id"),
                rs.getString("endpoint_id"),
                sentEventId(rs.getObject("event_id", UUID.class)),
                rs.getString("type"),
                rs.getString("call_id"),
                status,
                rs.getInt("attempts"),
                (Integer) rs.getObject("response_status"),
                (Integer) rs.getObject("latency_ms"),
                rs.getString("error"),
                rs.getTimestamp("created_at").toInstant(),
                finished ? null : instant(rs.getTimestamp("next_attempt_at")),
                instant(rs.getTimestamp("delivered_at")));
    }

    static String sentEventId(UUID id) {
        return "evt_" + id.toString().replace("-", "");
    }

    private static @Nullable Instant instant(@Nullable Timestamp at) {
        return at == null ? null : at.toInstant();
    }

    static ApiException notFound() {
        return new ApiException(
                HttpStatus.NOT_FOUND, "webhook-delivery-not-found", "Delivery not found", "No such webhook delivery");
    }
}
