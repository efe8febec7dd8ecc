package com.caly.recordings;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.calls.CallId;
import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import java.nio.file.Files;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/** Without Wasabi, recordings live on local disk and the service signs and serves the download links itself. */
@TestPropertySource(properties = "app.recordings.wasabi.enabled=false")
class LocalDiskRecordingsIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    RecordingSpool spool;

    @Autowired
    RecordingUploads uploads;

    @Autowired
    RecordingUploadWorker worker;

    @Autowired
    RecordingStorage storage;

    @Autowired
    RecordingsProperties properties;

    @Autowired
    TransactionTemplate transaction;

    private TenantFixture.Company company;
    private CallId call;
    private byte[] mp3;

    @BeforeEach
    void recordedCall() throws Exception {
        assertThat(storage.kind()).isEqualTo("local");
        company = new TenantFixture(tenants, passwordEncoder).company(api, "Local Co");
        RecordingTestData data = new RecordingTestData(jdbc, spool, uploads, transaction);
        call = data.newCall(company.id(), Instant.now());
        SpooledAudio audio = data.record(call, 8000, 2.0);
        mp3 = RecordingTestData.encoded(audio, properties.bitrateKbps());
        data.endCall(company.id(), call, audio);
        worker.drain();
    }

    private String link(String query) {
        ApiClient.Response response = api.get(
                "/api/recordings/" + call + query,
                "Authorization",
                company.member().bearer());
        assertThat(response.status()).isEqualTo(200);
        return response.json().path("url").asString();
    }

    @Test
    void storesTheFileUnderItsKeyAndServesItThroughASignedLink() throws Exception {
        String key = jdbc.sql("select recording_url from calls where id = ?")
                .param(call.value())
                .query(String.class)
                .single();
        assertThat(Files.readAllBytes(properties.localDirectory().resolve(key))).isEqualTo(mp3);

        String url = link("");
        assertThat(url).startsWith("http://127.0.0.1:" + port + "/recordings/download?");
        var download = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("audio/mpeg");
        assertThat(download.body()).isEqualTo(mp3);
        assertThat(download.headers().firstValue("Accept-Ranges")).hasValue("bytes");

        // the console's player seeks with byte ranges
        var part = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                .header("Range", "bytes=10-19")
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 10-19/" + mp3.length);
        assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(mp3, 10, 20));
    }

    @Test
    void refusesATamperedOrExpiredLink() throws Exception {
        String url = link("?expiresInSeconds=1");
        String path = url.substring(url.indexOf("/recordings/"));
        String tampered =
                path.replaceAll("signature=[0-9a-f]", "signature=0").replaceAll("signature=00", "signature=11");
        ApiClient.Response forged = new ApiClient(port).get(tampered.equals(path) ? path + "0" : tampered);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.problemType()).isEqualTo("invalid-recording-link");

        String otherKey =
                path.replace(call.toString(), java.util.UUID.randomUUID().toString());
        assertThat(new ApiClient(port).get(otherKey).status()).isEqualTo(403);

        Thread.sleep(2_100);
        ApiClient.Response expired = new ApiClient(port).get(path);
        assertThat(expired.status()).isEqualTo(403);
        assertThat(expired.problemType()).isEqualTo("invalid-recording-link");
    }

    @Test
    void deletesTheFile() throws Exception {
        String key = jdbc.sql("select recording_url from calls where id = ?")
                .param(call.value())
                .query(String.class)
                .single();
        assertThat(api.send(
                                "DELETE",
                                "/api/recordings/" + call,
                                null,
                                "Authorization",
                                company.owner().bearer())
                        .status())
                .isEqualTo(204);
        assertThat(Files.exists(properties.localDirectory().resolve(key))).isFalse();
    }
}
