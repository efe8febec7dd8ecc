package com.caly.recordings;

import com.caly.calls.CallService;
import com.caly.calls.SilencedLines;
import com.caly.shared.live.LiveCallCount;
import com.caly.tenants.TenantService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Uploads spooled recordings. Each job is claimed with a row lock that is held until its upload is recorded, so a
 * job is never uploaded twice at once, across any number of instances; a crashed instance's locks are released by
 * PostgreSQL and its jobs are taken up again. The spool file is deleted only after the call points at the object.
 */
@Component
class RecordingUploadWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RecordingUploadWorker.class);

    /** How long a recording to be silenced waits for its call's last transcript lines before it is encoded anyway. */
    static final Duration TRANSCRIPT_WAIT = Duration.ofMinutes(2);

    /** How long a job whose spool file this instance lacks is left to the other instances. */
    static final Duration SPOOL_ELSEWHERE_FOR = Duration.ofHours(1);

    private final org.springframework.context.ApplicationEventPublisher events;
    private final RecordingsProperties.Pricing pricing;
    private final UploadJobs jobs;
    private final RecordingCatalog catalog;
    private final RecordingStorage storage;
    private final Mp3Encoder encoder;
    private final TransactionTemplate transaction;
    private final RecordingsProperties.Upload settings;
    private final UploadBackoff backoff;
    private final Clock clock;
    private final ExecutorService pool;
    private final AtomicInteger running = new AtomicInteger();
    private final UploadPriority priority;
    private final LiveCallCount liveCalls;
    private final CallService calls;
    private final TenantService tenants;

    RecordingUploadWorker(
            UploadJobs jobs,
            RecordingCatalog catalog,
            RecordingStorage storage,
            TransactionTemplate transaction,
            RecordingsProperties properties,
            org.springframework.context.ApplicationEventPublisher events,
            LiveCallCount liveCalls,
            CallService calls,
            TenantService tenants,
            Clock clock) {
        this.events = events;
        this.calls = calls;
        this.tenants = tenants;
        this.liveCalls = liveCalls;
        this.pricing = properties.pricing();
        this.jobs = jobs;
        this.catalog = catalog;
        this.storage = storage;
        this.encoder = new Mp3Encoder(properties.bitrateKbps());
        this.transaction = transaction;
        this.settings = properties.upload();
        this.backoff = new UploadBackoff(settings.initialBackoff(), settings.maxBackoff());
        this.priority = UploadPriority.of(settings);
        this.clock = clock;
        this.pool = Executors.newFixedThreadPool(settings.workers(), runnable -> {
            Thread thread = new Thread(runnable, "recording-upload-" + running.get());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts idle workers on the due jobs; called on a schedule and right after a job is queued. */
    @Scheduled(fixedDelayString = "${app.recordings.upload.poll-interval}", initialDelayString = "PT2S")
    void wakeUp() {
        if (!settings.autoStart()) {
            return;
        }
        while (true) {
            int busy = running.get();
            if (busy >= priority.workers(liveCalls.liveCalls())) {
                return;
            }
            if (running.compareAndSet(busy, busy + 1)) {
                pool.execute(() -> {
                    try {
                        drain();
                    } catch (RuntimeException e) {
                        log.error("Recording upload worker stopped on an unexpected error", e);
                    } finally {
                        running.decrementAndGet();
                    }
                });
            }
        }
    }

    /**
     * Processes due jobs until none is left, or until more workers run than the live calls allow (this one then
     * stops after its job); returns how many it took.
     */
    int drain() {
        int taken = 0;
        while (running.get() <= priority.workers(liveCalls.liveCalls()) && processOne()) {
            taken++;
        }
        return taken;
    }

    /** Claims and processes one due job; false when none is due. */
    boolean processOne() {
        record Outcome(boolean claimed, Optional<SpooledAudio> finished) {}
        Outcome outcome = transaction.execute(status -> {
            Instant now = clock.instant();
            Optional<UploadJobs.Job> claimed = jobs.claimDue(now, priority.queuedBefore(now, liveCalls.liveCalls()));
            if (claimed.isEmpty()) {
                return new Outcome(false, Optional.empty());
            }
            UploadJobs.Job job = claimed.get();
            if (isOnAnotherInstance(job, now)) {
                // each instance has a spool of its own (a volume per instance): leave the job to the one that has
                // the file, without using up its tries
                Duration wait = settings.pollInterval()
                        .multipliedBy(1 + RandomGenerator.getDefault().nextInt(3));
                jobs.defer(
                        job.id(),
                        now.plus(wait),
                        "spool file " + job.audio().file() + " is not on this instance's disk; left to the instance"
                                + " that has it",
                        now);
                return new Outcome(true, Optional.empty());
            }
            Optional<SilencedLines> silence;
            boolean wait;
            try {
                silence = silencing(job);
                wait = awaitsTranscript(job, silence, now);
            } catch (RuntimeException e) {
                recordFailure(job, e);
                return new Outcome(true, Optional.empty());
            }
            if (wait) {
                jobs.defer(
                        job.id(),
                        now.plus(settings.pollInterval()),
                        "waiting for the call's transcript before silencing the recording",
                        now);
                return new Outcome(true, Optional.empty());
            }
            try {
                upload(job, silence.map(SilencedLines::lines).orElse(List.of()));
                return new Outcome(true, Optional.of(job.audio()));
            } catch (Exception e) {
                recordFailure(job, e);
                return new Outcome(true, Optional.empty());
            }
        });
        outcome.finished().ifPresent(this::deleteSpool);
        return outcome.claimed();
    }

    /**
     * The spool file is missing here, and the job is recent enough that another instance's spool may hold it.
     * Past {@link #SPOOL_ELSEWHERE_FOR} a missing file counts as a failed try, so that audio no instance has
     * (an instance gone with its volume) ends up among the failed uploads, in health and the stats.
     */
    private static boolean isOnAnotherInstance(UploadJobs.Job job, Instant now) {
        return !Files.isRegularFile(job.audio().file()) && job.queuedAt().isAfter(now.minus(SPOOL_ELSEWHERE_FOR));
    }

    /**
     * The lines to silence, flagged when they were written (with the settings the call started with); empty for
     * an MP3, which is stored as it came.
     */
    private Optional<SilencedLines> silencing(UploadJobs.Job job) {
        if (job.audio().format() != SpooledAudio.Format.PCM_S16LE) {
            return Optional.empty();
        }
        return Optional.of(calls.silencedLines(job.companyId(), job.callId()));
    }

    /** The call's journal may still be writing lines to be silenced: encoding now could keep them. */
    private boolean awaitsTranscript(UploadJobs.Job job, Optional<SilencedLines> silence, Instant now) {
        return silence.isPresent()
                && !silence.get().transcriptClosed()
                && job.queuedAt().isAfter(now.minus(TRANSCRIPT_WAIT))
                && tenants.getCompany(job.companyId()).redaction().silenceRecordingSpans();
    }

    private void upload(UploadJobs.Job job, List<SilencedLines.Stretch> silenced) throws IOException {
        SpooledAudio audio = job.audio();
        if (!Files.isRegularFile(audio.file())) {
            throw new IOException("spool file " + audio.file() + " is missing");
        }
        Path mp3 = audio.file();
        long durationMs;
        if (audio.format() == SpooledAudio.Format.PCM_S16LE) {
            mp3 = encodedPath(audio.file());
            long bytes = RecordingSilencer.silence(audio.file(), audio.sampleRate(), silenced);
            if (bytes > 0) {
                log.info(
                        "Silenced {} lines ({} bytes) of the recording of call {}",
                        silenced.size(),
                        bytes,
                        job.callId());
            }
            durationMs = encoder.encode(audio.file(), audio.sampleRate(), mp3).durationMillis();
        } else {
            Mp3Files.requireMp3(mp3);
            durationMs = Mp3Duration.millis(mp3);
        }
        RecordingKey key = RecordingKey.of(job.companyId(), job.callId().value(), job.callStartedAt());
        long bytes = Files.size(mp3);
        storage.put(
                key,
                mp3,
                Map.of(
                        "call-id",
                        job.callId().toString(),
                        "company-id",
                        job.companyId().toString()));
        Instant now = clock.instant();
        long stored = durationMs;
        transaction.executeWithoutResult(status -> {
            catalog.attach(job.companyId(), job.callId(), key, bytes, stored, now);
            jobs.markDone(job.id(), key, bytes, stored, now);
            events.publishEvent(storedEvent(job, bytes));
        });
        log.info(
                "Uploaded recording of call {} ({} bytes, {} ms) to {}",
                job.callId(),
                bytes,
                durationMs,
                storage.kind());
    }

    private RecordingStored storedEvent(UploadJobs.Job job, long bytes) {
        java.math.BigDecimal months = java.math.BigDecimal.valueOf(Math.max(30, pricing.wasabiMinimumDays()))
                .divide(java.math.BigDecimal.valueOf(30), 6, java.math.RoundingMode.HALF_UP);
        java.math.BigDecimal gbMonths = java.math.BigDecimal.valueOf(bytes)
                .divide(java.math.BigDecimal.valueOf(1_000_000_000L), 9, java.math.RoundingMode.HALF_UP)
                .multiply(months);
        java.math.BigDecimal perGb = pricing.wasabiPerTbMonth()
                .divide(java.math.BigDecimal.valueOf(1000), 9, java.math.RoundingMode.HALF_UP);
        return new RecordingStored(job.companyId(), job.callId(), bytes, gbMonths, perGb, "USD");
    }

    private void recordFailure(UploadJobs.Job job, Exception e) {
        Instant now = clock.instant();
        int failures = job.attempts() + 1;
        boolean failed = failures >= settings.maxAttempts() || e instanceof Mp3Files.NotAudioException;
        Instant next = failed
                ? now.plus(settings.failedRetryAfter())
                : now.plus(backoff.afterFailure(failures, RandomGenerator.getDefault()));
        jobs.markRetry(job.id(), failed, next, e.toString(), now);
        if (failed) {
            log.error(
                    "Upload of the recording of call {} failed {} times; retrying at {}: {}",
                    job.callId(),
                    failures,
                    next,
                    e.toString());
        } else {
            log.warn(
                    "Upload of the recording of call {} failed (try {}), retrying at {}: {}",
                    job.callId(),
                    failures,
                    next,
                    e.toString());
        }
    }

    /** Deletes every spool file of the call: the uploaded file, its PCM and any encoding left over. */
    private void deleteSpool(SpooledAudio audio) {
        String name = audio.file().getFileName().toString();
        String call = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        try (var files = Files.newDirectoryStream(audio.file().getParent(), call + ".*")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            log.warn("Could not delete the spool files of call {}: {}", call, e.toString());
        }
    }

    static Path encodedPath(Path spool) {
        return sibling(spool, ".encoded.mp3");
    }

    static Path sibling(Path file, String suffix) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        return file.resolveSibling((dot < 0 ? name : name.substring(0, dot)) + suffix);
    }

    @Override
    public void destroy() throws InterruptedException {
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
    }
}
