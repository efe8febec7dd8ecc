package com.caly.recordings;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The audio at risk in this instance's spool, for alerts: until a recording is uploaded, the spool's disk is its
 * only copy. Each scrape reads the directory afresh.
 */
@Component
class SpoolGauges implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(SpoolGauges.class);

    private final RecordingSpool spool;
    private final Clock clock;

    SpoolGauges(RecordingSpool spool, Clock clock) {
        this.spool = spool;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "caly.recordings.spool.files", null, "Files waiting in the recording spool", c -> c.files());
        gauge(
                registry,
                "caly.recordings.spool.bytes",
                "bytes",
                "Bytes of audio waiting in the recording spool",
                c -> c.bytes());
        gauge(
                registry,
                "caly.recordings.spool.oldest.age",
                "seconds",
                "Time since the least recently written spool file was written (0 when the spool is empty)",
                c -> oldestAge(c, clock.instant()).toMillis() / 1000.0);
    }

    /** How long the longest-waiting spool file has gone unwritten. */
    static Duration oldestAge(RecordingSpool.Contents contents, Instant now) {
        Instant oldest = contents.oldestWrite();
        return oldest == null || oldest.isAfter(now) ? Duration.ZERO : Duration.between(oldest, now);
    }

    private void gauge(
            MeterRegistry registry,
            String name,
            @Nullable String unit,
            String description,
            ToDoubleFunction<RecordingSpool.Contents> value) {
        Gauge.builder(name, spool, s -> read(s, value))
                .baseUnit(unit)
                .description(description)
                .register(registry);
    }

    private static double read(RecordingSpool spool, ToDoubleFunction<RecordingSpool.Contents> value) {
        try {
            return value.applyAsDouble(spool.contents());
        } catch (IOException e) {
            log.warn("Could not read the recording spool {}: {}", spool.directory(), e.toString());
            return Double.NaN;
        }
    }
}
