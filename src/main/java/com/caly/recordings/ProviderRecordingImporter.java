package com.caly.recordings;

import com.caly.calls.CallId;
import com.caly.shared.TenantId;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes a recording the telephony provider made (Exotel's RecordingUrl), downloads it with the provider's Basic
 * credentials into the spool, and queues it through the same upload path as the service's own recordings. The
 * credentials go only to an allow-listed host over https, never to a non-public address, and the download is
 * bounded in size and time (EXOTEL_RECORDING_HOSTS, EXOTEL_RECORDING_MAX_SIZE, EXOTEL_RECORDING_TIMEOUT).
 */
@Service
public class ProviderRecordingImporter {

    private static final Logger log = LoggerFactory.getLogger(ProviderRecordingImporter.class);

    /** Provider credentials for HTTP Basic auth. */
    public record BasicCredentials(String username, String password) {

        @Override
        public String toString() {
            return "BasicCredentials[" + username + "]";
        }
    }

    /** Why a recording URL was refused. */
    public enum Refusal {
        HOST_NOT_ALLOWED,
        INSECURE_SCHEME,
        NON_PUBLIC_ADDRESS,
        TOO_MANY_REDIRECTS,
        TOO_LARGE
    }

    /**
     * The URL may not be fetched (or its recording is too large): nothing was queued, and trying again will not
     * change that, so the caller should not retry.
     */
    public static final class RefusedException extends IOException {

        private final Refusal reason;

        RefusedException(Refusal reason, String detail) {
            super("recording URL refused (" + reason.name().toLowerCase(java.util.Locale.ROOT) + "): " + detail);
            this.reason = reason;
        }

        public Refusal reason() {
            return reason;
        }
    }

    private final RecordingSpool spool;
    private final RecordingUploads uploads;
    private final TransactionTemplate transaction;
    private final MeterRegistry meters;
    private final ProviderRecordingHosts hosts;
    private final long maxBytes;
    private final Duration timeout;
    private final int maxRedirects;
    private final HttpClient http;

    @Autowired
    ProviderRecordingImporter(
            RecordingSpool spool,
            RecordingUploads uploads,
            TransactionTemplate transaction,
            RecordingsProperties properties,
            MeterRegistry meters) {
        this(spool, uploads, transaction, properties.providerFetch(), meters);
    }

    ProviderRecordingImporter(
            RecordingSpool spool,
            RecordingUploads uploads,
            TransactionTemplate transaction,
            RecordingsProperties.ProviderFetch settings,
            MeterRegistry meters) {
        this.spool = spool;
        this.uploads = uploads;
        this.transaction = transaction;
        this.meters = meters;
        this.hosts = new ProviderRecordingHosts(settings.allowedHosts());
        this.maxBytes = settings.maxSize().toBytes();
        this.timeout = settings.timeout();
        this.maxRedirects = settings.maxRedirects();
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
                // each hop is checked against the allow-list before the credentials go to it
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Downloads and queues the recording. Throws {@link RefusedException} for a URL that may not be fetched or a
     * recording over the size limit (counted in {@code caly.recordings.provider.refused}), and another
     * IOException when the download fails, times out or is not MP3 audio; the caller (off the webhook's request
     * thread) decides whether to try again.
     */
    public void importRecording(TenantId companyId, CallId callId, URI url, BasicCredentials credentials)
            throws IOException, InterruptedException {
        Path target = spool.newFile(callId, ".provider.mp3");
        Path partial = spool.newFile(callId, ".provider.part");
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            download(url, credentials, partial, deadline);
            Mp3Files.requireMp3(partial);
            try (var channel = java.nio.channels.FileChannel.open(partial, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        } catch (RefusedException e) {
            Files.deleteIfExists(partial);
            meters.counter(
                            "caly.recordings.provider.refused",
                            "reason",
                            e.reason().name().toLowerCase(java.util.Locale.ROOT))
                    .increment();
            throw e;
        } catch (IOException | InterruptedException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        transaction.executeWithoutResult(
                status -> uploads.enqueue(companyId, callId, new SpooledAudio(target, SpooledAudio.Format.MP3, null)));
    }

    private void download(URI url, BasicCredentials credentials, Path partial, long deadline)
            throws IOException, InterruptedException {
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString((credentials.username() + ":" + credentials.password())
                                .getBytes(StandardCharsets.UTF_8));
        URI next = url;
        for (int hop = 0; ; hop++) {
            hosts.check(next);
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new HttpTimeoutException("recording download took longer than " + timeout);
            }
            HttpRequest request = HttpRequest.newBuilder(next)
                    .timeout(Duration.ofNanos(remaining))
                    .header("Authorization", basic)
                    .GET()
                    .build();
            CompletableFuture<HttpResponse<Path>> exchange = http.sendAsync(request, info -> bodyOf(info, partial));
            HttpResponse<Path> response;
            try {
                response = exchange.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                exchange.cancel(true);
                throw new HttpTimeoutException("recording download took longer than " + timeout);
            } catch (InterruptedException e) {
                exchange.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                @Nullable IOException firstIo = null;
                for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                    if (cause instanceof RefusedException refused) {
                        throw refused;
                    }
                    if (firstIo == null && cause instanceof IOException io) {
                        firstIo = io;
                    }
                }
                throw firstIo != null ? firstIo : new IOException("recording download failed", e.getCause());
            }
            int status = response.statusCode();
            if (status == 200) {
                if (Files.size(partial) == 0) {
                    throw new IOException("recording download was empty");
                }
                return;
            }
            if (status >= 300
                    && status < 400
                    && response.headers().firstValue("Location").isPresent()) {
                if (hop >= maxRedirects) {
                    throw new RefusedException(Refusal.TOO_MANY_REDIRECTS, "more than " + maxRedirects + " redirects");
                }
                next = next.resolve(response.headers().firstValue("Location").get());
                log.debug("Recording download redirected to {}", next.getHost());
                continue;
            }
            throw new IOException("recording download answered HTTP " + status);
        }
    }

    /** The body of a 200 goes to the file, at most {@code maxBytes} of it; any other body is dropped. */
    private HttpResponse.BodySubscriber<Path> bodyOf(HttpResponse.ResponseInfo info, Path partial) {
        if (info.statusCode() != 200) {
            return HttpResponse.BodySubscribers.replacing(partial);
        }
        OptionalLong length = info.headers().firstValueAsLong("Content-Length");
        if (length.isPresent() && length.getAsLong() > maxBytes) {
            return new Refusing<>(new RefusedException(
                    Refusal.TOO_LARGE, "the recording has " + length.getAsLong() + " bytes, more than " + maxBytes));
        }
        return new Limited(
                HttpResponse.BodySubscribers.ofFile(
                        partial,
                        java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.WRITE,
                        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING),
                maxBytes);
    }

    /** Passes the body on until it grows past the limit, then cancels the download. */
    private static final class Limited implements HttpResponse.BodySubscriber<Path> {

        private final HttpResponse.BodySubscriber<Path> file;
        private final long limit;
        private long received;
        private Flow.@Nullable Subscription subscription;
        private boolean over;

        Limited(HttpResponse.BodySubscriber<Path> file, long limit) {
            this.file = file;
            this.limit = limit;
        }

        @Override
        public CompletionStage<Path> getBody() {
            return file.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            file.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (over) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                received += buffer.remaining();
            }
            if (received > limit) {
                over = true;
                if (subscription != null) {
                    subscription.cancel();
                }
                file.onError(
                        new RefusedException(Refusal.TOO_LARGE, "the recording is larger than " + limit + " bytes"));
                return;
            }
            file.onNext(buffers);
        }

        @Override
        public void onError(Throwable error) {
            if (!over) {
                file.onError(error);
            }
        }

        @Override
        public void onComplete() {
            if (!over) {
                file.onComplete();
            }
        }
    }

    /** Refuses a body without reading it. */
    private static final class Refusing<T> implements HttpResponse.BodySubscriber<T> {

        private final CompletableFuture<T> body = new CompletableFuture<>();

        Refusing(IOException failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public CompletionStage<T> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
        }

        @Override
        public void onNext(List<ByteBuffer> item) {}

        @Override
        public void onError(Throwable throwable) {}

        @Override
        public void onComplete() {}
    }
}
