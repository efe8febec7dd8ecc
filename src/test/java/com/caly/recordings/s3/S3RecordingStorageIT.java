package com.caly.recordings.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.caly.recordings.RecordingKey;
import com.caly.recordings.RecordingStorage;
import com.caly.shared.TenantId;
import com.caly.support.TestEnvironment;
import com.caly.support.TestS3Server;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The S3 driver against a real S3 server that checks signatures and link expiry. */
class S3RecordingStorageIT {

    private static S3Client client;
    private static S3Presigner presigner;
    private static S3RecordingStorage storage;
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path temp;

    @BeforeAll
    static void connect() {
        TestEnvironment.s3().start();
        S3Clients.Settings settings = new S3Clients.Settings(
                TestEnvironment.s3().endpoint(),
                TestS3Server.REGION,
                TestS3Server.ACCESS_KEY,
                TestS3Server.SECRET_KEY,
                true);
        client = S3Clients.client(settings);
        presigner = S3Clients.presigner(settings);
        storage = new S3RecordingStorage(client, presigner, TestS3Server.BUCKET, null, Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        client.close();
        presigner.close();
    }

    private Path mp3(int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xF3;
        Path file = Files.createTempFile(temp, "rec", ".mp3");
        Files.write(file, bytes);
        return file;
    }

    private static RecordingKey key(TenantId company, Instant at) {
        return RecordingKey.of(company, UUID.randomUUID(), at);
    }

    @Test
    void uploadsWithContentTypeAndMetadataAndReadsTheExactBytesBack() throws Exception {
        TenantId company = new TenantId(UUID.randomUUID());
        RecordingKey key = key(company, Instant.parse("2026-11-24T10:15:00Z"));
        Path file = mp3(300_000);

        storage.put(key, file, Map.of("call-id", "c1", "company-id", company.toString()));

        try (InputStream in = storage.open(key)) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(file));
        }
        var head = client.headObject(r -> r.bucket(TestS3Server.BUCKET).key(key.value()));
        assertThat(head.contentType()).isEqualTo("audio/mpeg");
        assertThat(head.metadata()).containsEntry("call-id", "c1").containsEntry("company-id", company.toString());
        assertThat(key.value())
                .startsWith("recordings/" + company + "/2026/11/24/")
                .endsWith(".mp3");
    }

    @Test
    void aPresignedLinkServesTheBytesWithoutCredentialsUntilItExpires() throws Exception {
        RecordingKey key = key(new TenantId(UUID.randomUUID()), Instant.now());
        Path file = mp3(50_000);
        storage.put(key, file, Map.of());

        RecordingStorage.Link link = storage.link(key, Duration.ofSeconds(2));
        assertThat(link.expiresAt()).isBetween(Instant.now(), Instant.now().plusSeconds(3));

        HttpResponse<byte[]> fresh =
                http.send(HttpRequest.newBuilder(link.url()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(fresh.body()).isEqualTo(Files.readAllBytes(file));

        URI tampered = URI.create(
                link.url().toString().replace(key.value(), key.value().replace(".mp3", "x.mp3")));
        assertThat(http.send(HttpRequest.newBuilder(tampered).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(403);

        Thread.sleep(3_000);
        HttpResponse<byte[]> expired =
                http.send(HttpRequest.newBuilder(link.url()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(expired.statusCode()).isEqualTo(403);
    }

    @Test
    void listsByPrefixAndDeletesIdempotently() throws Exception {
        TenantId company = new TenantId(UUID.randomUUID());
        RecordingKey first = key(company, Instant.parse("2026-10-01T00:00:00Z"));
        RecordingKey second = key(company, Instant.parse("2026-10-02T00:00:00Z"));
        RecordingKey otherCompany = key(new TenantId(UUID.randomUUID()), Instant.parse("2026-10-01T00:00:00Z"));
        storage.put(first, mp3(1_000), Map.of());
        storage.put(second, mp3(2_000), Map.of());
        storage.put(otherCompany, mp3(3_000), Map.of());

        List<RecordingStorage.StoredObject> all = storage.list("recordings/" + company + "/");
        assertThat(all)
                .extracting(RecordingStorage.StoredObject::key)
                .containsExactlyInAnyOrder(first.value(), second.value());
        assertThat(all).extracting(RecordingStorage.StoredObject::bytes).containsExactlyInAnyOrder(1_000L, 2_000L);
        assertThat(storage.list("recordings/" + company + "/2026/10/02/")).hasSize(1);

        assertThat(storage.list(company, java.time.LocalDate.of(2026, 10, 2), java.time.LocalDate.of(2026, 10, 31)))
                .extracting(RecordingStorage.StoredObject::key)
                .containsExactly(second.value());
        assertThat(storage.usage("recordings/" + company + "/")).isEqualTo(new RecordingStorage.Usage(2, 3_000));

        storage.delete(first);
        storage.delete(first);
        assertThat(storage.list("recordings/" + company + "/"))
                .extracting(RecordingStorage.StoredObject::key)
                .containsExactly(second.value());
        assertThatThrownBy(() -> storage.open(first)).isInstanceOf(java.io.FileNotFoundException.class);
    }

    @Test
    void reportsAnUnreachableBucket() throws Exception {
        storage.check();
        S3RecordingStorage missing =
                new S3RecordingStorage(client, presigner, "no-such-bucket", null, Clock.systemUTC());
        assertThatThrownBy(missing::check).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void rejectsWrongCredentials() throws Exception {
        S3Clients.Settings wrong = new S3Clients.Settings(
                TestEnvironment.s3().endpoint(), TestS3Server.REGION, TestS3Server.ACCESS_KEY, "not-the-secret", true);
        try (S3Client badClient = S3Clients.client(wrong)) {
            S3RecordingStorage bad =
                    new S3RecordingStorage(badClient, presigner, TestS3Server.BUCKET, null, Clock.systemUTC());
            assertThatThrownBy(() -> bad.put(key(new TenantId(UUID.randomUUID()), Instant.now()), mp3(10), Map.of()))
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void linksToAnExplicitlyPublicBucketWithoutSigning() {
        S3RecordingStorage publicBucket = new S3RecordingStorage(
                client, presigner, TestS3Server.BUCKET, "https://cdn.example.com/", Clock.systemUTC());
        RecordingKey key = key(new TenantId(UUID.randomUUID()), Instant.now());
        assertThat(publicBucket.link(key, Duration.ofHours(1)).url().toString())
                .isEqualTo("https://cdn.example.com/" + key.value());
    }
}
