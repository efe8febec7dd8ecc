package com.caly.recordings;

import com.caly.shared.HealthStatuses;
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

    RecordingsHealthIndicator(RecordingStorage storage, UploadJobs jobs) {
        this.storage = storage;
        this.jobs = jobs;
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
        return health.withDetail("storage", storage.kind())
                .withDetail("pendingUploads", counts.pending())
                .withDetail("failedUploads", counts.failed())
                .build();
    }
}
