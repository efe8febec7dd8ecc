package com.caly.telephony.exotel;

import com.caly.telephony.TelephonyProperties;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The agent's audio not yet sent, cut into the chunks Exotel plays smoothly: whole 320-byte frames (20 ms at
 * 8 kHz), of the configured size. A tail shorter than that waits for more audio; {@link #tail} zero-pads it to
 * whole frames (a chunk that is not a multiple of 320 makes Exotel wait 20 ms, a gap the caller hears). Audio
 * taken back from the line (a pause) goes in again at the front.
 */
final class PlaybackBuffer {

    static final int FRAME = TelephonyProperties.FRAME_BYTES;
    static final int MAX_CHUNK = TelephonyProperties.MAX_CHUNK_BYTES / FRAME * FRAME;

    private final int chunkBytes;
    private final Deque<byte[]> pieces = new ArrayDeque<>();
    // bytes of the first piece already taken
    private int taken;
    private int size;

    /** @param chunkBytes the chunk size (rounded down to whole frames and kept within Exotel's limits) */
    PlaybackBuffer(int chunkBytes) {
        this.chunkBytes = Math.max(FRAME, Math.min(MAX_CHUNK, chunkBytes)) / FRAME * FRAME;
    }

    int chunkBytes() {
        return chunkBytes;
    }

    void add(byte[] pcm) {
        if (pcm.length > 0) {
            pieces.addLast(pcm);
            size += pcm.length;
        }
    }

    /** Puts audio back in front of what is waiting. */
    void putBack(byte[] pcm) {
        if (pcm.length == 0) {
            return;
        }
        if (taken > 0) {
            byte[] first = pieces.pollFirst();
            pieces.addFirst(Arrays.copyOfRange(first, taken, first.length));
            taken = 0;
        }
        pieces.addFirst(pcm);
        size += pcm.length;
    }

    /** Bytes waiting. */
    int pending() {
        return size;
    }

    boolean hasChunk() {
        return size >= chunkBytes;
    }

    /** The next whole chunk; only when {@link #hasChunk}. */
    byte[] chunk() {
        return take(chunkBytes, chunkBytes);
    }

    /** All that waits, zero-padded to whole frames; empty when nothing waits. */
    byte[] tail() {
        return take(size, (size + FRAME - 1) / FRAME * FRAME);
    }

    /** Bytes of the whole frames waiting. */
    int wholeFrames() {
        return size / FRAME * FRAME;
    }

    /** The whole frames that wait, shorter than a chunk, with no padding; only when {@link #wholeFrames} is not 0. */
    byte[] frames() {
        int bytes = wholeFrames();
        return take(bytes, bytes);
    }

    /** Drops what waits (the caller interrupted). */
    void clear() {
        pieces.clear();
        taken = 0;
        size = 0;
    }

    private byte[] take(int bytes, int length) {
        byte[] out = new byte[length];
        int filled = 0;
        while (filled < bytes) {
            byte[] first = pieces.peekFirst();
            int n = Math.min(bytes - filled, first.length - taken);
            System.arraycopy(first, taken, out, filled, n);
            filled += n;
            taken += n;
            if (taken == first.length) {
                pieces.pollFirst();
                taken = 0;
            }
        }
        size -= bytes;
        return out;
    }

    /** How long audio plays, for pacing: 16-bit mono at the given rate. */
    static long playMillis(long bytes, int sampleRate) {
        return bytes * 1000L / (2L * sampleRate);
    }
}
