package com.caly.webhooks;

import com.caly.billing.CallMetered;
import com.caly.calls.CallAnalyzed;
import com.caly.calls.CallEscalated;
import com.caly.calls.CallId;
import com.caly.calls.CallStarted;
import com.caly.calls.EscalationUpdated;
import com.caly.calls.ReturnRequested;
import com.caly.calls.ReturnUpdated;
import com.caly.recordings.RecordingStored;
import com.caly.shared.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns what the other modules publish into webhook events, on the publisher's thread and in its transaction: the
 * event is committed with the change or not at all. It is written in a savepoint, so a failure here is logged and
 * counted but never undoes the call's own change.
 */
@Component
class WebhookEventRecorder {

    private static final Logger log = LoggerFactory.getLogger(WebhookEventRecorder.class);

    private final WebhookOutbox outbox;
    private final WebhookPayloads payloads;
    private final TransactionTemplate savepoint;
    private final Counter failures;

    WebhookEventRecorder(
            WebhookOutbox outbox,
            WebhookPayloads payloads,
            PlatformTransactionManager transactions,
            MeterRegistry meters) {
        this.outbox = outbox;
        this.payloads = payloads;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.failures = Counter.builder("caly.webhooks.events.failed")
                .description("Webhook events that could not be written with the change they report")
                .register(meters);
    }

    @EventListener
    void on(CallStarted event) {
        record(
                event.companyId(),
                event.callId(),
                WebhookEventType.CALL_STARTED,
                () -> payloads.callStarted(event.companyId(), event.callId()));
    }

    /** A call's end is reported once its telephony charge is written, so the event carries it. */
    @EventListener
    void on(CallMetered event) {
        record(
                event.companyId(),
                event.callId(),
                WebhookEventType.CALL_ENDED,
                () -> payloads.callEnded(event.companyId(), event.callId()));
    }

    @EventListener
    void on(CallAnalyzed event) {
        record(
                event.companyId(),
                event.callId(),
                WebhookEventType.CALL_ANALYZED,
                () -> payloads.callAnalyzed(event.companyId(), event.callId()));
    }

    @EventListener
    void on(CallEscalated event) {
        record(
                event.companyId(),
                event.callId(),
                WebhookEventType.ESCALATION_CREATED,
                () -> payloads.escalation(event.companyId(), event.escalationId()));
    }

    @EventListener
    void on(EscalationUpdated event) {
        record(
                event.companyId(),
                event.callId(),
                WebhookEventType.ESCALATION_UPDATED,
                () -> payloads.escalation(event.companyId(), event.escalationId()));
    }

    @EventListener
    void on(ReturnRequested event) {
        record(
                event.companyId(),
                event.callId(),
                WebhookEventType.RETURN_CREATED,
                () -> payloads.returnRequest(event.companyId(), event.returnId()));
    }

    @EventListener
    void on(ReturnUpdated event) {
        record(
                event.companyId(),
                event.callId(),
                WebhookEventType.RETURN_UPDATED,
                () -> payloads.returnRequest(event.companyId(), event.returnId()));
    }

    @EventListener
    void on(RecordingStored event) {
        record(
                event.companyId(),
                event.callId(),
                WebhookEventType.RECORDING_STORED,
                () -> payloads.recordingStored(event.companyId(), event.callId()));
    }

    private void record(
            TenantId company, @Nullable CallId call, WebhookEventType type, Supplier<@Nullable ObjectNode> data) {
        try {
            savepoint.executeWithoutResult(status -> {
                if (!outbox.wanted(company, type)) {
                    return;
                }
                ObjectNode payload = data.get();
                if (payload != null) {
                    outbox.record(company, call, type, payload);
                }
            });
        } catch (RuntimeException e) {
            failures.increment();
            log.error("Could not write the {} webhook event of call {} for company {}", type.code(), call, company, e);
        }
    }
}
