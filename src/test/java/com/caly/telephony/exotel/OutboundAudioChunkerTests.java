package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundAudioChunkerTests {

    private static byte[] audio(int bytes, byte value) {
        byte[] pcm = new byte[bytes];
        java.util.Arrays.fill(pcm, value);
        return pcm;
    }

    @Test
    void emitsWholeFrameChunksOfTheTargetSizeAndKeepsTheRest() {
        OutboundAudioChunker chunker = new OutboundAudioChunker(3_200);
        assertThat(chunker.add(audio(3_000, (byte) 1))).isEmpty();
        List<byte[]> chunks = chunker.add(audio(7_000, (byte) 1));
        assertThat(chunks).hasSize(3).allSatisfy(c -> assertThat(c).hasSize(3_200));
        List<byte[]> tail = chunker.flush();
        assertThat(tail).hasSize(1);
        // 10,000 - 9,600 = 400 bytes left, padded to the 3,200-byte minimum with silence
        assertThat(tail.get(0)).hasSize(3_200);
        assertThat(tail.get(0)[399]).isEqualTo((byte) 1);
        assertThat(tail.get(0)[400]).isZero();
        assertThat(chunker.flush()).isEmpty();
    }

    @Test
    void keepsEveryChunkWithinExotelsLimits() {
        for (int target : new int[] {1, 320, 3_199, 3_201, 6_400, 50_000, 102_400, 1_000_000}) {
            OutboundAudioChunker chunker = new OutboundAudioChunker(target);
            List<byte[]> chunks = new ArrayList<>(chunker.add(audio(250_001, (byte) 7)));
            chunks.addAll(chunker.flush());
            int total = 0;
            for (byte[] chunk : chunks) {
                assertThat(chunk.length % 320).as("target %d", target).isZero();
                assertThat(chunk.length).as("target %d", target).isBetween(3_200, 102_400);
                total += chunk.length;
            }
            assertThat(total).isGreaterThanOrEqualTo(250_001).isLessThan(250_001 + 3_200);
        }
    }

    @Test
    void dropsUnsentAudioOnClear() {
        OutboundAudioChunker chunker = new OutboundAudioChunker(3_200);
        chunker.add(audio(1_000, (byte) 3));
        chunker.clear();
        assertThat(chunker.flush()).isEmpty();
    }

    @Test
    void knowsHowLongAChunkPlays() {
        assertThat(OutboundAudioChunker.playMillis(3_200, 8_000)).isEqualTo(200);
        assertThat(OutboundAudioChunker.playMillis(3_200, 16_000)).isEqualTo(100);
        assertThat(OutboundAudioChunker.playMillis(320, 8_000)).isEqualTo(20);
    }
}
