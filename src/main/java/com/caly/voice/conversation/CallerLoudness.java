package com.caly.voice.conversation;

/**
 * Whether a caller frame is loud against the line's own noise: the floor follows the quietest frames at once and
 * louder ones slowly, and speech is well above it. The turn taking hears the caller from this within the frame,
 * a model round trip before the model's VAD says so.
 */
public final class CallerLoudness {

    static final double MIN_SPEECH_RMS = 300;
    static final double ABOVE_FLOOR = 4;
    static final double FLOOR_RISE = 0.002;

    private double floor;

    /** 16-bit little-endian PCM. */
    public boolean loud(byte[] pcm) {
        double sum = 0;
        for (int i = 0; i + 1 < pcm.length; i += 2) {
            int sample = (short) ((pcm[i] & 0xFF) | (pcm[i + 1] << 8));
            sum += (double) sample * sample;
        }
        double rms = Math.sqrt(sum / Math.max(1, pcm.length / 2));
        floor = floor == 0 || rms < floor ? Math.max(rms, 1) : floor + (rms - floor) * FLOOR_RISE;
        return rms > Math.max(MIN_SPEECH_RMS, floor * ABOVE_FLOOR);
    }
}
