package com.caly.recordings;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes recordings older than their company's retention period (90 days unless the company set another). Safe
 * with several instances: each batch is claimed with SKIP LOCKED, so instances share the work instead of
 * repeating it.
 */
@Component
class RetentionSweep {

    private static final Logger log = LoggerFactory.getLogger(RetentionSweep.class);
    private static final int BATCH = 100;

    private final RecordingCatalog catalog;
    private final RecordingService recordings;
    private final TransactionTemplate transaction;
    private final Clock clock;

    RetentionSweep(
            RecordingCatalog catalog, RecordingService recordings, TransactionTemplate transaction, Clock clock) {
        this.catalog = catalog;
        this.recordings = recordings;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Scheduled(cron = "${app.recordings.retention-cron:0 30 3 * * *}", zone = "UTC")
    void sweepDaily() {
        int deleted = sweep();
        if (deleted > 0) {
            log.info("Retention sweep deleted {} recordings", deleted);
        }
    }

    /** Deletes every expired recording; returns how many. */
    int sweep() {
        int total = 0;
        while (true) {
            Integer batch = transaction.execute(status -> {
                List<RecordingCatalog.Expired> expired = catalog.claimExpired(clock.instant(), BATCH);
                // the rows stay locked by this transaction; the deletions below join it
                expired.forEach(e -> recordings.delete(e.companyId(), e.callId(), "retention", null));
                return expired.size();
            });
            total += batch;
            if (batch < BATCH) {
                return total;
            }
        }
    }
}
