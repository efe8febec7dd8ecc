package com.caly.recordings;

import com.caly.calls.CallId;
import com.caly.shared.TenantId;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finishes recordings that a crash left in the spool: a call's raw PCM with no upload queued and no recording is
 * queued as it is (the worker encodes it). It looks at start-up and then every minute, so a spool that was still
 * fresh when a restarted instance came up is found once it has gone quiet. Calls this instance is recording are
 * skipped, and so are files written within the quiet time, as they may belong to a live call of an instance
 * sharing the spool.
 */
@Component
class SpoolRecovery {

    private static final Pattern PCM = Pattern.compile("([0-9a-f-]{36})\\.(8000|16000|24000)\\.pcm");
    private static final Logger log = LoggerFactory.getLogger(SpoolRecovery.class);

    private final RecordingSpool spool;
    private final RecordingUploads uploads;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration quiet;
    private final boolean periodic;

    SpoolRecovery(
            RecordingsProperties properties,
            RecordingSpool spool,
            RecordingUploads uploads,
            JdbcClient jdbc,
            TransactionTemplate transaction,
            Clock clock) {
        this.spool = spool;
        this.uploads = uploads;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.quiet = properties.spoolQuiet();
        this.periodic = properties.upload().autoStart();
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStartup() {
        int recovered = recover();
        if (recovered > 0) {
            log.warn("Queued {} recordings left in the spool by an earlier run", recovered);
        }
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1M")
    void everyMinute() {
        if (!periodic) {
            return;
        }
        int recovered = recover();
        if (recovered > 0) {
            log.warn("Queued {} recordings that had been left in the spool", recovered);
        }
    }

    /** Queues every abandoned PCM spool; returns how many. */
    synchronized int recover() {
        int recovered = 0;
        Instant quietSince = clock.instant().minus(quiet);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(spool.directory(), "*.pcm")) {
            for (Path file : files) {
                Matcher matcher = PCM.matcher(file.getFileName().toString());
                if (!matcher.matches()) {
                    continue;
                }
                CallId call = new CallId(UUID.fromString(matcher.group(1)));
                if (!spool.isLive(call)
                        && !Files.getLastModifiedTime(file).toInstant().isAfter(quietSince)) {
                    recovered += recover(file, call, Integer.parseInt(matcher.group(2)));
                }
            }
        } catch (IOException e) {
            log.error("Could not scan the recording spool", e);
        }
        return recovered;
    }

    private int recover(Path file, CallId call, int sampleRate) throws IOException {
        Optional<TenantId> company = jdbc.sql("""
                        select c.company_id from calls c
                        where c.id = :call and c.recording_url is null
                          and not exists (select 1 from recording_uploads u where u.call_id = c.id)""")
                .param("call", call.value())
                .query(UUID.class)
                .optional()
                .map(TenantId::new);
        if (company.isEmpty() || Files.size(file) == 0) {
            return 0;
        }
        Files.deleteIfExists(file.resolveSibling(call + ".mp3"));
        transaction.executeWithoutResult(status -> uploads.enqueue(
                company.get(), call, new SpooledAudio(file, SpooledAudio.Format.PCM_S16LE, sampleRate)));
        return 1;
    }
}
