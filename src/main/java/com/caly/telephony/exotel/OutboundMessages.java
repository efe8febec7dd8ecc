package com.caly.telephony.exotel;

import java.util.Base64;

/**
 * What we send on a call's stream, as JSON. Messages name the stream as {@code stream_sid} and {@code streamSid},
 * and media carries {@code chunk}, {@code timestamp} and {@code sequenceNumber}, as Exotel's own bridges send them
 * (some streams are said to end early without them). {@code sequenceNumber} counts every message sent.
 */
final class OutboundMessages {

    private final String streamIds;
    private long media;
    private long messages;

    OutboundMessages(String streamSid) {
        this.streamIds = "\"stream_sid\":\"" + streamSid + "\",\"streamSid\":\"" + streamSid + "\"";
    }

    /** @param timestampMs when the audio plays, in milliseconds since the stream's playback began */
    String media(byte[] payload, long timestampMs) {
        return "{\"event\":\"media\"," + streamIds + ",\"media\":{\"chunk\":" + ++media + ",\"timestamp\":\""
                + timestampMs + "\",\"sequenceNumber\":" + ++messages + ",\"payload\":\""
                + Base64.getEncoder().encodeToString(payload) + "\"}}";
    }

    String mark(String name) {
        messages++;
        return "{\"event\":\"mark\"," + streamIds + ",\"mark\":{\"name\":\"" + name + "\"}}";
    }

    String clear() {
        messages++;
        return "{\"event\":\"clear\"," + streamIds + "}";
    }
}
