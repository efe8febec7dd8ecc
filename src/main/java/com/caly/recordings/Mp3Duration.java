package com.caly.recordings;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Measures an MP3 file's playing time by walking its frame headers, without decoding. */
final class Mp3Duration {

    private static final int[][] BITRATES_KBPS = {
        // MPEG-1 layer III
        {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, -1},
        // MPEG-2 and 2.5 layer III
        {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, -1}
    };
    private static final int[][] SAMPLE_RATES = {
        {11025, 12000, 8000}, // MPEG-2.5
        {0, 0, 0}, // reserved
        {22050, 24000, 16000}, // MPEG-2
        {44100, 48000, 32000} // MPEG-1
    };

    private Mp3Duration() {}

    static long millis(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            byte[] header = new byte[10];
            if (in.readNBytes(header, 0, 10) < 10) {
                return 0;
            }
            long skipped;
            if (header[0] == 'I' && header[1] == 'D' && header[2] == '3') {
                long tagSize = ((header[6] & 0x7F) << 21)
                        | ((header[7] & 0x7F) << 14)
                        | ((header[8] & 0x7F) << 7)
                        | (header[9] & 0x7F);
                in.skipNBytes(tagSize);
                skipped = 0;
                if (in.readNBytes(header, 0, 4) < 4) {
                    return 0;
                }
            } else {
                skipped = 6; // bytes 4..9 already read belong to the first frame
            }
            double seconds = 0;
            while (true) {
                int b1 = header[1] & 0xFF;
                int b2 = header[2] & 0xFF;
                if ((header[0] & 0xFF) != 0xFF || (b1 & 0xE0) != 0xE0) {
                    break;
                }
                int version = (b1 >> 3) & 0x03;
                int bitrateIndex = (b2 >> 4) & 0x0F;
                int rateIndex = (b2 >> 2) & 0x03;
                if (version == 1 || rateIndex == 3 || bitrateIndex == 0 || bitrateIndex == 15) {
                    break;
                }
                int sampleRate = SAMPLE_RATES[version][rateIndex];
                int bitrate = BITRATES_KBPS[version == 3 ? 0 : 1][bitrateIndex] * 1000;
                int padding = (b2 >> 1) & 0x01;
                int samplesPerFrame = version == 3 ? 1152 : 576;
                int frameLength = samplesPerFrame / 8 * bitrate / sampleRate + padding;
                seconds += (double) samplesPerFrame / sampleRate;
                long toSkip = frameLength - 4 - skipped;
                skipped = 0;
                if (toSkip < 0) {
                    break;
                }
                try {
                    in.skipNBytes(toSkip);
                } catch (java.io.EOFException e) {
                    break;
                }
                if (in.readNBytes(header, 0, 4) < 4) {
                    break;
                }
            }
            return Math.round(seconds * 1000);
        }
    }
}
