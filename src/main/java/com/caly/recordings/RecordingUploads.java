package com.caly.recordings;

import com.caly.calls.CallId;
import com.caly.shared.TenantId;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Queues a call's spooled audio for upload, as part of the transaction that records the end of the call. */
@Service
public class RecordingUploads {

    private final UploadJobs jobs;
    private final RecordingUploadWorker worker;
    private final Clock clock;

    RecordingUploads(UploadJobs jobs, RecordingUploadWorker worker, Clock clock) {
        this.jobs = jobs;
        this.worker = worker;
        this.clock = clock;
    }

    /** Whether the call has a recording of its own, stored or on its way. */
    public boolean hasOwnRecording(TenantId companyId, CallId callId) {
        return jobs.hasRecordingOrJob(companyId, callId);
    }

    /**
     * Writes the upload job in the caller's transaction (an outbox: the job exists exactly when the call's update
     * does) and starts a worker once that transaction has committed.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(TenantId companyId, CallId callId, SpooledAudio audio) {
        jobs.insert(companyId, callId, audio, clock.instant());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                worker.wakeUp();
            }
        });
    }
}
