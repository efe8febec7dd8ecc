package com.caly.telephony.exotel;

import com.caly.calls.CallId;
import com.caly.shared.TenantId;

/** Exotel reported a recording of a call that has none of its own yet. */
public record ExotelRecordingReady(TenantId companyId, CallId callId, String recordingUrl) {}
