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
    void notesFiguresThatAreNotATimeOrAWholeNumber() {
        ExotelParameters parameters = ExotelParameters.of(Map.of(
                "StartTime", "yesterday",
                "Created", "Tue, 25 Aug 2026 12:07:08",
                "EndTime", "1970-01-01 05:30:00",
                "DialCallDuration", "12.5",
                "Duration", "-5",
                "ConversationDuration", "99999999999999999999"));
        java.util.List<com.caly.calls.ProviderAnomaly> notes = new java.util.ArrayList<>();
        assertThat(parameters.time("startedAt", notes, "StartTime")).isNull();
        assertThat(parameters.time("startedAt", notes, "Created")).isEqualTo(Instant.parse("2026-08-25T06:37:08Z"));
        assertThat(parameters.time("endedAt", notes, "EndTime"))
                .as("the placeholder is no time, not an anomaly")
                .isNull();
        assertThat(parameters.time("startedAt", notes, "Missing")).isNull();
        assertThat(parameters.time("startedAt", notes, "Iso")).isNull();
        assertThat(parameters.seconds("durationSeconds", notes, "DialCallDuration"))
                .isNull();
        assertThat(parameters.seconds("durationSeconds", notes, "Duration"))
                .as("the sign is for the call to judge")
                .isEqualTo(-5);
        assertThat(parameters.seconds("durationSeconds", notes, "ConversationDuration"))
                .isNull();
        assertThat(notes)
                .extracting(n -> n.field() + " " + n.problem() + " " + n.reported())
                .containsExactly(
                        "startedAt unreadable yesterday",
                        "durationSeconds unreadable 12.5",
                        "durationSeconds out_of_range 99999999999999999999");
        assertThat(ExotelParameters.of(Map.of("T", "1000-01-01T00:00:00Z")).time("T"))
                .as("an ISO instant, even an absurd one: plausibility is judged later")
                .isEqualTo(Instant.parse("1000-01-01T00:00:00Z"));
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
