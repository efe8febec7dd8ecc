package com.caly.webhooks;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The events an endpoint may subscribe to, and the test event sent on request. */
enum WebhookEventType {
    CALL_STARTED("call.started"),
    CALL_ENDED("call.ended"),
    CALL_ANALYZED("call.analyzed"),
    ESCALATION_CREATED("escalation.created"),
    ESCALATION_UPDATED("escalation.updated"),
    RETURN_CREATED("return.created"),
    RETURN_UPDATED("return.updated"),
    RECORDING_STORED("recording.stored"),
    TEST("webhook.test");

    private final String code;

    WebhookEventType(String code) {
        this.code = code;
    }

    String code() {
        return code;
    }

    /** What an endpoint may subscribe to: every type but the test event, which goes to one endpoint on request. */
    static List<String> subscribable() {
        return Arrays.stream(values())
                .filter(t -> t != TEST)
                .map(WebhookEventType::code)
                .toList();
    }

    static Optional<WebhookEventType> subscribable(String code) {
        return Arrays.stream(values())
                .filter(t -> t != TEST && t.code.equals(code))
                .findFirst();
    }
}
