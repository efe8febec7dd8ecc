package com.caly.calls;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * What the person who takes a handed-off call needs at once: what was said so far, what the caller wants and what
 * the agent already did. Written from the transcript so far and the call's actions and returns, with the
 * escalation and before the call reaches the person's phone; no model is asked.
 *
 * @param summary the caller's last substantive lines, in their words, and the agent's last answer, condensed
 * @param intent what the caller wants, from keywords in their lines and the tools the agent ran
 * @param preparedInMs from the hand-off decision to the brief being written with the escalation
 */
@Schema(description = "What the person taking a handed-off call needs at once")
public record HandoffBrief(
        String summary,

        @Schema(examples = {"order status", "return request", "speak to a person"})
        String intent,

        List<ActionTaken> actionsTaken,
        List<ReturnFiled> returnsFiled,
        String reason,

        @Schema(allowableValues = {"low", "normal", "high", "urgent"})
        String urgency,

        Instant preparedAt,
        long preparedInMs) {

    /** One tool the agent ran on the call, said in a line: "looked up order 12345: shipped". */
    public record ActionTaken(String tool, String summary) {}

    /** A return, refund or exchange request filed on the call. */
    public record ReturnFiled(
            String id,
            String orderId,

            @Schema(allowableValues = {"return", "refund", "exchange"})
            String kind,

            @Schema(allowableValues = {"requested", "approved", "rejected", "refunded"})
            String status) {}
}
