package com.caly.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.shared.TenantId;
import com.caly.shared.notify.PostgresNotifications;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class LiveEventTests {

    private final TenantId company = new TenantId(UUID.randomUUID());
    private final CallId call = new CallId(UUID.randomUUID());

    private LiveEvent line(String text) {
        ObjectNode data = LiveEvent.JSON.createObjectNode();
        data.put("callId", call.toString());
        ObjectNode line = data.putObject("line");
        line.put("sequence", 3);
        line.put("speaker", "caller");
        line.put("text", text);
        line.put("truncated", false);
        return new LiveEvent(company, call, LiveEvent.TRANSCRIPT, call + ":line:3", data);
    }

    @Test
    void decodesWhatItEncodes() {
        LiveEvent event = line("What time do you open?");
        LiveEvent back = LiveEvent.decode(event.encode()).orElseThrow();
        assertThat(back.companyId()).isEqualTo(company);
        assertThat(back.callId()).isEqualTo(call);
        assertThat(back.name()).isEqualTo("transcript");
        assertThat(back.id()).isEqualTo(call + ":line:3");
        assertThat(back.data().path("line").path("text").asString()).isEqualTo("What time do you open?");
        assertThat(back.data().path("line").path("truncated").asBoolean()).isFalse();
    }

    @Test
    void cutsALongLineToFitANotificationAndMarksIt() {
        String text = "नमस्ते ".repeat(3_000); // three bytes a letter in UTF-8
        String payload = line(text).encode();
        assertThat(payload.getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(PostgresNotifications.MAX_PAYLOAD_BYTES)
                .isGreaterThan(PostgresNotifications.MAX_PAYLOAD_BYTES - 20);
        ObjectNode line =
                (ObjectNode) LiveEvent.decode(payload).orElseThrow().data().get("line");
        assertThat(line.path("truncated").asBoolean()).isTrue();
        assertThat(text).startsWith(line.path("text").asString());
    }

    @Test
    void neverSplitsACharacterOrAnEscape() {
        // emoji are surrogate pairs; quotes and controls grow when escaped
        String text = "😀\"\u0001".repeat(4_000);
        String payload = line(text).encode(1_000);
        assertThat(payload.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1_000);
        String cut = LiveEvent.decode(payload)
                .orElseThrow()
                .data()
                .path("line")
                .path("text")
                .asString();
        assertThat(text).startsWith(cut);
        assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 1))).isFalse();
    }

    @Test
    void cutsALongEscalationReason() {
        ObjectNode data = LiveEvent.JSON.createObjectNode();
        data.put("callId", call.toString());
        data.put("reason", "x".repeat(20_000));
        String payload = new LiveEvent(company, call, LiveEvent.ESCALATED, "e", data).encode();
        assertThat(payload.getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(PostgresNotifications.MAX_PAYLOAD_BYTES);
        assertThat(LiveEvent.decode(payload)
                        .orElseThrow()
                        .data()
                        .path("truncated")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void ignoresPayloadsThatAreNotEvents() {
        assertThat(LiveEvent.decode("not json")).isEmpty();
        assertThat(LiveEvent.decode("{\"company\":\"x\",\"data\":{}}")).isEmpty();
        assertThat(LiveEvent.decode("{\"company\":\"" + company + "\",\"call\":\"" + call + "\"}"))
                .isEmpty();
    }
}
