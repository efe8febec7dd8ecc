package com.caly.recordings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.caly.calls.CallId;
import com.caly.shared.TenantId;
import com.caly.support.IntegrationTest;
import com.caly.support.TestEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

class RetentionSweepIT extends IntegrationTest {

    @Autowired
    RetentionSweep sweep;

    @Autowired
    RecordingSpool spool;

    @Autowired
    RecordingUploads uploads;

    @Autowired
    RecordingUploadWorker worker;

    @Autowired
    RecordingStorage storage;

    @Autowired
    TransactionTemplate transaction;

    private TenantId company(int retentionDays) {
        return new TenantId(
                jdbc.sql("insert into clients (name, recording_retention_days) values ('Retention Co', ?) returning id")
                        .param(retentionDays)
                        .query(UUID.class)
                        .single());
    }

    private String key(CallId call) {
        return jdbc.sql("select recording_url from calls where id = ?")
                .param(call.value())
                .query((rs, n) -> rs.getString(1))
                .list()
                .get(0);
    }

    @Test
    void deletesRecordingsPastEachCompanysRetentionOnceEvenWithTwoSweepersAtOnce() throws Exception {
        TestEnvironment.s3().start();
        jdbc.sql("update recording_uploads set status = 'done' where status <> 'done'")
                .update();
        RecordingTestData data = new RecordingTestData(jdbc, spool, uploads, transaction);
        TenantId standard = company(90);
        TenantId shortRetention = company(7);
        Instant now = Instant.now();
        CallId old = data.newCall(standard, now.minus(Duration.ofDays(100)));
        CallId recent = data.newCall(standard, now.minus(Duration.ofDays(10)));
        CallId oldForShort = data.newCall(shortRetention, now.minus(Duration.ofDays(10)));
        for (CallId call : List.of(old, recent, oldForShort)) {
            data.endCall(call == oldForShort ? shortRetention : standard, call, data.record(call, 8000, 1.0));
        }
        worker.drain();
        String oldKey = key(old);
        String shortKey = key(oldForShort);

        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(sweep::sweep);
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(sweep::sweep);
        int deleted = first.get() + second.get();

        assertThat(deleted).isGreaterThanOrEqualTo(2);
        assertThat(key(old)).isNull();
        assertThat(key(oldForShort)).isNull();
        assertThat(key(recent)).isNotNull();
        assertThatThrownBy(() -> storage.open(RecordingKey.fromReference(oldKey)))
                .isInstanceOf(java.io.FileNotFoundException.class);
        assertThatThrownBy(() -> storage.open(RecordingKey.fromReference(shortKey)))
                .isInstanceOf(java.io.FileNotFoundException.class);
        assertThat(jdbc.sql(
                                "select count(*) from recording_deletions where reason = 'retention' and call_id in (?, ?, ?)")
                        .params(old.value(), recent.value(), oldForShort.value())
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
        assertThat(sweep.sweep()).isZero();
    }
}
