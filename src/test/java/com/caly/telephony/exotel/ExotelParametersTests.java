package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExotelParametersTests {

    @Test
    void unquotesValuesAndReadsExotelTimesInIndianTime() {
        ExotelParameters parameters = ExotelParameters.of(Map.of(
                "digits", "\"1234\"",
                "StartTime", "2026-11-24 23:50:00",
                "EndTime", "1970-01-01 05:30:00",
                "DialCallDuration", "125"));
        assertThat(parameters.get("digits")).isEqualTo("1234");
        assertThat(parameters.time("StartTime")).isEqualTo(Instant.parse("2026-11-24T18:20:00Z"));
        assertThat(parameters.time("EndTime"))
                .as("Exotel's placeholder means no time")
                .isNull();
        assertThat(parameters.number("DialCallDuration")).isEqualTo(125);
        assertThat(parameters.number("Missing", "DialCallDuration")).isEqualTo(125);
    }

    @Test
    void spreadsAStreamSentAsOneJsonString() {
        ExotelParameters parameters = ExotelParameters.of(Map.of(
                "Stream",
                "{\"StreamSID\":\"S1\",\"Status\":\"completed\",\"Duration\":42,\"DisconnectedBy\":\"bot\"}"));
        assertThat(parameters.get("Stream[StreamSID]")).isEqualTo("S1");
        assertThat(parameters.get("Stream[Duration]")).isEqualTo("42");
        assertThat(parameters.get("Stream[DisconnectedBy]")).isEqualTo("bot");
    }

    @Test
    void mapsEndStatusesFromStatusCallbacksAndPassthru() {
        assertThat(ExotelWebhookService.endStatus(ExotelParameters.of(Map.of("Status", "no-answer")))
                        .code())
                .isEqualTo("no_answer");
        assertThat(ExotelWebhookService.endStatus(ExotelParameters.of(Map.of("Status", "busy")))
                        .code())
                .isEqualTo("busy");
        assertThat(ExotelWebhookService.endStatus(ExotelParameters.of(Map.of("CallType", "client-hangup")))
                        .code())
                .isEqualTo("completed");
        assertThat(ExotelWebhookService.endStatus(ExotelParameters.of(Map.of("CallType", "incomplete")))
                        .code())
                .isEqualTo("failed");
        assertThat(ExotelWebhookService.endStatus(ExotelParameters.of(Map.of())).code())
                .isEqualTo("completed");
        assertThat(ExotelWebhookService.direction(ExotelParameters.of(Map.of("Direction", "outbound-dial"))))
                .isEqualTo("outbound");
        assertThat(ExotelWebhookService.direction(ExotelParameters.of(Map.of("Direction", "incoming"))))
                .isEqualTo("inbound");
    }
}
