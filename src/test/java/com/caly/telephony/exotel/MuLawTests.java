package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MuLawTests {

    @Test
    void everyCodeDecodesToASampleThatEncodesBackToIt() {
        for (int code = 0; code < 256; code++) {
            byte[] pcm = MuLaw.toPcm(new byte[] {(byte) code});
            byte back = MuLaw.fromPcm(pcm)[0];
            // G.711 has two zeros (0x7F and 0xFF); both decode to 0, which encodes as 0xFF
            assertThat(back & 0xFF).as("code %d", code).isEqualTo(code == 0x7F ? 0xFF : code);
        }
    }

    @Test
    void decodesToLittleEndianSamplesOfTheRightSignAndSize() {
        byte[] pcm = MuLaw.toPcm(new byte[] {(byte) 0x80, (byte) 0x00, (byte) 0xFF});
        assertThat(sample(pcm, 0)).isEqualTo((short) 32124);
        assertThat(sample(pcm, 1)).isEqualTo((short) -32124);
        assertThat(sample(pcm, 2)).isZero();
    }

    @Test
    void encodesPcmWithinTheStepOfItsSegment() {
        for (int value = -32768; value < 32768; value += 97) {
            byte[] pcm = {(byte) value, (byte) (value >> 8)};
            short decoded = sample(MuLaw.toPcm(MuLaw.fromPcm(pcm)), 0);
            // μ-law's steps grow with the magnitude: the error stays under about 1/16 of it (and 8 near zero)
            assertThat(Math.abs(decoded - value))
                    .as("sample %d", value)
                    .isLessThanOrEqualTo(Math.max(8, Math.abs(value) / 16 + 8));
        }
    }

    private static short sample(byte[] pcm, int index) {
        return (short) ((pcm[2 * index] & 0xFF) | (pcm[2 * index + 1] << 8));
    }
}
