package com.caly.voice;

import java.util.Arrays;
import java.util.Base64;

/** Model-format caller audio held back to be sent in one append, with how many milliseconds it holds. */
final class HeldAudio {

    private byte[] bytes = new byte[2_400];
    private int length;
    private long ms;

    void add(byte[] audio, long audioMs) {
        if (length + audio.length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + audio.length));
        }
        System.arraycopy(audio, 0, bytes, length, audio.length);
        length += audio.length;
        ms += audioMs;
    }

    long ms() {
        return ms;
    }

    String base64AndReset() {
        String encoded = Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, length));
        length = 0;
        ms = 0;
        return encoded;
    }
}
