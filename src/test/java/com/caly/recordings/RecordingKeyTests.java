package com.caly.recordings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.caly.shared.TenantId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecordingKeyTests {

    private final TenantId company = TenantId.of("7f1d7e6a-1111-4c3b-9d2e-0a1b2c3d4e5f");
    private final UUID call = UUID.fromString("0c7c2f4e-2222-4a9b-8c1d-9e8f7a6b5c4d");

    @Test
    void datesTheKeyByTheCallsUtcDay() {
        // 23:50 IST on the 24th is 18:20 UTC on the 24th; 02:00 IST on the 25th is still the 24th in UTC
        assertThat(RecordingKey.of(company, call, Instant.parse("2026-11-24T20:30:00Z"))
                        .value())
                .isEqualTo(
                        "recordings/7f1d7e6a-1111-4c3b-9d2e-0a1b2c3d4e5f/2026/11/24/0c7c2f4e-2222-4a9b-8c1d-9e8f7a6b5c4d.mp3");
        assertThat(RecordingKey.dayOf(RecordingKey.of(company, call, Instant.parse("2026-01-05T00:00:00Z"))
                        .value()))
                .isEqualTo(LocalDate.of(2026, 1, 5));
    }

    @Test
    void readsBareKeysAndS3Uris() {
        String key = RecordingKey.of(company, call, Instant.parse("2026-11-24T00:00:00Z"))
                .value();
        assertThat(RecordingKey.fromReference(key).value()).isEqualTo(key);
        assertThat(RecordingKey.fromReference("s3://bucket-name/" + key).value())
                .isEqualTo(key);
    }

    @Test
    void refusesAnythingElse() {
        assertThatThrownBy(() -> new RecordingKey("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordingKey("https://public.example.com/x.mp3"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RecordingKey.dayOf("recordings/x/2026/11/24/y.mp3")).isNull();
    }
}
