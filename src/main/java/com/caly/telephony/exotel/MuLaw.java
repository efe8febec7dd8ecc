package com.caly.telephony.exotel;

/**
 * G.711 μ-law to and from 16-bit little-endian PCM, for streams whose {@code media_format} says μ-law: the rest of
 * Caly (the spool, the recording, the voice agent) works in PCM, so the stream converts at its edge. The voice
 * module has its own copy for the model's {@code audio/pcmu}; telephony cannot depend on voice.
 */
final class MuLaw {

    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;
    private static final short[] DECODED = new short[256];

    static {
        for (int code = 0; code < 256; code++) {
            int u = ~code & 0xFF;
            int exponent = (u >> 4) & 0x07;
            int magnitude = ((((u & 0x0F) << 3) + BIAS) << exponent) - BIAS;
            DECODED[code] = (short) ((u & 0x80) != 0 ? -magnitude : magnitude);
        }
    }

    private MuLaw() {}

    static byte encode(int sample) {
        int sign = sample < 0 ? 0x80 : 0;
        int magnitude = Math.min(Math.abs(sample), CLIP) + BIAS;
        int exponent = 31 - Integer.numberOfLeadingZeros(magnitude >> 7 | 1);
        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    /** μ-law, one byte a sample, to PCM. */
    static byte[] toPcm(byte[] ulaw) {
        byte[] out = new byte[ulaw.length * 2];
        for (int i = 0; i < ulaw.length; i++) {
            short sample = DECODED[ulaw[i] & 0xFF];
            out[2 * i] = (byte) sample;
            out[2 * i + 1] = (byte) (sample >> 8);
        }
        return out;
    }

    /** PCM to μ-law; a trailing odd byte is not a sample and is dropped. */
    static byte[] fromPcm(byte[] pcm) {
        byte[] out = new byte[pcm.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = encode((short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8)));
        }
        return out;
    }
}
