package com.caly.voice.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Against ITU-T G.711's μ-law segment table (its 14-bit values, times four for 16-bit PCM). */
class MuLawTests {

    /** Segment s of the positive half: codes 0xFF-16s down to 0xF0-16s; its first decoded value and its step. */
    private static final int[][] SEGMENTS = {
        {0, 8}, {132, 16}, {396, 32}, {924, 64}, {1980, 128}, {4092, 256}, {8316, 512}, {16764, 1024}
    };

    @Test
    void decodesEveryCodeToTheValueTheSegmentTableGives() {
        for (int segment = 0; segment < 8; segment++) {
            for (int step = 0; step < 16; step++) {
                int code = 0xFF - 16 * segment - step;
                int expected = SEGMENTS[segment][0] + step * SEGMENTS[segment][1];
                assertThat(MuLaw.decode((byte) code)).as("code %02x", code).isEqualTo((short) expected);
                assertThat(MuLaw.decode((byte) (code & 0x7F)))
                        .as("code %02x", code & 0x7F)
                        .isEqualTo((short) -expected);
            }
        }
        assertThat(MuLaw.decode((byte) 0x80)).isEqualTo((short) 32124);
        assertThat(MuLaw.decode((byte) 0x00)).isEqualTo((short) -32124);
    }

    @Test
    void encodesAtTheDecisionLevelsBetweenCodes() {
        assertThat(MuLaw.encode(0)).isEqualTo((byte) 0xFF);
        assertThat(MuLaw.encode(-1)).isEqualTo((byte) 0x7F);
        // the first segment ends at 123: 124 is the first value of the second
        assertThat(MuLaw.encode(123)).isEqualTo((byte) 0xF0);
        assertThat(MuLaw.encode(124)).isEqualTo((byte) 0xEF);
        assertThat(MuLaw.encode(32767)).isEqualTo((byte) 0x80);
        assertThat(MuLaw.encode(-32768)).isEqualTo((byte) 0x00);
    }

    @Test
    void roundTripsEveryCodeAndStaysWithinHalfAStepOfEverySample() {
        for (int code = 0; code < 256; code++) {
            byte expected = code == 0x7F ? (byte) 0xFF : (byte) code; // negative zero encodes as zero
            assertThat(MuLaw.encode(MuLaw.decode((byte) code)))
                    .as("code %02x", code)
                    .isEqualTo(expected);
        }
        for (int sample = -32768; sample <= 32767; sample++) {
            int magnitude = Math.min(Math.abs(sample), 32635);
            int error = Math.abs(Math.abs(MuLaw.decode(MuLaw.encode(sample))) - magnitude);
            int segment = Math.max(0, 31 - Integer.numberOfLeadingZeros((magnitude + 0x84) >> 7));
            assertThat(error).as("sample %d", sample).isLessThanOrEqualTo(SEGMENTS[segment][1] / 2);
        }
    }

    @Test
    void convertsLittleEndianPcmBothWays() {
        byte[] pcm = {0x00, 0x00, (byte) 0xFF, 0x7F, 0x00, (byte) 0x80, 0x7B, 0x00};
        byte[] ulaw = MuLaw.fromPcm(pcm);
        assertThat(ulaw).containsExactly((byte) 0xFF, (byte) 0x80, (byte) 0x00, (byte) 0xF0);
        assertThat(MuLaw.toPcm(ulaw)).containsExactly(0x00, 0x00, 0x7C, 0x7D, (byte) 0x84, (byte) 0x82, 0x78, 0x00);
    }
}
