package com.caly.recordings;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Mixes the agent's audio into the caller's, in time: the caller's audio is the clock (it arrives in real time,
 * silence included), and each piece of agent audio is placed at the sample where it was played. Agent audio that
 * comes late for its place starts at the current sample. Only audio still to be mixed is held, so memory stays
 * bounded by what the agent has queued ahead.
 */
final class TwoWayMixer {

    private record Segment(long start, short[] samples) {
        long end() {
            return start + samples.length;
        }
    }

    private final Deque<Segment> pending = new ArrayDeque<>();
    private long position;

    /** Queues agent audio (16-bit little-endian) to be heard from sample {@code atSample} of the call on. */
    void agent(byte[] pcm, long atSample) {
        short[] samples = new short[pcm.length / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8));
        }
        long start = Math.max(
                atSample,
                pending.isEmpty()
                        ? position
                        : Math.max(position, pending.peekLast().end()));
        pending.addLast(new Segment(start, samples));
    }

    /**
     * Drops the agent audio queued to be heard from sample {@code fromSample} on: the caller interrupted and the
     * playback was cleared, so the recording keeps only what was heard. Audio already mixed stays.
     */
    void cutAgent(long fromSample) {
        long cut = Math.max(fromSample, position);
        Deque<Segment> kept = new ArrayDeque<>();
        for (Segment segment : pending) {
            if (segment.start() >= cut) {
                break;
            }
            kept.addLast(
                    segment.end() <= cut
                            ? segment
                            : new Segment(segment.start(), java.util.Arrays.copyOf(segment.samples(), (int)
                                    (cut - segment.start()))));
        }
        pending.clear();
        pending.addAll(kept);
    }

    /** Mixes the queued agent audio into the next stretch of caller audio, in place; advances the clock. */
    void caller(byte[] pcm, int offset, int length) {
        int count = length / 2;
        long from = position;
        long to = from + count;
        for (Segment segment : pending) {
            if (segment.start() >= to) {
                break;
            }
            long overlapStart = Math.max(from, segment.start());
            long overlapEnd = Math.min(to, segment.end());
            for (long s = overlapStart; s < overlapEnd; s++) {
                int index = offset + (int) (s - from) * 2;
                int caller = (short) ((pcm[index] & 0xFF) | (pcm[index + 1] << 8));
                int mixed = Math.max(
                        Short.MIN_VALUE,
                        Math.min(Short.MAX_VALUE, caller + segment.samples()[(int) (s - segment.start())]));
                pcm[index] = (byte) mixed;
                pcm[index + 1] = (byte) (mixed >> 8);
            }
        }
        position = to;
        while (!pending.isEmpty() && pending.peekFirst().end() <= position) {
            pending.removeFirst();
        }
    }

    /** The agent audio still to be heard after the caller's audio ended, as PCM with silence between pieces. */
    byte[] tail() {
        if (pending.isEmpty()) {
            return new byte[0];
        }
        long end = pending.peekLast().end();
        byte[] silence = new byte[(int) (end - position) * 2];
        caller(silence, 0, silence.length);
        return silence;
    }

    long position() {
        return position;
    }
}
