package com.caly.telephony.exotel;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts agent audio into the chunks Exotel plays smoothly: a multiple of 320 bytes (one 20 ms frame at 8 kHz), at
 * least 3,200 bytes and at most 100 KB. A tail shorter than that waits for more audio; {@link #flush} zero-pads it
 * (a chunk that is not a multiple of 320 makes Exotel wait 20 ms, a gap the caller hears).
 */
final class OutboundAudioChunker {

    static final int FRAME = 320;
    static final int MIN_CHUNK = 3_200;
    static final int MAX_CHUNK = 100 * 1024 / FRAME * FRAME;

    private final int target;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** @param targetBytes the chunk size aimed for (rounded to frames and kept within Exotel's limits) */
    OutboundAudioChunker(int targetBytes) {
        int frames = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, targetBytes)) / FRAME;
        this.target = frames * FRAME;
    }

    /** Adds audio; returns the chunks that are complete. */
    List<byte[]> add(byte[] pcm) {
        pending.writeBytes(pcm);
        List<byte[]> chunks = new ArrayList<>();
        if (pending.size() < target) {
            return chunks;
        }
        byte[] all = pending.toByteArray();
        int offset = 0;
        while (all.length - offset >= target) {
            chunks.add(java.util.Arrays.copyOfRange(all, offset, offset + target));
            offset += target;
        }
        pending.reset();
        pending.write(all, offset, all.length - offset);
        return chunks;
    }

    /** The rest of the audio as one chunk, zero-padded to a whole number of frames and to the minimum; empty when none. */
    List<byte[]> flush() {
        if (pending.size() == 0) {
            return List.of();
        }
        int length = Math.max(MIN_CHUNK, (pending.size() + FRAME - 1) / FRAME * FRAME);
        byte[] chunk = java.util.Arrays.copyOf(pending.toByteArray(), length);
        pending.reset();
        return List.of(chunk);
    }

    int pending() {
        return pending.size();
    }

    boolean hasPending() {
        return pending.size() > 0;
    }

    /** Drops audio not yet sent (the caller interrupted). */
    void clear() {
        pending.reset();
    }

    /** How long a chunk plays, for pacing: 16-bit mono at the given rate. */
    static long playMillis(int bytes, int sampleRate) {
        return bytes * 1000L / (2L * sampleRate);
    }
}
