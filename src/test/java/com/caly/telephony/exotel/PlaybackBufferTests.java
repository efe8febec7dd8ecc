package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class PlaybackBufferTests {

    private static byte[] audio(int bytes, int first) {
        byte[] pcm = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            pcm[i] = (byte) (first + i);
        }
        return pcm;
    }

    @Test
    void cutsWholeChunksOfTheSetSizeAndKeepsTheRest() {
        PlaybackBuffer buffer = new PlaybackBuffer(3_200);
        buffer.add(audio(3_000, 0));
        assertThat(buffer.hasChunk()).isFalse();
        buffer.add(audio(7_000, 3_000));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            assertThat(buffer.hasChunk()).isTrue();
            byte[] chunk = buffer.chunk();
            assertThat(chunk).hasSize(3_200);
            out.writeBytes(chunk);
        }
        assertThat(buffer.hasChunk()).isFalse();
        assertThat(buffer.pending()).isEqualTo(400);
        byte[] tail = buffer.tail();
        // 400 bytes left, padded to whole 320-byte frames with silence (no longer to 3,200)
        assertThat(tail).hasSize(640);
        assertThat(tail[399]).isEqualTo((byte) 9_999);
        assertThat(tail[400]).isZero();
        assertThat(tail[639]).isZero();
        out.write(tail, 0, 400);
        assertThat(out.toByteArray()).isEqualTo(audio(10_000, 0));
        assertThat(buffer.tail()).isEmpty();
    }

    @Test
    void keepsTheChunkSizeToWholeFramesWithinExotelsLimits() {
        assertThat(new PlaybackBuffer(1).chunkBytes()).isEqualTo(320);
        assertThat(new PlaybackBuffer(640).chunkBytes()).isEqualTo(640);
        assertThat(new PlaybackBuffer(1_700).chunkBytes()).isEqualTo(1_600);
        assertThat(new PlaybackBuffer(102_400).chunkBytes()).isEqualTo(102_400);
        assertThat(new PlaybackBuffer(1_000_000).chunkBytes()).isEqualTo(102_400);
    }

    @Test
    void putsAudioBackInFrontOfWhatWaits() {
        PlaybackBuffer buffer = new PlaybackBuffer(640);
        buffer.add(audio(1_000, 0));
        byte[] first = buffer.chunk();
        buffer.putBack(first);
        assertThat(buffer.pending()).isEqualTo(1_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(buffer.chunk());
        out.write(buffer.tail(), 0, 360);
        assertThat(out.toByteArray()).isEqualTo(audio(1_000, 0));
    }

    @Test
    void dropsWhatWaitsOnClear() {
        PlaybackBuffer buffer = new PlaybackBuffer(3_200);
        buffer.add(audio(1_000, 3));
        buffer.clear();
        assertThat(buffer.pending()).isZero();
        assertThat(buffer.tail()).isEmpty();
    }

    @Test
    void knowsHowLongAudioPlays() {
        assertThat(PlaybackBuffer.playMillis(3_200, 8_000)).isEqualTo(200);
        assertThat(PlaybackBuffer.playMillis(3_200, 16_000)).isEqualTo(100);
        assertThat(PlaybackBuffer.playMillis(320, 8_000)).isEqualTo(20);
    }
}
