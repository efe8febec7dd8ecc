package com.caly.recordings;

import com.caly.calls.CallId;
import com.caly.shared.TenantId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Calls and call audio for recording tests, made through the same path a live call takes. */
final class RecordingTestData {

    private final JdbcClient jdbc;
    private final RecordingSpool spool;
    private final RecordingUploads uploads;
    private final TransactionTemplate transaction;

    RecordingTestData(
            JdbcClient jdbc, RecordingSpool spool, RecordingUploads uploads, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.spool = spool;
        this.uploads = uploads;
        this.transaction = transaction;
    }

    CallId newCall(TenantId company, Instant startedAt) {
        UUID id = jdbc.sql("""
                        insert into calls (company_id, provider_call_sid, direction, from_number, to_number, status, started_at)
                        values (?, ?, 'inbound', '+919845012345', '+918041234567', 'in_progress', ?) returning id""")
                .params(company.value(), "sid-" + UUID.randomUUID(), Timestamp.from(startedAt))
                .query(UUID.class)
                .single();
        return new CallId(id);
    }

    /** Streams {@code seconds} of a tone into the spool in 320-byte frames, as the media stream does. */
    SpooledAudio record(CallId call, int sampleRate, double seconds) throws IOException {
        byte[] pcm = tone(440, sampleRate, seconds);
        try (RecordingSpool.LiveRecording recording = spool.start(call, sampleRate)) {
            for (int offset = 0; offset < pcm.length; offset += 320) {
                recording.append(pcm, offset, Math.min(320, pcm.length - offset));
            }
            return recording.finish();
        }
    }

    /** Ends the call and queues its recording in one transaction, as the telephony feature will. */
    void endCall(TenantId company, CallId call, SpooledAudio audio) {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("""
                            update calls set status = 'completed', ended_at = started_at + interval '1 minute', duration_seconds = 60
                            where company_id = ? and id = ?""").params(company.value(), call.value()).update();
            uploads.enqueue(company, call, audio);
        });
    }

    static byte[] tone(double frequency, int sampleRate, double seconds) {
        int samples = (int) Math.round(sampleRate * seconds);
        ByteBuffer buffer = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            buffer.putShort(
                    (short) Math.round(0.5 * Short.MAX_VALUE * Math.sin(2 * Math.PI * frequency * i / sampleRate)));
        }
        return buffer.array();
    }

    /** The MP3 the upload worker makes of a spooled recording (the encoder is deterministic). */
    static byte[] encoded(SpooledAudio audio, int bitrateKbps) throws IOException {
        java.nio.file.Path mp3 = java.nio.file.Files.createTempFile("expected", ".mp3");
        try {
            new Mp3Encoder(bitrateKbps).encode(audio.file(), audio.sampleRate(), mp3);
            return java.nio.file.Files.readAllBytes(mp3);
        } finally {
            java.nio.file.Files.deleteIfExists(mp3);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
