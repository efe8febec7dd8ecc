package com.caly.recordings;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Audio waiting in the spool (its only copy until uploaded) shows in the metrics and in health. */
class SpoolVisibilityIT extends IntegrationTest {

    @Autowired
    RecordingSpool spool;

    private Path waiting;
    private Path fresh;

    @AfterEach
    void removeFiles() throws Exception {
        Files.deleteIfExists(waiting);
        Files.deleteIfExists(fresh);
    }

    @Test
    void showsTheSpoolsWaitingBytesAndItsOldestFileToOperators() throws Exception {
        waiting = spool.directory().resolve(UUID.randomUUID() + ".8000.pcm");
        fresh = spool.directory().resolve(UUID.randomUUID() + ".provider.mp3");
        Files.write(waiting, new byte[12_345]);
        Files.write(fresh, new byte[678]);
        Instant tenDaysAgo = Instant.now().minus(Duration.ofDays(10));
        Files.setLastModifiedTime(waiting, FileTime.from(tenDaysAgo));
        // the spool is the test run's: count what other tests left there as well
        long files;
        long bytes;
        try (Stream<Path> entries = Files.list(spool.directory())) {
            var regular = entries.filter(Files::isRegularFile).toList();
            files = regular.size();
            bytes = regular.stream().mapToLong(SpoolVisibilityIT::size).sum();
        }
        assertThat(bytes).isGreaterThanOrEqualTo(13_023);

        String metrics = api.get("/actuator/prometheus").body();
        assertThat(gauge(metrics, "caly_recordings_spool_files")).isEqualTo(files);
        assertThat(gauge(metrics, "caly_recordings_spool_bytes")).isEqualTo(bytes);
        double age = gauge(metrics, "caly_recordings_spool_oldest_age_seconds");
        assertThat(age).isBetween(864_000.0, 864_000.0 + 120);

        ApiClient.Response health =
                api.get("/actuator/health/recordings", "X-Operator-Token", TestEnvironment.OPERATOR_TOKEN);
        JsonNode details = health.json().path("details");
        assertThat(details.path("spoolFiles").asLong()).isEqualTo(files);
        assertThat(details.path("spoolBytes").asLong()).isEqualTo(bytes);
        assertThat(details.path("spoolOldestAgeSeconds").asLong()).isBetween(864_000L, 864_120L);
        assertThat(details.path("spoolDirectory").asString())
                .isEqualTo(spool.directory().toString());

        assertThat(api.get("/actuator/health").body()).doesNotContain("spool");
    }

    private static double gauge(String metrics, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$")
                .matcher(metrics);
        assertThat(matcher.find()).as(name + " in the metrics").isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
