package com.caly.recordings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Recognises MP3 data by its first bytes: an ID3 tag or an MPEG audio frame header. */
final class Mp3Files {

    private Mp3Files() {}

    static boolean looksLikeMp3(Path file) throws IOException {
        byte[] head = new byte[3];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 3);
        }
        if (n < 2) {
            return false;
        }
        if (n == 3 && head[0] == 'I' && head[1] == 'D' && head[2] == '3') {
            return true;
        }
        // frame sync: eleven set bits, then a layer field of 01 (layer III)
        return (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0 && (head[1] & 0x06) == 0x02;
    }

    static void requireMp3(Path file) throws IOException {
        if (!looksLikeMp3(file)) {
            throw new NotAudioException();
        }
    }

    /** The data is not MP3 audio; retrying will not help. */
    static final class NotAudioException extends IOException {
        NotAudioException() {
            super("the data is not MP3 audio");
        }
    }
}
