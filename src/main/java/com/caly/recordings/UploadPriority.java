package com.caly.recordings;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Live calls come before recordings. Encoding a call's MP3 takes a whole core for a moment, and on a busy instance
 * that moment is taken from the calls still on the line, as late frames and slow replies. So while at least
 * {@code busyLiveCalls} calls are live here, one worker at most encodes, and only the recordings that have waited
 * {@code maxWait} already; the rest are encoded as soon as the instance is less busy. The wait is bounded so that a
 * spool never grows without end under a load that does not let up.
 */
record UploadPriority(int workers, int busyLiveCalls, Duration maxWait) {

    static UploadPriority of(RecordingsProperties.Upload settings) {
        return new UploadPriority(settings.workers(), settings.busyLiveCalls(), settings.maxWaitWhileBusy());
    }

    boolean busy(int liveCalls) {
        return liveCalls >= busyLiveCalls;
    }

    /** Workers that may run with {@code liveCalls} live. */
    int workers(int liveCalls) {
        return busy(liveCalls) ? 1 : workers;
    }

    /** Only recordings queued before this may be taken now; empty when any due one may. */
    Optional<Instant> queuedBefore(Instant now, int liveCalls) {
        return busy(liveCalls) ? Optional.of(now.minus(maxWait)) : Optional.empty();
    }
}
