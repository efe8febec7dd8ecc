package com.caly.recordings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UploadPriorityTests {

    private final UploadPriority priority = new UploadPriority(3, 20, Duration.ofMinutes(10));
    private final Instant now = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void belowTheBusyMarkEveryWorkerTakesAnyDueRecording() {
        assertThat(priority.workers(0)).isEqualTo(3);
        assertThat(priority.workers(19)).isEqualTo(3);
        assertThat(priority.queuedBefore(now, 19)).isEmpty();
    }

    @Test
    void fromTheBusyMarkOneWorkerTakesOnlyRecordingsThatWaitedTheLongestWait() {
        assertThat(priority.workers(20)).isEqualTo(1);
        assertThat(priority.workers(500)).isEqualTo(1);
        assertThat(priority.queuedBefore(now, 20)).contains(Instant.parse("2026-12-02T09:50:00Z"));
    }
}
