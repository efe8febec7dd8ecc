package com.caly.recordings.s3;

import com.caly.recordings.RecordingStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar caly.jar --apply-recording-lifecycle[=days]}: puts an expiry rule on the bucket so that Wasabi
 * removes recordings itself after the retention period (90 days by default, Wasabi's minimum storage duration,
 * so early deletion would save nothing), then the service carries on starting.
 */
@Component
class BucketLifecycleCommand implements ApplicationRunner {

    static final String OPTION = "apply-recording-lifecycle";
    private static final Logger log = LoggerFactory.getLogger(BucketLifecycleCommand.class);

    private final RecordingStorage storage;

    BucketLifecycleCommand(RecordingStorage storage) {
        this.storage = storage;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (!args.containsOption(OPTION)) {
            return;
        }
        if (!(storage instanceof S3RecordingStorage bucket)) {
            log.warn("--{} needs WASABI_ENABLED=true; the local disk has no lifecycle rules", OPTION);
            return;
        }
        var values = args.getOptionValues(OPTION);
        int days = values == null || values.isEmpty() || values.get(0).isBlank() ? 90 : Integer.parseInt(values.get(0));
        bucket.applyExpiryRule(days);
        log.info("Bucket lifecycle rule set: recordings expire after {} days", days);
    }
}
