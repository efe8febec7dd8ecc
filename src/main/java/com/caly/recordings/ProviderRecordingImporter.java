package com.caly.recordings;

import com.caly.calls.CallId;
import com.caly.shared.TenantId;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes a recording the telephony provider made (Exotel's RecordingUrl), downloads it with the provider's Basic
 * credentials into the spool, and queues it through the same upload path as the service's own recordings.
 */
@Service
public class ProviderRecordingImporter {

    /** Provider credentials for HTTP Basic auth. */
    public record BasicCredentials(String username, String password) {

        @Override
        public String toString() {
            return "BasicCredentials[" + username + "]";
        }
    }

    private static final long MAX_BYTES = 200L * 1024 * 1024;

    private final RecordingSpool spool;
    private final RecordingUploads uploads;
    private final TransactionTemplate transaction;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    ProviderRecordingImporter(RecordingSpool spool, RecordingUploads uploads, TransactionTemplate transaction) {
        this.spool = spool;
        this.uploads = uploads;
        this.transaction = transaction;
    }

    /**
     * Downloads and queues the recording. Throws when the download fails or is not MP3 audio; the caller (off the
     * webhook's request thread) decides whether to try again.
     */
    public void importRecording(TenantId companyId, CallId callId, URI url, BasicCredentials credentials)
            throws IOException, InterruptedException {
        if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
            throw new IOException("recording URL must be http(s)");
        }
        String basic = Base64.getEncoder()
                .encodeToString(
                        (credentials.username() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Basic " + basic)
                .GET()
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        Path target = spool.newFile(callId, ".provider.mp3");
        Path partial = spool.newFile(callId, ".provider.part");
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("recording download answered HTTP " + response.statusCode());
            }
            long copied = Files.copy(new LimitedStream(body, MAX_BYTES), partial, StandardCopyOption.REPLACE_EXISTING);
            if (copied == 0) {
                throw new IOException("recording download was empty");
            }
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        try {
            Mp3Files.requireMp3(partial);
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        try (var channel = java.nio.channels.FileChannel.open(partial, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        transaction.executeWithoutResult(
                status -> uploads.enqueue(companyId, callId, new SpooledAudio(target, SpooledAudio.Format.MP3, null)));
    }

    private static final class LimitedStream extends java.io.FilterInputStream {
        private final long limit;
        private long count;

        LimitedStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++count > limit) {
                throw new IOException("recording is larger than " + limit + " bytes");
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0 && (count += n) > limit) {
                throw new IOException("recording is larger than " + limit + " bytes");
            }
            return n;
        }
    }
}
