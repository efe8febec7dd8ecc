package com.caly.recordings;

import com.caly.Application;
import com.caly.calls.CallId;
import com.caly.shared.TenantId;
import com.caly.support.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Upload throughput of the real path: jobs in PostgreSQL claimed with SKIP LOCKED, MP3 files from the spool, PUT to
 * an S3 server (S3Proxy on loopback, which checks SigV4 signatures). Run with {@code bash scripts/bench-uploads.sh}.
 */
public final class UploadThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        int jobsPerRun = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        double secondsPerRecording = args.length > 1 ? Double.parseDouble(args[1]) : 300;
        TestEnvironment environment = new TestEnvironment();
        environment.launcherSessionOpened(null);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
                .run("--server.port=0", "--logging.level.com.caly=WARN", "--logging.level.root=WARN")) {
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
            RecordingSpool spool = context.getBean(RecordingSpool.class);
            RecordingUploads uploads = context.getBean(RecordingUploads.class);
            RecordingsProperties properties = context.getBean(RecordingsProperties.class);
            RecordingTestData data = new RecordingTestData(jdbc, spool, uploads, transaction);

            Path template = Files.createTempFile("bench", ".pcm");
            Files.write(template, RecordingTestData.tone(440, 8000, secondsPerRecording));
            Path mp3 = Files.createTempFile("bench", ".mp3");
            long mp3Bytes = new Mp3Encoder(properties.bitrateKbps())
                    .encode(template, 8000, mp3)
                    .mp3Bytes();
            TenantId company = new TenantId(jdbc.sql("insert into clients (name) values ('Benchmark') returning id")
                    .query(UUID.class)
                    .single());

            System.out.printf(
                    Locale.ROOT,
                    "%d recordings of %.0f s (%d bytes each) per run%n%n",
                    jobsPerRun,
                    secondsPerRecording,
                    mp3Bytes);
            System.out.println("| concurrent workers | uploads/s | MB/s | ms per upload (mean) |");
            System.out.println("|---|---|---|---|");
            for (int workers : new int[] {1, 2, 4, 8}) {
                for (int i = 0; i < jobsPerRun; i++) {
                    CallId call = data.newCall(company, Instant.now());
                    Path spooled = spool.newFile(call, ".mp3");
                    Files.copy(mp3, spooled);
                    data.endCall(company, call, new SpooledAudio(spooled, SpooledAudio.Format.MP3, null));
                }
                List<RecordingUploadWorker> pool = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    pool.add(new RecordingUploadWorker(
                            context.getBean(UploadJobs.class),
                            context.getBean(RecordingCatalog.class),
                            context.getBean(RecordingStorage.class),
                            transaction,
                            properties,
                            context,
                            () -> 0,
                            context.getBean(com.caly.calls.CallService.class),
                            context.getBean(com.caly.tenants.TenantService.class),
                            Clock.systemUTC()));
                }
                ExecutorService threads = Executors.newFixedThreadPool(workers);
                long start = System.nanoTime();
                List<Future<Integer>> done = new ArrayList<>();
                for (RecordingUploadWorker worker : pool) {
                    done.add(threads.submit(worker::drain));
                }
                int uploaded = 0;
                for (Future<Integer> future : done) {
                    uploaded += future.get();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                threads.shutdown();
                for (RecordingUploadWorker worker : pool) {
                    worker.destroy();
                }
                System.out.printf(
                        Locale.ROOT,
                        "| %d | %.1f | %.1f | %.1f |%n",
                        workers,
                        uploaded / seconds,
                        uploaded * (double) mp3Bytes / seconds / 1e6,
                        seconds * 1000 * workers / uploaded);
            }
        } finally {
            environment.launcherSessionClosed(null);
        }
    }
}
