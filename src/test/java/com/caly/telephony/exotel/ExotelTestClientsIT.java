package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.tenants.TenantService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * What Exotel's own test clients send (test_connection.py and test_enhanced_features.py in exotel/Agent-Stream-echobot),
 * played over the static URL with the account's Basic credentials: the numbers are this company's, the shapes
 * and values theirs (an ISO time in connected, integer counters, odd-length payloads that are not audio, a flat start
 * and stop, marks, clears and dtmf sent from Exotel's side, a payload that is not base64). Their scripts never fail
 * on their own; this says what Caly must do with each message.
 */
@Import(StandInVoiceAgent.class)
class ExotelTestClientsIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    private ExotelTestLines.Line line;
    private String callSid;

    @BeforeEach
    void companyWithANumber() {
        line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Exotel Client Co");
        callSid = ExotelTestLines.newCallSid();
    }

    @Test
    void servesTheConnectionTestClientsCallWithItsOddLengthPayloads() throws Exception {
        long before = StandInVoiceAgent.callerBytes.get();
        MediaStreamClient exotel = open();
        exotel.send("{\"event\":\"connected\",\"timestamp\":\"2026-12-01T16:05:00.123456\"}");
        exotel.send("{\"event\":\"start\",\"sequence_number\":1,\"stream_sid\":\"test_stream_12345\",\"start\":{"
                + "\"stream_sid\":\"test_stream_12345\",\"call_sid\":\"" + callSid + "\","
                + "\"account_sid\":\"test_account_11111\",\"from\":\"+1234567890\",\"to\":\"" + line.e164() + "\","
                + "\"custom_parameters\":{\"test_mode\":\"true\",\"echo_test\":\"active\"},"
                + "\"media_format\":{\"encoding\":\"raw/slin\",\"sample_rate\":\"8000\",\"bit_rate\":\"16\"}}}");
        for (int chunk = 1; chunk <= 2; chunk++) {
            String payload = Base64.getEncoder()
                    .encodeToString(("test_audio_data_chunk_" + chunk).getBytes(StandardCharsets.US_ASCII));
            exotel.send("{\"event\":\"media\",\"sequence_number\":" + (chunk + 1)
                    + ",\"stream_sid\":\"test_stream_12345\",\"media\":{\"chunk\":" + chunk + ",\"timestamp\":\""
                    + chunk * 100 + "\",\"payload\":\"" + payload + "\"}}");
        }
        // the stand-in agent answers the first audio with a second of speech; key 1 interrupts it
        ExotelTestLines.await(() -> events(exotel, "media").size(), n -> n > 0, Duration.ofSeconds(5));
        exotel.send("{\"event\":\"dtmf\",\"sequence_number\":4,\"stream_sid\":\"test_stream_12345\","
                + "\"dtmf\":{\"duration\":\"100\",\"digit\":\"1\"}}");
        ExotelTestLines.await(() -> events(exotel, "clear").size(), n -> n > 0, Duration.ofSeconds(5));
        assertThat(exotel.closed).as("every message so far was read").isNotDone();
        exotel.send("{\"event\":\"stop\",\"sequence_number\":5,\"stream_sid\":\"test_stream_12345\",\"stop\":{"
                + "\"call_sid\":\"" + callSid + "\",\"account_sid\":\"test_account_11111\",\"reason\":\"callended\"}}");

        assertThat(exotel.awaitClose()).isEqualTo(1000);
        assertThat(StandInVoiceAgent.callerBytes.get() - before)
                .as("two payloads of 23 bytes reach the agent as 46 bytes of whole samples")
                .isEqualTo(46);
        assertThat(events(exotel, "clear")).hasSize(1);
        assertThat(events(exotel, "media")).allSatisfy(media -> {
            assertThat(media.path("stream_sid").asString()).isEqualTo("test_stream_12345");
            assertThat(media.path("streamSid").asString()).isEqualTo("test_stream_12345");
            assertThat(media.path("media").path("chunk").asInt()).isPositive();
            assertThat(media.path("media").path("sequenceNumber").asInt()).isPositive();
            assertThat(media.path("media").path("timestamp").asString()).containsOnlyDigits();
        });
        String end = ExotelTestLines.await(
                () -> callRow("company_id || ' ' || status || ' ' || coalesce(end_reason, '')"),
                row -> row != null && row.endsWith("stream_callended"),
                Duration.ofSeconds(5));
        assertThat(end).isEqualTo(line.company().id() + " in_progress stream_callended");
        long uploads = ExotelTestLines.await(
                () -> jdbc.sql(
                                "select count(*) from recording_uploads u join calls c on c.id = u.call_id where c.provider_call_sid = ?")
                        .param(callSid)
                        .query(Long.class)
                        .single(),
                count -> count > 0,
                Duration.ofSeconds(5));
        assertThat(uploads).as("the recording was queued").isEqualTo(1);
    }

    @Test
    void readsTheEnhancedClientsFlatShapesAndLeavesItsExotelSideEventsAlone() throws Exception {
        MediaStreamClient exotel = open();
        exotel.send("{\"event\":\"connected\",\"timestamp\":\"2025-07-31T16:05:00.123456\"}");
        exotel.send("{\"event\":\"start\",\"stream_sid\":\"test_stream_enhanced\",\"call_sid\":\"" + callSid + "\","
                + "\"account_sid\":\"test_account_enhanced\",\"from\":\"+1111111111\",\"to\":\"" + line.e164() + "\","
                + "\"media_format\":{\"encoding\":\"raw/slin\",\"sample_rate\":\"8000\",\"bit_rate\":\"16\"}}");
        exotel.send("{\"event\":\"mark\",\"stream_sid\":\"test_stream_enhanced\","
                + "\"mark\":{\"name\":\"enhanced_test_marker\"},\"sequence_number\":1}");
        exotel.send("{\"event\":\"clear\",\"stream_sid\":\"test_stream_enhanced\",\"sequence_number\":2}");
        // the script presses 9; the stand-in agent would hand that call to a person, so this presses 7
        exotel.send("{\"event\":\"dtmf\",\"stream_sid\":\"test_stream_enhanced\","
                + "\"dtmf\":{\"digit\":\"7\",\"duration\":\"250\"},\"sequence_number\":3}");
        for (int i = 1; i <= 3; i++) {
            exotel.send("{\"event\":\"media\",\"stream_sid\":\"test_stream_enhanced\",\"media\":{\"chunk\":\"" + i
                    + "\",\"timestamp\":\"" + 100 * i + "\",\"payload\":\"dGVzdF9lbmhhbmNlZF9hdWRpb19jaHVua18=" + i
                    + "\"},\"sequence_number\":" + (3 + i) + "}");
        }
        String started = ExotelTestLines.await(
                () -> callRow("company_id || ' ' || status"), java.util.Objects::nonNull, Duration.ofSeconds(5));
        assertThat(started)
                .as("the flat start opened the call for the company")
                .isEqualTo(line.company().id() + " in_progress");
        Thread.sleep(300);
        assertThat(exotel.closed)
                .as("a mark, clear or dtmf from Exotel's side and three unreadable payloads do not end the stream")
                .isNotDone();
        assertThat(exotel.received)
                .as("nothing is acknowledged: those events are Exotel's to answer, not ours")
                .isEmpty();

        exotel.send("{\"event\":\"stop\",\"call_sid\":\"" + callSid + "\",\"account_sid\":\"test_account_enhanced\","
                + "\"reason\":\"enhanced_test_completed\",\"sequence_number\":7}");
        assertThat(exotel.awaitClose()).as("the flat stop ends the stream").isEqualTo(1000);
    }

    private MediaStreamClient open() throws Exception {
        return MediaStreamClient.connect(
                "ws://127.0.0.1:" + port + "/media/exotel?sample-rate=8000",
                "Authorization",
                StaticStreamUrlIT.basic(StaticStreamUrlIT.ACCOUNT));
    }

    private String callRow(String expression) {
        return jdbc.sql("select " + expression + " from calls where provider_call_sid = ?")
                .param(callSid)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private static List<tools.jackson.databind.JsonNode> events(MediaStreamClient exotel, String event) {
        return exotel.received.stream()
                .map(ApiClient.JSON::readTree)
                .filter(node -> node.path("event").asString().equals(event))
                .toList();
    }
}
