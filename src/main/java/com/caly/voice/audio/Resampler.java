package com.caly.voice.audio;

/**
 * Converts 16-bit little-endian mono PCM between sample rates that stand in a small ratio (16 kHz and 24 kHz):
 * a polyphase windowed-sinc low-pass filter whose history carries from one chunk to the next, so a stream cut
 * into chunks of any size comes out exactly as if it had been converted in one piece (no clicks at the joins).
 * One instance per stream direction; not thread-safe.
 */
public final class Resampler {

    private static final int TAPS_PER_PHASE = 24;

    private final int up;
    private final int down;
    private final float[][] phases;
    private final float[] history = new float[TAPS_PER_PHASE - 1];
    private long inputCount;
    private long outputCount;

    public Resampler(int fromRate, int toRate) {
        int gcd = gcd(fromRate, toRate);
        this.up = toRate / gcd;
        this.down = fromRate / gcd;
        if (up > 8 || down > 8) {
            throw new IllegalArgumentException("Unsupported conversion " + fromRate + " -> " + toRate);
        }
        this.phases = design(up, down);
    }

    public boolean isIdentity() {
        return up == down;
    }

    /** Converts the next chunk of the stream. */
    public byte[] process(byte[] pcm) {
        if (isIdentity()) {
            return pcm;
        }
        int count = pcm.length / 2;
        int keep = history.length;
        float[] x = new float[keep + count];
        System.arraycopy(history, 0, x, 0, keep);
        for (int i = 0; i < count; i++) {
            x[keep + i] = (short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8));
        }
        long first = inputCount - keep; // the absolute index of x[0]
        long available = inputCount + count;
        // output n needs input floor(n * down / up); produce every output whose newest input has arrived
        long end = (available * up + down - 1) / down;
        byte[] out = new byte[(int) Math.max(0, end - outputCount) * 2];
        int o = 0;
        for (long n = outputCount; n < end; n++) {
            long t = n * down;
            long newest = t / up;
            float[] h = phases[(int) (t % up)];
            double sum = 0;
            int base = (int) (newest - first);
            for (int k = 0; k < TAPS_PER_PHASE && base - k >= 0; k++) {
                sum += h[k] * x[base - k];
            }
            int sample = (int) Math.round(Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sum)));
            out[o++] = (byte) sample;
            out[o++] = (byte) (sample >> 8);
        }
        outputCount = end;
        inputCount = available;
        System.arraycopy(x, x.length - keep, history, 0, keep);
        return out;
    }

    /** A low-pass at 45% of the lower rate, split into {@code up} phases of the upsampled filter. */
    private static float[][] design(int up, int down) {
        int length = up * TAPS_PER_PHASE;
        double cutoff = 0.45 / Math.max(up, down); // cycles per sample of the upsampled stream
        double centre = (length - 1) / 2.0;
        float[][] phases = new float[up][TAPS_PER_PHASE];
        for (int i = 0; i < length; i++) {
            double m = i - centre;
            double sinc = m == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * m) / (Math.PI * m);
            double window = 0.42
                    - 0.5 * Math.cos(2 * Math.PI * i / (length - 1))
                    + 0.08 * Math.cos(4 * Math.PI * i / (length - 1)); // Blackman
            phases[i % up][i / up] = (float) (up * sinc * window);
        }
        return phases;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
