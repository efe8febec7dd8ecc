package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.IntegrationTest;
import com.caly.tenants.TenantService;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The stream with an agent on the other side (a stand-in until the voice module provides the real one). */
@Import(StandInVoiceAgent.class)
class MediaStreamWithAgentIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    ExotelWebhookGuard guard;

    private String exophone;
    private String callSid;

    @BeforeEach
    void companyWithANumber() {
        exophone = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Agent Co")
                .exophone();
        callSid = ExotelTestLines.newCallSid();
    }

    @Test
    void playsAgentAudioInExotelSizedChunksAtRealTimeAndHandsOverOnRequest() throws Exception {
        String query = "CallSid=" + callSid + "&CallFrom=09845012345&CallTo=" + exophone + "&Direction=incoming";
        api.get("/webhooks/exotel/call-start?token=" + guard.token() + "&" + query);
        String url = api.get("/webhooks/exotel/stream-url?token=" + guard.token() + "&" + query)
                .json()
                .path("url")
                .asString();
        MediaStreamClient exotel = MediaStreamClient.connect(url);
        exotel.connected().start("S9", callSid, "+919845012345", exophone);
        long before = StandInVoiceAgent.callerBytes.get();
        long sentAt = System.nanoTime();
        for (int frame = 0; frame < 50; frame++) {
            exotel.media("S9", new byte[320], frame * 20L);
        }

        // one second of 8 kHz audio: 16,000 bytes in chunks of whole 320-byte frames, at least 3,200 each
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<Long> arrivals = new ArrayList<>();
        int bytes = 0;
        JsonMapper json = JsonMapper.builder().build();
        while (bytes < 16_000 && System.nanoTime() < deadline) {
            Thread.sleep(10);
            bytes = 0;
            arrivals.clear();
            for (String message : exotel.received) {
                JsonNode node = json.readTree(message);
                assertThat(node.path("event").asString()).isEqualTo("media");
                assertThat(node.path("stream_sid").asString()).isEqualTo("S9");
                int length = Base64.getDecoder()
                        .decode(node.path("media").path("payload").asString())
                        .length;
                assertThat(length % 320).isZero();
                assertThat(length).isBetween(3_200, 102_400);
                bytes += length;
            }
        }
        long elapsedMs = (System.nanoTime() - sentAt) / 1_000_000;
        assertThat(bytes).isEqualTo(16_000);
        assertThat(exotel.received).hasSize(5);
        // paced: the last of five 200 ms chunks goes out about 800 ms after the first, less the lead
        assertThat(elapsedMs).isGreaterThanOrEqualTo(600);
        assertThat(StandInVoiceAgent.callerBytes.get() - before).isEqualTo(50 * 320);

        exotel.send("{\"event\":\"dtmf\",\"stream_sid\":\"S9\",\"dtmf\":{\"digit\":\"9\",\"duration\":\"100\"}}");
        assertThat(exotel.awaitClose()).isEqualTo(1000);

        String after = "CallSid=" + callSid + "&CallTo=" + exophone;
        assertThat(api.get("/webhooks/exotel/after-bot?token=" + guard.token() + "&" + after)
                        .status())
                .isEqualTo(302);
        assertThat(jdbc.sql("select end_reason || ':' || escalated from calls where provider_call_sid = ?")
                        .param(callSid)
                        .query(String.class)
                        .single())
                .isEqualTo("handoff:true");
        long jobs = ExotelTestLines.await(
                () -> jdbc.sql(
                                "select count(*) from recording_uploads u join calls c on c.id = u.call_id where c.provider_call_sid = ?")
                        .param(callSid)
                        .query(Long.class)
                        .single(),
                count -> count > 0,
                java.time.Duration.ofSeconds(5));
        assertThat(jobs)
                .as("the caller's audio was queued as the call's recording")
                .isEqualTo(1);
    }
}
