package com.caly.recordings;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.calls.SilencedLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingSilencerTests {

    @TempDir
    Path dir;

    @Test
    void writesSilenceOverEachStretchAndLeavesTheRestAsItWas() throws Exception {
        byte[] pcm = new byte[8000 * 2 * 3]; // 3 s at 8 kHz
        Arrays.fill(pcm, (byte) 0x11);
        Path file = Files.write(dir.resolve("call.8000.pcm"), pcm);

        long silenced = RecordingSilencer.silence(
                file, 8000, List.of(new SilencedLines.Stretch(500, 1_000), new SilencedLines.Stretch(2_500, 9_000)));

        byte[] after = Files.readAllBytes(file);
        assertThat(after).hasSize(pcm.length);
        assertThat(silenced).isEqualTo(8_000 + 8_000);
        assertThat(range(after, 0, 500)).containsOnly((byte) 0x11);
        assertThat(range(after, 500, 1_000)).containsOnly((byte) 0);
        assertThat(range(after, 1_000, 2_500)).containsOnly((byte) 0x11);
        assertThat(range(after, 2_500, 3_000)).as("cut at the file's end").containsOnly((byte) 0);
    }

    @Test
    void leavesTheFileAloneWithoutStretches() throws Exception {
        Path file = Files.write(dir.resolve("call.16000.pcm"), new byte[] {1, 2, 3, 4});
        assertThat(RecordingSilencer.silence(file, 16000, List.of())).isZero();
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3, 4);
    }

    private static byte[] range(byte[] pcm, long fromMs, long toMs) {
        return Arrays.copyOfRange(
                pcm, (int) RecordingSilencer.byteAt(fromMs, 8000), (int) RecordingSilencer.byteAt(toMs, 8000));
    }
}
