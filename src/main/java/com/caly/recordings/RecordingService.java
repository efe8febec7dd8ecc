package com.caly.recordings;

import com.caly.calls.CallId;
import com.caly.shared.CurrentUser;
import com.caly.shared.TenantId;
import com.caly.shared.web.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** What the recordings API does: links, listings, deletion and storage statistics, each scoped to one company. */
@Service
public class RecordingService {

    private static final Logger log = LoggerFactory.getLogger(RecordingService.class);

    private final RecordingCatalog catalog;
    private final RecordingStorage storage;
    private final UploadJobs jobs;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final RecordingsProperties properties;
    private final StorageCostEstimator costs;
    private final Clock clock;

    RecordingService(
            RecordingCatalog catalog,
            RecordingStorage storage,
            UploadJobs jobs,
            JdbcClient jdbc,
            TransactionTemplate transaction,
            RecordingsProperties properties,
            Clock clock) {
        this.catalog = catalog;
        this.storage = storage;
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.properties = properties;
        this.costs = new StorageCostEstimator(properties.pricing());
        this.clock = clock;
    }

    record RecordingLink(CallId callId, RecordingStorage.Link link) {}

    RecordingLink link(TenantId companyId, CallId callId, @Nullable Duration validFor) {
        Duration ttl = validFor == null ? properties.linkTtl() : validFor;
        RecordingCatalog.Recording recording = catalog.find(companyId, callId).orElseThrow(RecordingService::notFound);
        return new RecordingLink(callId, storage.link(recording.key(), ttl));
    }

    record Page(List<RecordingCatalog.Recording> items, int page, int size, long total) {}

    Page list(TenantId companyId, Instant from, Instant to, int page, int size) {
        return new Page(
                catalog.page(companyId, from, to, size, page * size), page, size, catalog.count(companyId, from, to));
    }

    /** Deletes the recording of a call of the company; deleting one that is already gone changes nothing. */
    void delete(CurrentUser user, CallId callId) {
        if (!catalog.callExists(user.companyId(), callId)) {
            throw notFound();
        }
        delete(user.companyId(), callId, "user", user.userId().value());
    }

    void delete(TenantId companyId, CallId callId, String reason, java.util.@Nullable UUID deletedBy) {
        transaction.executeWithoutResult(status -> {
            Optional<RecordingCatalog.Recording> recording = catalog.findForUpdate(companyId, callId);
            if (recording.isEmpty()) {
                return;
            }
            try {
                storage.delete(recording.get().key());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Instant now = clock.instant();
            catalog.detach(companyId, callId, now);
            catalog.recordDeletion(companyId, recording.get(), reason, deletedBy, now);
            log.info("Deleted the recording of call {} ({})", callId, reason);
        });
    }

    record MonthlyGrowth(String month, long recordings, long bytes, long minutes) {}

    record Stats(
            long recordings,
            long bytes,
            double minutes,
            @Nullable Instant oldest,
            @Nullable Instant newest,
            List<MonthlyGrowth> growth,
            long pendingUploads,
            long failedUploads,
            String storage,
            StorageCostEstimator.Estimate monthlyCostEstimate) {}

    /** A company's figures, from its own recordings alone. */
    Stats stats(TenantId companyId) {
        Instant now = clock.instant();
        Totals totals = totals(companyId, now);
        List<MonthlyGrowth> growth = jdbc.sql("""
                        select to_char(date_trunc('month', started_at at time zone 'UTC'), 'YYYY-MM') as month,
                               count(*) as recordings, coalesce(sum(recording_bytes), 0) as bytes,
                               coalesce(sum(recording_duration_ms), 0) / 60000 as minutes
                        from calls where company_id = :company and recording_url is not null
                        group by 1 order by 1""")
                .param("company", companyId.value())
                .query((rs, row) -> new MonthlyGrowth(
                        rs.getString("month"), rs.getLong("recordings"), rs.getLong("bytes"), rs.getLong("minutes")))
                .list();
        UploadJobs.Counts uploads = jobs.counts(companyId);
        StorageCostEstimator.Estimate estimate = costs.company(usage(companyId, totals, now));
        return new Stats(
                totals.count(),
                totals.bytes(),
                totals.durationMs() / 60000.0,
                totals.oldest(),
                totals.newest(),
                growth,
                uploads.pending(),
                uploads.failed(),
                storage.kind(),
                estimate);
    }

    record AccountStats(
            long companies,
            long recordings,
            long bytes,
            double minutes,
            long pendingUploads,
            long failedUploads,
            String storage,
            StorageCostEstimator.Estimate monthlyCostEstimate) {}

    /** Every company's recordings together, with Wasabi's account minimum: the operators' view. */
    AccountStats accountStats() {
        Instant now = clock.instant();
        Totals totals = totals(null, now);
        long companies = jdbc.sql("select count(distinct company_id) from calls where recording_url is not null")
                .query(Long.class)
                .single();
        UploadJobs.Counts uploads = jobs.counts(null);
        return new AccountStats(
                companies,
                totals.count(),
                totals.bytes(),
                totals.durationMs() / 60000.0,
                uploads.pending(),
                uploads.failed(),
                storage.kind(),
                costs.account(usage(null, totals, now)));
    }

    private record Totals(
            long count,
            long bytes,
            long durationMs,
            @Nullable Instant oldest,
            @Nullable Instant newest,
            long addedLastMonth) {}

    /** One company's totals, or the whole account's when {@code companyId} is null. */
    private Totals totals(@Nullable TenantId companyId, Instant now) {
        return jdbc.sql("""
                        select count(*) as count, coalesce(sum(recording_bytes), 0) as bytes,
                               coalesce(sum(recording_duration_ms), 0) as duration_ms,
                               min(started_at) as oldest, max(started_at) as newest,
                               count(*) filter (where recording_stored_at >= :monthAgo) as added
                        from calls
                        where recording_url is not null and (cast(:company as uuid) is null or company_id = :company)""")
                .param("company", companyId == null ? null : companyId.value())
                .param("monthAgo", Timestamp.from(now.minus(Duration.ofDays(30))))
                .query((rs, row) -> new Totals(
                        rs.getLong("count"),
                        rs.getLong("bytes"),
                        rs.getLong("duration_ms"),
                        instant(rs.getTimestamp("oldest")),
                        instant(rs.getTimestamp("newest")),
                        rs.getLong("added")))
                .single();
    }

    private StorageCostEstimator.Usage usage(@Nullable TenantId companyId, Totals totals, Instant now) {
        int minimumDays = properties.pricing().wasabiMinimumDays();
        // bytes deleted before the minimum age, weighted by the part of the next 30 days they are still billed
        double timedDeleted = jdbc.sql("""
                        select coalesce(sum(bytes * least(30, greatest(0,
                                   extract(epoch from (recorded_at + make_interval(days => :minDays) - :now)) / 86400)) / 30.0), 0)
                        from recording_deletions
                        where (cast(:company as uuid) is null or company_id = :company)
                          and recorded_at is not null and bytes is not null
                          and recorded_at + make_interval(days => :minDays) > :now""")
                .param("company", companyId == null ? null : companyId.value())
                .param("minDays", minimumDays)
                .param("now", Timestamp.from(now))
                .query(Double.class)
                .single();
        return new StorageCostEstimator.Usage(totals.bytes(), timedDeleted, totals.addedLastMonth(), totals.count());
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static ApiException notFound() {
        return ApiException.notFound("recording-not-found", "The recording");
    }
}
