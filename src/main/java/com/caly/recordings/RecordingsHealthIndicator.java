package com.caly.recordings;

import com.caly.shared.HealthStatuses;
import java.io.IOException;
import java.time.Clock;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether recordings can be stored, and how many wait. An unreachable bucket or failed uploads make the service
 * DEGRADED, not DOWN: calls go on, their audio waits in the spool, and restarting would not bring the bucket back.
 */
@Component("recordings")
class RecordingsHealthIndicator implements HealthIndicator {

    private final RecordingStorage storage;
    private final UploadJobs jobs;
    private final RecordingSpool spool;
    private final Clock clock;

    RecordingsHealthIndicator(RecordingStorage storage, UploadJobs jobs, RecordingSpool spool, Clock clock) {
        this.storage = storage;
        this.jobs = jobs;
        this.spool = spool;
        this.clock = clock;
    }

    @Override
    public Health health() {
        UploadJobs.Counts counts = jobs.counts(null);
        Health.Builder health;
        try {
            storage.check();
            health = counts.failed() > 0 ? Health.status(HealthStatuses.DEGRADED) : Health.up();
            health.withDetail("storageReachable", true);
        } catch (Exception e) {
            health = Health.status(HealthStatuses.DEGRADED)
                    .withDetail("storageReachable", false)
                    .withDetail("error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        health.withDetail("storage", storage.kind())
                .withDetail("pendingUploads", counts.pending())
                .withDetail("failedUploads", counts.failed())
                .withDetail("spoolDirectory", spool.directory().toString());
        // the spool is the only copy of audio not yet uploaded: what it holds is what a lost disk would lose
        try {
            RecordingSpool.Contents contents = spool.contents();
            health.withDetail("spoolFiles", contents.files())
                    .withDetail("spoolBytes", contents.bytes())
                    .withDetail(
                            "spoolOldestAgeSeconds",
                            SpoolGauges.oldestAge(contents, clock.instant()).toSeconds());
        } catch (IOException e) {
            health.status(HealthStatuses.DEGRADED).withDetail("spoolError", e.toString());
        }
        return health.build();
    }
}
