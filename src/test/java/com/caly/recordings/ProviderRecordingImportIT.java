package com.caly.recordings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.caly.calls.CallId;
import com.caly.shared.TenantId;
import com.caly.support.IntegrationTest;
import com.caly.support.TestEnvironment;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** A provider's recording, fetched with Basic auth from a local HTTP server that behaves like Exotel's. */
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

    @TempDir
    Path temp;

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
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/recordings/call.mp3", exchange -> {
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"exotel\"");
                exchange.sendResponseHeaders(401, -1);
            } else {
                exchange.getResponseHeaders().add("Content-Type", "audio/mpeg");
                exchange.sendResponseHeaders(200, mp3.length);
                exchange.getResponseBody().write(mp3);
            }
            exchange.close();
        });
        server.createContext("/recordings/page.html", exchange -> {
            byte[] html = "<html><body>Login</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, html.length);
            exchange.getResponseBody().write(html);
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
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private long jobs() {
        return jdbc.sql("select count(*) from recording_uploads where call_id = ?")
                .param(call.value())
                .query(Long.class)
                .single();
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
        assertThatThrownBy(() -> importer.importRecording(company, call, URI.create("file:///etc/passwd"), CREDENTIALS))
                .isInstanceOf(IOException.class);
        assertThat(jobs()).isZero();
    }
}
