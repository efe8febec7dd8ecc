package com.caly.recordings;

import com.caly.calls.SilencedLines;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes silence over stretches of a spooled PCM recording, in place, before it is encoded: what redaction took out
 * of the transcript is then not in the MP3 either. Writing zeros again is harmless, so a retried upload may do it
 * twice.
 */
final class RecordingSilencer {

    private RecordingSilencer() {}

    /** Returns how many bytes were silenced. */
    static long silence(Path pcm, int sampleRate, List<SilencedLines.Stretch> stretches) throws IOException {
        if (stretches.isEmpty()) {
            return 0;
        }
        long silenced = 0;
        try (FileChannel file = FileChannel.open(pcm, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = file.size();
            ByteBuffer zeros = ByteBuffer.allocate(8192);
            for (SilencedLines.Stretch stretch : stretches) {
                long from = Math.min(size, byteAt(stretch.startMs(), sampleRate));
                long to = Math.min(size, byteAt(stretch.endMs(), sampleRate));
                for (long at = from; at < to; ) {
                    zeros.clear().limit((int) Math.min(zeros.capacity(), to - at));
                    at += file.write(zeros, at);
                }
                silenced += Math.max(0, to - from);
            }
            file.force(false);
        }
        return silenced;
    }

    /** The first byte of the sample heard at this millisecond: 16-bit mono, so two bytes a sample. */
    static long byteAt(long ms, int sampleRate) {
        return Math.max(0, ms) * sampleRate / 1000 * 2;
    }
}
