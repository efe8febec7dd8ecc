package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The Voicebot stream over a real WebSocket, with no voice agent configured. */
class MediaStreamIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    ExotelWebhookGuard guard;

    @Autowired
    StreamTokens tokens;

    @Autowired
    MeterRegistry meters;

    private TenantFixture.Company company;
    private String exophone;
    private String callSid;

    @BeforeEach
    void companyWithANumber() {
        ExotelTestLines.Line line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Stream Co");
        company = line.company();
        exophone = line.exophone();
        callSid = ExotelTestLines.newCallSid();
    }

    private String streamUrl() {
        String query = "CallSid=" + callSid + "&CallFrom=09845012345&CallTo=" + exophone + "&Direction=incoming";
        assertThat(api.get("/webhooks/exotel/call-start?token=" + guard.token() + "&" + query)
                        .status())
                .isEqualTo(200);
        return api.get("/webhooks/exotel/stream-url?token=" + guard.token() + "&" + query)
                .json()
                .path("url")
                .asString();
    }

    private static java.util.List<String> spoolFilesOf(java.util.UUID callId) {
        java.nio.file.Path spool = java.nio.file.Path.of(System.getProperty("RECORDINGS_SPOOL_DIR"));
        try (var files = java.nio.file.Files.newDirectoryStream(spool, callId + ".*")) {
            java.util.List<String> names = new java.util.ArrayList<>();
            files.forEach(file -> names.add(file.getFileName().toString()));
            return names;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String call(String column) {
        return jdbc
                .sql("select " + column + "::text from calls where provider_call_sid = ?")
                .param(callSid)
                .query((rs, n) -> rs.getString(1))
                .list()
                .stream()
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    @Test
    void withoutAnAgentEndsTheStreamAtOnceSoTheFlowReachesAPerson() throws Exception {
        MediaStreamClient exotel = MediaStreamClient.connect(streamUrl());
        exotel.connected().start("S1", callSid, "+919845012345", exophone);

        assertThat(exotel.awaitClose()).isEqualTo(1000);
        assertThat(call("end_reason")).isEqualTo("no_agent");
        String query = "CallSid=" + callSid + "&CallTo=" + exophone;
        assertThat(api.get("/webhooks/exotel/after-bot?token=" + guard.token() + "&" + query)
                        .status())
                .isEqualTo(302);
        assertThat(jdbc.sql(
                                "select count(*) from recording_uploads u join calls c on c.id = u.call_id where c.provider_call_sid = ?")
                        .param(callSid)
                        .query(Long.class)
                        .single())
                .as("nothing was said, so there is nothing to record")
                .isZero();
        java.util.UUID callId = jdbc.sql("select id from calls where provider_call_sid = ?")
                .param(callSid)
                .query(java.util.UUID.class)
                .single();
        // the server finishes the session after the close reaches the client: wait for it
        java.util.List<String> left = ExotelTestLines.await(
                () -> spoolFilesOf(callId), java.util.List::isEmpty, java.time.Duration.ofSeconds(5));
        assertThat(left).as("and nothing is left in the spool").isEmpty();
    }

    @Test
    void acceptsTheAccountsBasicCredentialsInsteadOfAToken() throws Exception {
        streamUrl();
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString("test-exotel-sid:test-exotel-token".getBytes(StandardCharsets.UTF_8));
        MediaStreamClient exotel =
                MediaStreamClient.connect("ws://127.0.0.1:" + port + "/media/exotel", "Authorization", basic);
        exotel.connected().start("S2", callSid, "+919845012345", "+91" + exophone.substring(1));
        assertThat(exotel.awaitClose()).isEqualTo(1000);
        assertThat(call("end_reason")).isEqualTo("no_agent");
    }

    /** The HTTP status with which the server refused the handshake. */
    private static int refusal(String url, String... headers) {
        try {
            MediaStreamClient.connect(url, headers).close();
            return 101;
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.http.WebSocketHandshakeException handshake) {
                    return handshake.getResponse().statusCode();
                }
            }
            throw new AssertionError(e);
        }
    }

    @Test
    void refusesForgedExpiredOrMissingCredentials() {
        String base = "ws://127.0.0.1:" + port + "/media/exotel";
        assertThat(refusal(base + "?token=forged.00")).isEqualTo(403);
        assertThat(refusal(base)).isEqualTo(403);
        String wrongBasic =
                "Basic " + Base64.getEncoder().encodeToString("test-exotel-sid:wrong".getBytes(StandardCharsets.UTF_8));
        assertThat(refusal(base, "Authorization", wrongBasic)).isEqualTo(403);
        String token = URLEncoder.encode(tokens.issue(callSid, company.id()), StandardCharsets.UTF_8);
        assertThat(refusal(base + "?sample-rate=11025&token=" + token)).isEqualTo(400);
        assertThat(refusal(base + "?sample-rate=16000&token=" + token)).isEqualTo(101);
    }

    @Test
    void closesAStreamWhoseTokenIsForAnotherCall() throws Exception {
        MediaStreamClient exotel = MediaStreamClient.connect(streamUrl());
        exotel.connected().start("S3", "someone-elses-call", "+919845012345", exophone);
        assertThat(exotel.awaitClose()).isEqualTo(1008);
        assertThat(call("end_reason")).isNull();
    }

    @Test
    void skipsMalformedMessagesAndClosesOnAFlood() throws Exception {
        MediaStreamClient exotel = MediaStreamClient.connect(streamUrl());
        exotel.send("not json")
                .send("{\"event\":\"media\",\"media\":{\"payload\":\"%%%not-base64\"}}")
                .send("[1,2]");
        exotel.media("S4", new byte[320], 0); // media before start
        assertThat(exotel.closed).isNotDone();
        for (int i = 0; i < 20; i++) {
            exotel.send("{\"event\":\"nonsense\"}");
        }
        assertThat(exotel.awaitClose()).isEqualTo(1008);
    }

    @Test
    void closesOnAnOversizedFrame() throws Exception {
        MediaStreamClient exotel = MediaStreamClient.connect(streamUrl());
        exotel.send("{\"event\":\"media\",\"media\":{\"payload\":\"" + "A".repeat(300_000) + "\"}}");
        assertThat(exotel.awaitClose()).isEqualTo(1008);
    }

    @Test
    void countsLiveCallsAndForgetsAStreamClosedWithoutStop() throws Exception {
        double before = meters.get("caly.calls.active").gauge().value();
        MediaStreamClient exotel = MediaStreamClient.connect(streamUrl());
        exotel.connected();
        Thread.sleep(200);
        assertThat(meters.get("caly.calls.active").gauge().value()).isEqualTo(before + 1);
        exotel.close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (meters.get("caly.calls.active").gauge().value() > before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(meters.get("caly.calls.active").gauge().value()).isEqualTo(before);
    }
}
