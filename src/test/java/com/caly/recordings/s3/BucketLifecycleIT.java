package com.caly.recordings.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultApplicationArguments;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The bucket expiry rule, read back from S3Mock run as its own process (the in-process S3 server does not
 * implement lifecycle calls).
 */
class BucketLifecycleIT {

    private static final String BUCKET = "lifecycle-test";
    private static Process s3mock;
    private static S3Client client;
    private static S3Presigner presigner;
    private static S3RecordingStorage storage;

    @BeforeAll
    static void startS3Mock() throws Exception {
        Path jar = Path.of("target/s3mock/s3mock.jar");
        assertThat(jar).as("copied by the build before the integration tests").exists();
        int port = freePort();
        Path log = Files.createTempFile("s3mock", ".log");
        s3mock = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        jar.toString(),
                        "--server.port=0",
                        "--com.adobe.testing.s3mock.http-port=" + port,
                        "--spring.main.banner-mode=off")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (!listening(port)) {
            if (System.nanoTime() > deadline || !s3mock.isAlive()) {
                throw new IllegalStateException("S3Mock did not start:\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
        S3Clients.Settings settings =
                new S3Clients.Settings("http://127.0.0.1:" + port, "us-east-1", "any", "any", true);
        client = S3Clients.client(settings);
        presigner = S3Clients.presigner(settings);
        client.createBucket(request -> request.bucket(BUCKET));
        storage = new S3RecordingStorage(client, presigner, BUCKET, null, Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (client != null) {
            client.close();
            presigner.close();
        }
        if (s3mock != null) {
            s3mock.destroy();
            s3mock.waitFor();
        }
    }

    @Test
    void appliesANinetyDayExpiryToRecordings() throws Exception {
        new BucketLifecycleCommand(storage).run(new DefaultApplicationArguments("--apply-recording-lifecycle"));

        assertThat(storage.expiryRuleDays()).isEqualTo(90);
        var rule = client.getBucketLifecycleConfiguration(request -> request.bucket(BUCKET))
                .rules()
                .get(0);
        assertThat(rule.filter().prefix()).isEqualTo("recordings/");
        assertThat(rule.statusAsString()).isEqualTo("Enabled");
    }

    @Test
    void takesAnotherPeriodFromTheCommandLine() throws Exception {
        new BucketLifecycleCommand(storage).run(new DefaultApplicationArguments("--apply-recording-lifecycle=120"));
        assertThat(storage.expiryRuleDays()).isEqualTo(120);
    }

    @Test
    void doesNothingWithoutTheOption() throws Exception {
        storage.applyExpiryRule(30);
        new BucketLifecycleCommand(storage).run(new DefaultApplicationArguments("--something-else"));
        assertThat(storage.expiryRuleDays()).isEqualTo(30);
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
