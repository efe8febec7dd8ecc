package com.caly.calls;

import com.caly.shared.TenantId;

/**
 * A final line of a call's transcript was written, while the call goes on. Published right after the row, on the
 * thread that wrote it (never a live call's loop): the live view's listener sends it to every instance from there.
 *
 * @param startMs milliseconds from the start of the call's stream
 */
public record TranscriptLineRecorded(
        TenantId companyId,
        CallId callId,
        int sequence,
        String speaker,
        String text,
        long startMs,
        long endMs,
        boolean interrupted) {}
