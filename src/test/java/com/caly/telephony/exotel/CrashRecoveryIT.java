package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.Application;
import com.caly.recordings.RecordingTestAccess;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.support.TestEnvironment;
import com.caly.tenants.TenantService;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The server is killed in the middle of a call (no shutdown of any kind) and started again: the recording of the
 * call is found in the spool and finished, with the audio that reached the server before the crash.
 */
class CrashRecoveryIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    ExotelWebhookGuard guard;

    @Autowired
    StreamTokens tokens;

    @Test
    void aRecordingInterruptedByACrashIsFinishedAfterTheRestart() throws Exception {
        ExotelTestLines.Line line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Crash Co");
        TenantFixture.Company company = line.company();
        String callSid = ExotelTestLines.newCallSid();
        String query = "CallSid=" + callSid + "&CallFrom=09845012345&CallTo=" + line.exophone() + "&Direction=incoming";
        assertThat(api.get("/webhooks/exotel/call-start?token=" + guard.token() + "&" + query)
                        .status())
                .isEqualTo(200);

        Path spool = Files.createTempDirectory("caly-crash-spool");
        int port = TestEnvironment.freePort();
        Process instance = start(spool, port);
        try {
            awaitUp(port, instance);
            String url = "ws://127.0.0.1:" + port + "/media/exotel?sample-rate=8000&token="
                    + URLEncoder.encode(tokens.issue(callSid, company.id()), StandardCharsets.UTF_8);
            MediaStreamClient exotel = MediaStreamClient.connect(url);
            exotel.connected().start("S1", callSid, "+919845012345", line.exophone());
            byte[] caller = CallSimulator.tone(8000, 2.0);
            long startedAt = System.nanoTime();
            for (int frame = 0; frame < 100; frame++) {
                exotel.media("S1", java.util.Arrays.copyOfRange(caller, frame * 320, frame * 320 + 320), frame * 20L);
                long wait = startedAt + (frame + 1) * 20_000_000L - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000);
                }
            }
            Thread.sleep(300);
            assertThat(exotel.closed).as("the call is live on the instance").isNotDone();
        } finally {
            instance.destroyForcibly();
            assertThat(instance.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        String callId = jdbc.sql("select id::text from calls where provider_call_sid = ?")
                .param(callSid)
                .query(String.class)
                .single();
        Path pcm = spool.resolve(callId + ".8000.pcm");
        assertThat(pcm).as("the crash left the call's audio in the spool").exists();
        assertThat(Files.size(pcm))
                .as("at most a fifth of a second was still in the process's buffer")
                .isBetween(32_000L - 3_200, 32_000L);
        assertThat(uploadsOf(callSid)).isZero();

        try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(Application.class)
                .run(
                        "--server.port=0",
                        "--app.recordings.spool-directory=" + spool,
                        "--app.recordings.spool-quiet=0s")) {
            assertThat(uploadsOf(callSid)).as("found in the spool at start-up").isEqualTo(1);
            // the queue is shared: the restarted instance may also finish jobs other tests left behind
            assertThat(RecordingTestAccess.drainUploads(restarted)).isGreaterThanOrEqualTo(1);
        }
        var recording = jdbc.sql("select recording_url, recording_duration_ms from calls where provider_call_sid = ?")
                .param(callSid)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getLong(2)})
                .single();
        assertThat((String) recording[0]).startsWith("recordings/" + company.id() + "/");
        assertThat((Long) recording[1]).isBetween(1_800L, 2_000L);
        String link = api.get(
                        "/api/recordings/" + callId,
                        "Authorization",
                        company.owner().bearer())
                .json()
                .path("url")
                .asString();
        byte[] mp3 = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofByteArray())
                .body();
        assertThat(mp3.length).as("the MP3 is in the bucket").isGreaterThan(4_000);
        assertThat(Files.list(spool).toList())
                .as("nothing is left in the spool")
                .isEmpty();
    }

    private long uploadsOf(String callSid) {
        return jdbc.sql(
                        "select count(*) from recording_uploads u join calls c on c.id = u.call_id where c.provider_call_sid = ?")
                .param(callSid)
                .query(Long.class)
                .single();
    }

    private static Process start(Path spool, int port) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(TestEnvironment.jvmOptions());
        command.add(InstanceWithStandInAgent.class.getName());
        command.add("--server.port=" + port);
        command.add("--app.recordings.spool-directory=" + spool);
        Path log = Path.of("target", "crash-instance.log");
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static void awaitUp(int port, Process instance) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && instance.isAlive()) {
            try {
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the instance did not come up; see target/crash-instance.log");
    }
}
