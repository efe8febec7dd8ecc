package com.caly.voice.audio;

/**
 * G.711 μ-law, the telephone line's 8-bit companding, to and from 16-bit little-endian PCM at 8 kHz. The realtime
 * model takes and gives it as {@code audio/pcmu}, so an 8 kHz call needs no resampling at all.
 */
public final class MuLaw {

    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;
    private static final short[] DECODED = new short[256];
    private static final byte[] SEGMENT = new byte[256];

    static {
        for (int i = 1; i < 256; i++) {
            SEGMENT[i] = (byte) (31 - Integer.numberOfLeadingZeros(i));
        }
        for (int code = 0; code < 256; code++) {
            int u = ~code & 0xFF;
            int exponent = (u >> 4) & 0x07;
            int magnitude = ((((u & 0x0F) << 3) + BIAS) << exponent) - BIAS;
            DECODED[code] = (short) ((u & 0x80) != 0 ? -magnitude : magnitude);
        }
    }

    private MuLaw() {}

    public static byte encode(int sample) {
        int sign = 0;
        int magnitude = sample;
        if (magnitude < 0) {
            sign = 0x80;
            magnitude = -magnitude;
        }
        magnitude = Math.min(magnitude, CLIP) + BIAS;
        int exponent = SEGMENT[(magnitude >> 7) & 0xFF];
        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    public static short decode(byte code) {
        return DECODED[code & 0xFF];
    }

    /** 16-bit little-endian PCM to μ-law, one byte per sample. */
    public static byte[] fromPcm(byte[] pcm) {
        byte[] out = new byte[pcm.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = encode((short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8)));
        }
        return out;
    }

    /** μ-law to 16-bit little-endian PCM. */
    public static byte[] toPcm(byte[] ulaw) {
        byte[] out = new byte[ulaw.length * 2];
        for (int i = 0; i < ulaw.length; i++) {
            short sample = DECODED[ulaw[i] & 0xFF];
            out[2 * i] = (byte) sample;
            out[2 * i + 1] = (byte) (sample >> 8);
        }
        return out;
    }
}
