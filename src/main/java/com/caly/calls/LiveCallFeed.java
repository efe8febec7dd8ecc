package com.caly.calls;

import com.caly.shared.notify.PostgresNotifications;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the live view shows as it happens, sent to every instance as a PostgreSQL notification on
 * {@value #CHANNEL} with the transaction that records it (or at once, outside one), and handed there to the
 * company's open streams. The listeners are synchronous: on the publisher's thread and in its transaction, so a
 * call's start reaches the streams only once the call is committed.
 */
@Component
class LiveCallFeed {

    static final String CHANNEL = "caly_live_view";

    private final PostgresNotifications notifications;
    private final LiveCalls calls;
    private final JsonMapper json;
    private final Clock clock;
    private final LiveCallSubscribers subscribers;

    LiveCallFeed(
            PostgresNotifications notifications,
            LiveCalls calls,
            JsonMapper json,
            Clock clock,
            LiveCallStreams streams) {
        this.notifications = notifications;
        this.calls = calls;
        this.json = json;
        this.clock = clock;
        this.subscribers = streams.subscribers();
        notifications.subscribe(CHANNEL, payload -> LiveEvent.decode(payload).ifPresent(subscribers::publish));
    }

    @EventListener
    void line(TranscriptLineRecorded said) {
        LiveCalls.LiveLine line = new LiveCalls.LiveLine(
                said.sequence(),
                said.speaker(),
                said.text(),
                said.startMs(),
                said.endMs(),
                said.interrupted(),
                clock.instant(),
                false);
        CallId call = said.callId();
        ObjectNode data = LiveEvent.JSON.createObjectNode();
        data.put("callId", call.toString());
        data.set("line", json.valueToTree(line));
        send(new LiveEvent(said.companyId(), call, LiveEvent.TRANSCRIPT, call + ":line:" + said.sequence(), data));
    }

    @EventListener
    void escalated(CallEscalated escalated) {
        CallId call = escalated.callId();
        ObjectNode data = LiveEvent.JSON.createObjectNode();
        data.put("callId", call.toString());
        data.put("escalationId", escalated.escalationId().toString());
        data.put("reason", escalated.reason());
        data.put("urgency", escalated.urgency());
        data.put("at", stamp(clock.instant()));
        // the brief without what the event already says; its texts are bounded, so the event fits a notification
        ObjectNode brief = json.valueToTree(escalated.brief());
        brief.remove(List.of("reason", "urgency"));
        data.set("brief", brief);
        LiveEvent event = new LiveEvent(
                escalated.companyId(),
                call,
                LiveEvent.ESCALATED,
                call + ":escalation:" + escalated.escalationId(),
                data);
        try {
            event.encode();
        } catch (IllegalArgumentException e) {
            // too long even with the reason cut: the summary and intent still go, the rest is in the escalation
            brief.retain("summary", "intent", "preparedInMs");
        }
        send(event);
    }

    /** In the transaction that recorded the call: it reaches the streams when that commits. */
    @EventListener
    void started(CallStarted started) {
        calls.find(started.companyId(), started.callId()).ifPresent(call -> {
            ObjectNode data = json.valueToTree(call);
            send(new LiveEvent(started.companyId(), started.callId(), LiveEvent.STARTED, call.id() + ":started", data));
        });
    }

    @EventListener
    void ended(CallEnded ended) {
        ObjectNode data = LiveEvent.JSON.createObjectNode();
        data.put("callId", ended.callId().toString());
        data.put("status", ended.status().code());
        data.put("endedAt", stamp(ended.endedAt()));
        send(new LiveEvent(ended.companyId(), ended.callId(), LiveEvent.ENDED, ended.callId() + ":ended", data));
    }

    private String stamp(Instant at) {
        return json.valueToTree(at).asString();
    }

    private void send(LiveEvent event) {
        notifications.send(CHANNEL, event.encode());
    }
}
