package com.caly.webhooks;

import com.caly.calls.CallId;
import com.caly.shared.TenantId;
import com.caly.shared.notify.PostgresNotifications;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes an event and one delivery per endpoint that wants it, in the caller's transaction (the outbox), and
 * wakes the workers of every instance at its commit. Deliveries of one call's events share an ordering key, so
 * each endpoint gets them in the order they were written.
 */
@Component
class WebhookOutbox {

    static final String API_VERSION = "2026-12-01";
    static final String CHANNEL = "webhooks";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final PostgresNotifications notifications;
    private final WebhooksProperties properties;

    WebhookOutbox(JdbcClient jdbc, Clock clock, PostgresNotifications notifications, WebhooksProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.notifications = notifications;
        this.properties = properties;
    }

    /** Whether any enabled endpoint of the company wants this type (so nobody's event is built for nothing). */
    boolean wanted(TenantId company, WebhookEventType type) {
        return jdbc.sql("select exists (select 1 from webhook_endpoints"
                        + " where company_id = :company and enabled and :type = any(events))")
                .param("company", company.value())
                .param("type", type.code())
                .query(Boolean.class)
                .single();
    }

    /** The event for every endpoint subscribed to its type; returns the event's id, or null when none was. */
    @Nullable
    UUID record(TenantId company, @Nullable CallId call, WebhookEventType type, ObjectNode data) {
        return write(company, call, type, data, null);
    }

    /** A test event for one endpoint; returns the delivery's id. */
    UUID test(TenantId company, UUID endpointId) {
        ObjectNode data = JSON.createObjectNode().put("message", "A test event from Caly");
        UUID event = write(company, null, WebhookEventType.TEST, data, endpointId);
        return jdbc.sql("select id from webhook_deliveries where event_id = :event")
                .param("event", event)
                .query(UUID.class)
                .single();
    }

    private @Nullable UUID write(
            TenantId company,
            @Nullable CallId call,
            WebhookEventType type,
            ObjectNode data,
            @Nullable UUID onlyEndpoint) {
        UUID id = UUID.randomUUID();
        ObjectNode envelope = JSON.createObjectNode()
                .put("id", WebhookDeliveries.sentEventId(id))
                .put("type", type.code())
                .put("apiVersion", API_VERSION)
                .put("createdAt", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString())
                .put("companyId", company.value().toString());
        envelope.set("data", data);
        jdbc.sql("insert into webhook_outbox (id, company_id, type, call_id, payload) values (?, ?, ?, ?, ?)")
                .params(
                        id,
                        company.value(),
                        type.code(),
                        call == null ? null : call.value(),
                        JSON.writeValueAsString(envelope))
                .update();
        int deliveries = jdbc.sql("""
                        insert into webhook_deliveries (company_id, endpoint_id, event_id, ordering_key, give_up_at)
                        select company_id, id, :event, coalesce(:key, gen_random_uuid()::text),
                               now() + make_interval(secs => :retrySeconds)
                        from webhook_endpoints
                        where company_id = :company
                          and (case when cast(:only as uuid) is null then enabled and :type = any(events)
                                    else id = :only end)
                        order by created_at, id""")
                .param("event", id)
                .param("key", call == null ? null : "call:" + call.value())
                .param("retrySeconds", (double) properties.retryFor().toSeconds())
                .param("company", company.value())
                .param("only", onlyEndpoint)
                .param("type", type.code())
                .update();
        if (deliveries == 0) {
            jdbc.sql("delete from webhook_outbox where id = :id")
                    .param("id", id)
                    .update();
            return null;
        }
        notifications.send(CHANNEL, "");
        return id;
    }
}
