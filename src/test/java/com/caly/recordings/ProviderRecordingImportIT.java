package com.caly.recordings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.caly.calls.CallId;
import com.caly.shared.TenantId;
import com.caly.support.IntegrationTest;
import com.caly.support.TestEnvironment;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * A provider's recording, fetched with Basic auth from a local HTTP server that behaves like Exotel's. The test run
 * allow-lists exactly that server's origin ({@code http://127.0.0.1:<port>}); everything else is refused before a
 * byte, let alone the credentials, is sent.
 */
class ProviderRecordingImportIT extends IntegrationTest {

    private static final ProviderRecordingImporter.BasicCredentials CREDENTIALS =
            new ProviderRecordingImporter.BasicCredentials("exotel-sid", "exotel-token");

    @Autowired
    ProviderRecordingImporter importer;

    @Autowired
    RecordingUploadWorker worker;

    @Autowired
    RecordingStorage storage;

    @Autowired
    RecordingSpool spool;

    @Autowired
    RecordingUploads uploads;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    MeterRegistry meters;

    @TempDir
    Path temp;

    /** Every request the server saw: its path and its Authorization header. */
    private record Seen(String path, String authorization) {}

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private HttpServer server;
    private byte[] mp3;
    private TenantId company;
    private CallId call;

    @BeforeEach
    void providerServer() throws Exception {
        TestEnvironment.s3().start();
        jdbc.sql("update recording_uploads set status = 'done' where status <> 'done'")
                .update();
        Path pcm = temp.resolve("tone.pcm");
        Files.write(pcm, RecordingTestData.tone(440, 8000, 3.0));
        new Mp3Encoder(32).encode(pcm, 8000, temp.resolve("tone.mp3"));
        mp3 = Files.readAllBytes(temp.resolve("tone.mp3"));
        String expected = "Basic "
                + Base64.getEncoder().encodeToString("exotel-sid:exotel-token".getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", TestEnvironment.providerRecordingPort()), 0);
        server.setExecutor(serverThreads);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            seen.add(new Seen(path, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"))));
            switch (path) {
                case "/recordings/call.mp3" -> {
                    if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"exotel\"");
                        exchange.sendResponseHeaders(401, -1);
                    } else {
                        send(exchange, mp3.length, mp3);
                    }
                }
                case "/recordings/page.html" -> send(exchange, -2, "<html><body>Login</body></html>".getBytes());
                case "/recordings/large.mp3" -> send(exchange, 4096, mp3(4096));
                case "/recordings/large-chunked.mp3" -> send(exchange, 0, mp3(4096));
                case "/recordings/slow.mp3" -> trickle(exchange);
                case "/redirect/elsewhere" -> redirect(exchange, "http://localhost:" + port() + "/recordings/call.mp3");
                case "/redirect/same" -> redirect(exchange, "/recordings/call.mp3");
                default -> exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        server.start();
        company = new TenantId(jdbc.sql("insert into clients (name) values ('Provider Co') returning id")
                .query(UUID.class)
                .single());
        call = new RecordingTestData(jdbc, spool, uploads, transaction).newCall(company, Instant.now());
    }

    @AfterEach
    void stop() {
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private static int port() {
        return TestEnvironment.providerRecordingPort();
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    private long jobs() {
        return jdbc.sql("select count(*) from recording_uploads where call_id = ?")
                .param(call.value())
                .query(Long.class)
                .single();
    }

    /** An importer with settings of its own, on the same spool, queue and metrics as the application's. */
    private ProviderRecordingImporter importer(List<String> allowedHosts, DataSize maxSize, Duration timeout) {
        return new ProviderRecordingImporter(
                spool,
                uploads,
                transaction,
                new RecordingsProperties.ProviderFetch(allowedHosts, maxSize, timeout, 3),
                meters);
    }

    private ProviderRecordingImporter.Refusal refusal(ProviderRecordingImporter importer, URI url) {
        Throwable thrown = catchThrowable(() -> importer.importRecording(company, call, url, CREDENTIALS));
        assertThat(thrown).as(url.toString()).isInstanceOf(ProviderRecordingImporter.RefusedException.class);
        return ((ProviderRecordingImporter.RefusedException) thrown).reason();
    }

    @Test
    void downloadsTheProvidersRecordingAndStoresItThroughTheUploadQueue() throws Exception {
        importer.importRecording(company, call, url("/recordings/call.mp3"), CREDENTIALS);
        assertThat(jobs()).isEqualTo(1);

        assertThat(worker.drain()).isEqualTo(1);

        String key = jdbc.sql("select recording_url from calls where id = ?")
                .param(call.value())
                .query(String.class)
                .single();
        try (InputStream in = storage.open(RecordingKey.fromReference(key))) {
            assertThat(in.readAllBytes()).isEqualTo(mp3);
        }
        assertThat(jdbc.sql("select recording_duration_ms from calls where id = ?")
                        .param(call.value())
                        .query(Long.class)
                        .single())
                .isBetween(3_000L, 3_400L);
    }

    @Test
    void refusesWhenTheCredentialsAreWrongAndQueuesNothing() {
        assertThatThrownBy(() -> importer.importRecording(
                        company,
                        call,
                        url("/recordings/call.mp3"),
                        new ProviderRecordingImporter.BasicCredentials("exotel-sid", "wrong")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("401");
        assertThat(jobs()).isZero();
    }

    @Test
    void refusesSomethingThatIsNotAudio() {
        assertThatThrownBy(() -> importer.importRecording(company, call, url("/recordings/page.html"), CREDENTIALS))
                .isInstanceOf(Mp3Files.NotAudioException.class);
        assertThat(jobs()).isZero();
        assertThat(spool.newFile(call, ".provider.mp3")).doesNotExist();
    }

    @Test
    void refusesANonHttpUrl() {
        assertThat(refusal(importer, URI.create("file:///etc/passwd")))
                .isEqualTo(ProviderRecordingImporter.Refusal.INSECURE_SCHEME);
        assertThat(jobs()).isZero();
    }

    @Test
    void theDefaultAllowListSendsNothingToALoopbackServer() {
        ProviderRecordingImporter defaults = importer(
                List.of("recordings.exotel.com", "recordings.exotel.in"),
                DataSize.ofMegabytes(200),
                Duration.ofMinutes(2));

        assertThat(refusal(defaults, url("/recordings/call.mp3")))
                .isEqualTo(ProviderRecordingImporter.Refusal.HOST_NOT_ALLOWED);
        assertThat(refusal(defaults, URI.create("http://recordings.exotel.com/exotelrecordings/acme/call.mp3")))
                .as("Exotel's own host, but over http")
                .isEqualTo(ProviderRecordingImporter.Refusal.INSECURE_SCHEME);
        assertThat(refusal(defaults, URI.create("https://recordings.exotel.com.attacker.example/call.mp3")))
                .isEqualTo(ProviderRecordingImporter.Refusal.HOST_NOT_ALLOWED);
        assertThat(seen).isEmpty();
        assertThat(jobs()).isZero();
    }

    @Test
    void neverSendsTheCredentialsToAHostOffTheAllowList() {
        // localhost reaches the very same server, but only 127.0.0.1 is on the allow-list
        assertThat(refusal(importer, URI.create("http://localhost:" + port() + "/recordings/call.mp3")))
                .isEqualTo(ProviderRecordingImporter.Refusal.HOST_NOT_ALLOWED);
        assertThat(seen).as("the server was not asked at all").isEmpty();
        assertThat(meters.counter("caly.recordings.provider.refused", "reason", "host_not_allowed")
                        .count())
                .isPositive();
    }

    @Test
    void sendsTheCredentialsOverHttpsOnly() {
        ProviderRecordingImporter httpsToLocalhost =
                importer(List.of("localhost"), DataSize.ofMegabytes(1), Duration.ofSeconds(5));

        assertThat(refusal(httpsToLocalhost, URI.create("http://localhost:" + port() + "/recordings/call.mp3")))
                .isEqualTo(ProviderRecordingImporter.Refusal.INSECURE_SCHEME);
        assertThat(seen).isEmpty();
        assertThatThrownBy(() -> importer(
                        List.of("http://recordings.exotel.com"), DataSize.ofMegabytes(1), Duration.ofSeconds(5)))
                .as("an http origin is allowed only for a loopback address literal")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https only");
    }

    @Test
    void refusesLoopbackPrivateAndLinkLocalAddressesEvenWhenAllowListed() {
        ProviderRecordingImporter careless = importer(
                List.of(
                        "https://localhost:" + port(),
                        "[::1]",
                        "[fe80::1]",
                        "169.254.169.254",
                        "10.0.0.1",
                        "192.168.1.1",
                        "172.16.0.1",
                        "[::ffff:127.0.0.1]",
                        "[fd00::1]"),
                DataSize.ofMegabytes(1),
                Duration.ofSeconds(5));

        for (String url : List.of(
                "https://localhost:" + port() + "/recordings/call.mp3", // a name that resolves to 127.0.0.1
                "https://[::1]/recordings/call.mp3",
                "https://[fe80::1]/recordings/call.mp3",
                "https://169.254.169.254/latest/meta-data/",
                "https://10.0.0.1/recordings/call.mp3",
                "https://192.168.1.1/recordings/call.mp3",
                "https://172.16.0.1/recordings/call.mp3",
                "https://[::ffff:127.0.0.1]/recordings/call.mp3",
                "https://[fd00::1]/recordings/call.mp3")) {
            assertThat(refusal(careless, URI.create(url)))
                    .as(url)
                    .isEqualTo(ProviderRecordingImporter.Refusal.NON_PUBLIC_ADDRESS);
        }
        assertThat(seen).isEmpty();
        assertThat(jobs()).isZero();
    }

    @Test
    void followsARedirectOnlyToAnAllowedHost() throws Exception {
        assertThat(refusal(importer, url("/redirect/elsewhere")))
                .isEqualTo(ProviderRecordingImporter.Refusal.HOST_NOT_ALLOWED);
        assertThat(seen).extracting(Seen::path).containsExactly("/redirect/elsewhere");
        assertThat(jobs()).isZero();

        importer.importRecording(company, call, url("/redirect/same"), CREDENTIALS);
        assertThat(jobs()).isEqualTo(1);
    }

    @Test
    void refusesARecordingOverTheSizeLimitWithOrWithoutALength() {
        ProviderRecordingImporter small =
                importer(List.of("http://127.0.0.1:" + port()), DataSize.ofBytes(1000), Duration.ofSeconds(10));

        assertThat(refusal(small, url("/recordings/large.mp3"))).isEqualTo(ProviderRecordingImporter.Refusal.TOO_LARGE);
        assertThat(refusal(small, url("/recordings/large-chunked.mp3")))
                .isEqualTo(ProviderRecordingImporter.Refusal.TOO_LARGE);
        assertThat(jobs()).isZero();
        assertThat(spool.newFile(call, ".provider.part")).doesNotExist();
        assertThat(spool.newFile(call, ".provider.mp3")).doesNotExist();
    }

    @Test
    void givesUpOnASlowServerAtTheTimeLimit() {
        ProviderRecordingImporter impatient =
                importer(List.of("http://127.0.0.1:" + port()), DataSize.ofMegabytes(1), Duration.ofSeconds(1));

        long started = System.nanoTime();
        Throwable thrown = catchThrowable(
                () -> impatient.importRecording(company, call, url("/recordings/slow.mp3"), CREDENTIALS));

        assertThat(thrown).isInstanceOf(HttpTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        assertThat(seen).extracting(Seen::path).containsExactly("/recordings/slow.mp3");
        assertThat(jobs()).isZero();
        assertThat(spool.newFile(call, ".provider.part")).doesNotExist();
    }

    private static byte[] mp3(int size) {
        byte[] data = new byte[size];
        data[0] = (byte) 0xFF;
        data[1] = (byte) 0xF3;
        return data;
    }

    /** {@code length}: as for sendResponseHeaders (0 chunked); -2 for the body's own length. */
    private static void send(HttpExchange exchange, long length, byte[] body) throws IOException {
        exchange.sendResponseHeaders(200, length == -2 ? body.length : length);
        exchange.getResponseBody().write(body);
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    /** Sends the start of an MP3 and then a byte every 200 ms, for at most 6 seconds. */
    private static void trickle(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        try {
            body.write(mp3(2));
            body.flush();
            for (int i = 0; i < 30; i++) {
                Thread.sleep(200);
                body.write(0);
                body.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the client gave up, as it should
        }
    }
}
