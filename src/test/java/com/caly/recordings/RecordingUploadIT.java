package com.caly.recordings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.caly.calls.CallId;
import com.caly.shared.TenantId;
import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TestEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

class RecordingUploadIT extends IntegrationTest {

    @Autowired
    RecordingSpool spool;

    @Autowired
    RecordingUploads uploads;

    @Autowired
    RecordingUploadWorker worker;

    @Autowired
    RecordingStorage storage;

    @Autowired
    UploadJobs jobs;

    @Autowired
    RecordingCatalog catalog;

    @Autowired
    org.springframework.context.ApplicationEventPublisher events;

    @Autowired
    RecordingsProperties properties;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    com.caly.calls.CallService callService;

    @Autowired
    com.caly.tenants.TenantService tenants;

    private RecordingTestData data;
    private TenantId company;

    @BeforeEach
    void company() {
        TestEnvironment.s3().start();
        // jobs left due by other tests would be taken by this test's workers: finish them first
        jdbc.sql("update recording_uploads set status = 'done' where status <> 'done'")
                .update();
        data = new RecordingTestData(jdbc, spool, uploads, transaction);
        company = new TenantId(jdbc.sql("insert into clients (name) values ('Uploads Co') returning id")
                .query(UUID.class)
                .single());
    }

    private String recordingUrl(CallId call) {
        return jdbc.sql("select recording_url from calls where id = ?")
                .param(call.value())
                .query((rs, row) -> rs.getString(1))
                .list()
                .get(0);
    }

    private String jobState(CallId call) {
        return jdbc.sql(
                        "select status || ':' || attempts from recording_uploads where call_id = ? order by created_at desc limit 1")
                .param(call.value())
                .query(String.class)
                .single();
    }

    private void makeDue(List<CallId> calls) {
        jdbc.sql("update recording_uploads set next_attempt_at = now() where status <> 'done' and call_id = any(?)")
                .param(ids(calls))
                .update();
    }

    private static java.util.UUID[] ids(List<CallId> calls) {
        return calls.stream().map(CallId::value).toArray(java.util.UUID[]::new);
    }

    private long queued(CallId call) {
        return jdbc.sql("select count(*) from recording_uploads where call_id = ?")
                .param(call.value())
                .query(Long.class)
                .single();
    }

    private void makeDue() {
        jdbc.sql("update recording_uploads set next_attempt_at = now() where status <> 'done'")
                .update();
    }

    private byte[] stored(CallId call) throws IOException {
        try (InputStream in = storage.open(RecordingKey.fromReference(recordingUrl(call)))) {
            return in.readAllBytes();
        }
    }

    @Test
    void uploadsARecordingQueuedWithTheEndOfTheCall() throws Exception {
        Instant started = Instant.parse("2026-11-20T23:50:00Z");
        CallId call = data.newCall(company, started);
        SpooledAudio audio = data.record(call, 8000, 5.0);
        assertThat(audio.format()).isEqualTo(SpooledAudio.Format.PCM_S16LE);
        assertThat(Files.size(audio.file())).isEqualTo(80_000);

        data.endCall(company, call, audio);
        assertThat(recordingUrl(call)).isNull();
        assertThat(worker.drain()).isEqualTo(1);

        assertThat(recordingUrl(call)).isEqualTo("recordings/" + company + "/2026/11/20/" + call + ".mp3");
        byte[] stored = stored(call);
        Path copy = Files.write(Files.createTempFile("stored", ".mp3"), stored);
        assertThat(Mp3Duration.millis(copy)).isBetween(5_000L, 5_400L);
        var row = jdbc.sql("select recording_bytes, recording_duration_ms from calls where id = ?")
                .param(call.value())
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .single();
        assertThat(row[0]).isEqualTo(stored.length);
        assertThat(row[1]).isBetween(5_000L, 5_400L);
        assertThat(jobState(call)).isEqualTo("done:1");
        assertThat(Files.exists(audio.file())).isFalse();
        assertThat(Files.list(audio.file().getParent())
                        .filter(f -> f.getFileName().toString().startsWith(call.toString())))
                .as("nothing of the call is left in the spool")
                .isEmpty();
    }

    @Test
    void queuesNothingWhenTheCallsTransactionRollsBack() throws Exception {
        CallId call = data.newCall(company, Instant.now());
        SpooledAudio audio = data.record(call, 8000, 1.0);

        transaction.executeWithoutResult(status -> {
            uploads.enqueue(company, call, audio);
            status.setRollbackOnly();
        });

        assertThat(jdbc.sql("select count(*) from recording_uploads where call_id = ?")
                        .param(call.value())
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(worker.drain()).isZero();
        assertThat(Files.exists(audio.file())).isTrue();
    }

    @Test
    void refusesToQueueOutsideATransaction() throws Exception {
        CallId call = data.newCall(company, Instant.now());
        SpooledAudio audio = data.record(call, 8000, 0.5);
        assertThatThrownBy(() -> uploads.enqueue(company, call, audio))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void encodesAPcmSpoolBeforeUploading() throws Exception {
        CallId call = data.newCall(company, Instant.now());
        Path pcm = spool.newFile(call, ".pcm");
        Files.write(pcm, RecordingTestData.tone(1000, 16000, 3.0));
        data.endCall(company, call, new SpooledAudio(pcm, SpooledAudio.Format.PCM_S16LE, 16000));

        assertThat(worker.drain()).isEqualTo(1);

        byte[] mp3 = stored(call);
        assertThat(mp3.length).isBetween(3 * 32_000 / 8 * 9 / 10, 3 * 32_000 / 8 * 12 / 10);
        assertThat(jdbc.sql("select recording_duration_ms from calls where id = ?")
                        .param(call.value())
                        .query(Long.class)
                        .single())
                .isEqualTo(3_000L);
        assertThat(Files.exists(pcm)).isFalse();
    }

    @Test
    void retriesWhileTheBucketIsDownAndDeliversEveryByteOnceItIsBack() throws Exception {
        List<CallId> calls = new ArrayList<>();
        Map<CallId, String> hashes = new ConcurrentHashMap<>();
        for (int i = 0; i < 3; i++) {
            CallId call = data.newCall(company, Instant.now());
            SpooledAudio audio = data.record(call, 8000, 2.0 + i);
            hashes.put(call, RecordingTestData.sha256(RecordingTestData.encoded(audio, properties.bitrateKbps())));
            data.endCall(company, call, audio);
            calls.add(call);
        }
        // the queue is shared with earlier tests: counts are of this test's jobs, and only they are made due
        TestEnvironment.s3().stop();
        try {
            assertThat(worker.drain()).isGreaterThanOrEqualTo(3);
            calls.forEach(call -> assertThat(jobState(call)).isEqualTo("pending:1"));
            assertThat(jdbc.sql(
                                    "select count(*) from recording_uploads where status = 'pending' and next_attempt_at > now() and last_error is not null and call_id = any(?)")
                            .param(ids(calls))
                            .query(Long.class)
                            .single())
                    .isEqualTo(3);
            worker.drain();
            calls.forEach(call -> assertThat(jobState(call))
                    .as("not due again before the backoff")
                    .isEqualTo("pending:1"));
            makeDue(calls);
            assertThat(worker.drain()).isGreaterThanOrEqualTo(3);
            calls.forEach(call -> assertThat(jobState(call)).isEqualTo("pending:2"));
        } finally {
            TestEnvironment.s3().start();
        }
        makeDue(calls);
        assertThat(worker.drain()).isGreaterThanOrEqualTo(3);

        for (CallId call : calls) {
            assertThat(jobState(call)).isEqualTo("done:3");
            assertThat(RecordingTestData.sha256(stored(call))).isEqualTo(hashes.get(call));
        }
    }

    @Test
    void marksAJobFailedAfterTooManyTriesAndTriesItAgainLater() throws Exception {
        CallId call = data.newCall(company, Instant.now());
        data.endCall(company, call, data.record(call, 8000, 1.0));
        jdbc.sql("update recording_uploads set attempts = ? where call_id = ?")
                .params(properties.upload().maxAttempts() - 1, call.value())
                .update();
        TestEnvironment.s3().stop();
        try {
            worker.drain();
        } finally {
            TestEnvironment.s3().start();
        }
        assertThat(jobState(call)).isEqualTo("failed:" + properties.upload().maxAttempts());
        Instant retryAt = jdbc.sql("select next_attempt_at from recording_uploads where call_id = ?")
                .param(call.value())
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant();
        assertThat(retryAt)
                .isAfter(Instant.now()
                        .plus(properties.upload().failedRetryAfter())
                        .minusSeconds(60));
        assertThat(jobs.counts(company).failed()).isEqualTo(1);
        assertThat(operatorHealth()
                        .json()
                        .path("components")
                        .path("recordings")
                        .path("details")
                        .path("failedUploads")
                        .asLong())
                .isGreaterThanOrEqualTo(1);
        assertThat(operatorHealth().json().path("status").asString()).isEqualTo("DEGRADED");

        makeDue();
        assertThat(worker.drain()).isEqualTo(1);
        assertThat(jobState(call)).startsWith("done:");
        assertThat(recordingUrl(call)).isNotNull();
    }

    @Autowired
    SpoolRecovery recovery;

    @Test
    void findsAndFinishesARecordingACrashLeftInTheSpool() throws Exception {
        CallId call = data.newCall(company, Instant.now());
        Path pcm = spool.directory().resolve(call + ".8000.pcm");
        Files.write(pcm, RecordingTestData.tone(440, 8000, 2.0));
        Files.writeString(spool.directory().resolve(call + ".mp3"), "half an mp3");

        // the spool is shared with earlier tests: what matters is whether this call's recording was queued
        recovery.recover();
        assertThat(queued(call))
                .as("a file written just now may be a live call")
                .isZero();
        Files.setLastModifiedTime(
                pcm, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(600)));
        assertThat(recovery.recover()).isGreaterThanOrEqualTo(1);
        recovery.recover();
        assertThat(queued(call)).as("queued once").isEqualTo(1);

        assertThat(worker.drain()).isGreaterThanOrEqualTo(1);
        assertThat(recordingUrl(call)).isNotNull();
        assertThat(jdbc.sql("select recording_duration_ms from calls where id = ?")
                        .param(call.value())
                        .query(Long.class)
                        .single())
                .isEqualTo(2_000L);
        assertThat(Files.exists(pcm)).isFalse();
    }

    @Test
    void leavesTheSpoolOfACallThisInstanceIsRecordingAlone() throws Exception {
        CallId call = data.newCall(company, Instant.now());
        try (RecordingSpool.LiveRecording live = spool.start(call, 8000)) {
            live.append(RecordingTestData.tone(440, 8000, 1.0));
            Path pcm = spool.directory().resolve(call + ".8000.pcm");
            Files.setLastModifiedTime(
                    pcm, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(600)));
            recovery.recover();
            assertThat(queued(call))
                    .as("quiet for ten minutes, but still being recorded here")
                    .isZero();
            live.finish();
            recovery.recover();
            assertThat(queued(call))
                    .as("once the recording is finished, it is no longer this instance's")
                    .isEqualTo(1);
        }
        assertThat(worker.drain()).isGreaterThanOrEqualTo(1);
        assertThat(recordingUrl(call)).isNotNull();
    }

    @Test
    void failsANonAudioSpoolAtOnceAndKeepsTheFile() throws Exception {
        CallId call = data.newCall(company, Instant.now());
        Path notAudio = spool.newFile(call, ".mp3");
        Files.writeString(notAudio, "<html>this is not audio</html>");
        data.endCall(company, call, new SpooledAudio(notAudio, SpooledAudio.Format.MP3, null));

        assertThat(worker.drain()).isEqualTo(1);

        assertThat(jobState(call)).isEqualTo("failed:1");
        assertThat(recordingUrl(call)).isNull();
        assertThat(Files.exists(notAudio)).isTrue();
    }

    @Test
    void healthShowsAnUnreachableBucket() {
        assertThat(operatorHealth()
                        .json()
                        .path("components")
                        .path("recordings")
                        .path("details")
                        .path("storageReachable")
                        .asBoolean())
                .isTrue();
        TestEnvironment.s3().stop();
        try {
            ApiClient.Response health = operatorHealth();
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().path("status").asString()).isEqualTo("DEGRADED");
            assertThat(health.json()
                            .path("components")
                            .path("recordings")
                            .path("details")
                            .path("storageReachable")
                            .asBoolean())
                    .isFalse();
            assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
        } finally {
            TestEnvironment.s3().start();
        }
    }

    @Test
    void twoWorkersRacingForTheSameJobsUploadEachRecordingOnce() throws Exception {
        List<CallId> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            CallId call = data.newCall(company, Instant.now());
            data.endCall(company, call, data.record(call, 8000, 1.0));
            calls.add(call);
        }
        Map<String, AtomicInteger> puts = new ConcurrentHashMap<>();
        RecordingStorage counting = new CountingStorage(storage, puts);
        List<RecordingUploadWorker> workers = List.of(
                new RecordingUploadWorker(
                        jobs,
                        catalog,
                        counting,
                        transaction,
                        properties,
                        events,
                        () -> 0,
                        callService,
                        tenants,
                        Clock.systemUTC()),
                new RecordingUploadWorker(
                        jobs,
                        catalog,
                        counting,
                        transaction,
                        properties,
                        events,
                        () -> 0,
                        callService,
                        tenants,
                        Clock.systemUTC()));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (RecordingUploadWorker w : workers) {
                results.add(threads.submit(() -> {
                    start.await();
                    return w.drain();
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get();
            }
            assertThat(total).isEqualTo(12);
        } finally {
            threads.shutdownNow();
            for (RecordingUploadWorker w : workers) {
                w.destroy();
            }
        }
        assertThat(puts).hasSize(12);
        assertThat(puts.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        calls.forEach(call -> assertThat(jobState(call)).isEqualTo("done:1"));
    }

    @Test
    void aRestartedServiceFinishesTheUploadsLeftPending() throws Exception {
        List<CallId> calls = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            CallId call = data.newCall(company, Instant.now());
            data.endCall(company, call, data.record(call, 8000, 1.5));
            calls.add(call);
        }
        // Nothing uploaded them here: this instance's workers do not start on their own in tests. A new instance
        // of the service, started against the same database and spool, must find and finish them.
        try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(com.caly.Application.class)
                .run(
                        "--server.port=0",
                        "--app.recordings.upload.auto-start=true",
                        "--app.recordings.upload.poll-interval=200ms")) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline && calls.stream().anyMatch(call -> recordingUrl(call) == null)) {
                Thread.sleep(100);
            }
        }
        calls.forEach(call -> assertThat(recordingUrl(call)).isNotNull());
        calls.forEach(call -> assertThat(jobState(call)).isEqualTo("done:1"));
    }

    @Test
    void aBusyInstanceLeavesNewRecordingsForLaterAndTakesThoseThatWaitedTheirTime() throws Exception {
        CallId waited = data.newCall(company, Instant.now());
        data.endCall(company, waited, data.record(waited, 8000, 1.0));
        CallId fresh = data.newCall(company, Instant.now());
        data.endCall(company, fresh, data.record(fresh, 8000, 1.0));
        jdbc.sql("update recording_uploads set created_at = now() - interval '11 minutes' where call_id = ?")
                .param(waited.value())
                .update();
        AtomicInteger live = new AtomicInteger(properties.upload().busyLiveCalls());
        RecordingUploadWorker busy = new RecordingUploadWorker(
                jobs,
                catalog,
                storage,
                transaction,
                properties,
                events,
                live::get,
                callService,
                tenants,
                Clock.systemUTC());
        try {
            assertThat(busy.drain())
                    .as("only the recording that waited ten minutes")
                    .isEqualTo(1);
            assertThat(jobState(waited)).isEqualTo("done:1");
            assertThat(jobState(fresh)).isEqualTo("pending:0");
            assertThat(recordingUrl(fresh)).isNull();

            live.set(properties.upload().busyLiveCalls() - 1);
            assertThat(busy.drain()).isEqualTo(1);
            assertThat(jobState(fresh)).isEqualTo("done:1");
            assertThat(recordingUrl(fresh)).isNotNull();
        } finally {
            busy.destroy();
        }
    }

    /** The real storage, counting uploads per key. */
    @Test
    void leavesAJobWhoseSpoolFileIsOnAnotherInstanceWithoutUsingUpItsTries() throws Exception {
        CallId elsewhere = data.newCall(company, Instant.now());
        // queued by an instance whose spool (its own volume) holds the file; this one's spool does not
        data.endCall(
                company,
                elsewhere,
                new SpooledAudio(spool.newFile(elsewhere, ".8000.pcm"), SpooledAudio.Format.PCM_S16LE, 8000));

        assertThat(worker.drain()).isEqualTo(1);

        assertThat(jobState(elsewhere)).isEqualTo("pending:0");
        assertThat(jdbc.sql("select next_attempt_at > now() from recording_uploads where call_id = ?")
                        .param(elsewhere.value())
                        .query(Boolean.class)
                        .single())
                .isTrue();
        assertThat(worker.drain()).as("not due again at once").isZero();

        // an hour on, no instance has had the file: now it counts, so it ends up among the failed uploads
        jdbc.sql("update recording_uploads set created_at = now() - interval '2 hours', next_attempt_at = now()"
                        + " where call_id = ?")
                .param(elsewhere.value())
                .update();
        assertThat(worker.drain()).isEqualTo(1);
        assertThat(jobState(elsewhere)).isEqualTo("pending:1");
    }

    private record CountingStorage(RecordingStorage delegate, Map<String, AtomicInteger> puts)
            implements RecordingStorage {
        @Override
        public void put(RecordingKey key, Path mp3, Map<String, String> metadata) throws IOException {
            puts.computeIfAbsent(key.value(), k -> new AtomicInteger()).incrementAndGet();
            delegate.put(key, mp3, metadata);
        }

        @Override
        public InputStream open(RecordingKey key) throws IOException {
            return delegate.open(key);
        }

        @Override
        public Link link(RecordingKey key, java.time.Duration validFor) {
            return delegate.link(key, validFor);
        }

        @Override
        public void delete(RecordingKey key) throws IOException {
            delegate.delete(key);
        }

        @Override
        public List<StoredObject> list(String prefix) throws IOException {
            return delegate.list(prefix);
        }

        @Override
        public void check() throws IOException {
            delegate.check();
        }

        @Override
        public String kind() {
            return delegate.kind();
        }
    }
}
