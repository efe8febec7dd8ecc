package com.caly.support;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * A real S3 server in the test JVM (S3Proxy over a temporary directory). It checks SigV4 signatures and the
 * expiry of pre-signed URLs like Wasabi does. It can be stopped and started again on the same port with the same
 * objects, to test what happens while the bucket is unreachable.
 */
public final class TestS3Server {

    public static final String BUCKET = "caly-test-recordings";
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key-0123456789";
    public static final String REGION = "us-east-1";

    private final FilesystemNio2BlobStore store;
    private final int port;
    private S3Proxy proxy;

    TestS3Server() throws IOException {
        Path directory = Files.createTempDirectory("caly-s3");
        this.store = new FilesystemNio2BlobStore(directory.toString());
        this.store.createContainer(BUCKET);
        this.port = TestEnvironment.freePort();
    }

    public synchronized void start() {
        if (proxy != null) {
            return;
        }
        S3Proxy started = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create(endpoint()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            started.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(started.getState()) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("S3 server did not start", e);
        }
        proxy = started;
    }

    public synchronized void stop() {
        if (proxy == null) {
            return;
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        proxy = null;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }
}
