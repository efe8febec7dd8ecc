package com.caly.tenants;

/**
 * What a company has done to what callers and its agent say on its calls.
 *
 * @param redactTranscripts card, Aadhaar, PAN, IFSC, account and phone numbers and e-mail addresses are replaced by
 *     their category in transcripts, summaries and everything sent on
 * @param silenceRecordingSpans the recording is silenced over the lines that held them (needs redaction)
 */
public record RedactionSettings(boolean redactTranscripts, boolean silenceRecordingSpans) {

    public static final RedactionSettings OFF = new RedactionSettings(false, false);
}
