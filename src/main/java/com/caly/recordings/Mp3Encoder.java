package com.caly.recordings;

import static java.util.Map.entry;
import static javax.sound.sampled.AudioSystem.NOT_SPECIFIED;

import de.sciss.jump3r.lowlevel.LameEncoder;
import de.sciss.jump3r.mp3.LameGlobalFlags;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sound.sampled.AudioFormat;

/**
 * Encodes 16-bit signed little-endian mono PCM to constant-bit-rate MP3 with jump3r, a Java port of LAME.
 *
 * <p>Encoders may run in parallel threads. The only state jump3r instances share is the FFT's analysis
 * windows, which every new encoder rewrites in place with the same values, so the race is harmless.
 */
final class Mp3Encoder {

    static final int DEFAULT_BIT_RATE_KBPS = 32;

    private static final Set<Integer> SAMPLE_RATES = Set.of(8000, 16000, 24000);

    /** LAME's bit rates for MPEG-2 and MPEG-2.5, the versions used at these sample rates (8 kHz stops at 64). */
    private static final Set<Integer> BIT_RATES_KBPS =
            Set.of(8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160);

    // QUALITY_LOW (LAME's -q 7: psychoacoustics without noise shaping) encoded 1.3 to 1.6 times as fast as
    // QUALITY_MIDDLE at 16 kHz and up to 1.7 times at 8 kHz (docs/benchmarks.md), and on speech-like audio its
    // decoded error was no larger (SNR 24.1 against 23.4 dB at 8 kHz, 21.7 against 17.9 dB at 16 kHz).
    private static final int QUALITY = LameEncoder.QUALITY_LOW;

    /** PCM bytes handed to the encoder at once: 2.048 s at 8 kHz, a multiple of two so no sample is split. */
    private static final int PCM_BUFFER_BYTES = 32 * 1024;

    /** LAME's worst case for one buffer: 1.25 bytes per sample plus 7200 (also enough for the final flush). */
    private static final int MP3_BUFFER_BYTES = PCM_BUFFER_BYTES / 2 * 5 / 4 + 7200;

    private static final Field LAME_SETTINGS = lameSettings();

    private final int bitRateKbps;

    Mp3Encoder(int bitRateKbps) {
        if (!BIT_RATES_KBPS.contains(bitRateKbps)) {
            throw new IllegalArgumentException(
                    "Unsupported MP3 bit rate " + bitRateKbps + " kbit/s; use one of " + new TreeSet<>(BIT_RATES_KBPS));
        }
        this.bitRateKbps = bitRateKbps;
    }

    /** Encodes a whole PCM file, reading and writing it a buffer at a time. */
    Result encode(Path pcm, int sampleRate, Path mp3) throws IOException {
        try (InputStream in = Files.newInputStream(pcm);
                OutputStream out = new BufferedOutputStream(Files.newOutputStream(mp3));
                Stream stream = open(sampleRate, out)) {
            byte[] chunk = new byte[PCM_BUFFER_BYTES];
            for (int read = in.read(chunk); read != -1; read = in.read(chunk)) {
                stream.write(chunk, 0, read);
            }
            return stream.finish();
        }
    }

    /** Starts an encoder for PCM that arrives in pieces; the caller keeps ownership of {@code out}. */
    Stream open(int sampleRate, OutputStream out) {
        if (!SAMPLE_RATES.contains(sampleRate)) {
            throw new IllegalArgumentException(
                    "Unsupported sample rate " + sampleRate + " Hz; use one of " + new TreeSet<>(SAMPLE_RATES));
        }
        LameEncoder lame = new LameEncoder(pcmFormat(sampleRate), mp3Format(sampleRate, bitRateKbps));
        if (lame.getEffectiveBitRate() != bitRateKbps || lame.getEffectiveSampleRate() != sampleRate) {
            lame.close();
            throw new IllegalArgumentException("MP3 cannot carry " + sampleRate + " Hz at " + bitRateKbps
                    + " kbit/s (MPEG-2.5, used at 8 kHz, stops at 64 kbit/s)");
        }
        skipReplayGain(lame);
        return new Stream(sampleRate, lame, out);
    }

    // LameEncoder switches on ReplayGain analysis, over a quarter of its CPU time, and never writes the result;
    // without it every MP3 byte stays the same. The switch is only reachable through LameEncoder's private settings.
    private static void skipReplayGain(LameEncoder lame) {
        try {
            ((LameGlobalFlags) LAME_SETTINGS.get(lame)).internal_flags.findReplayGain = false;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field lameSettings() {
        try {
            Field settings = LameEncoder.class.getDeclaredField("gfp");
            settings.setAccessible(true);
            return settings;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("This jump3r version keeps its settings elsewhere", e);
        }
    }

    private static AudioFormat pcmFormat(int sampleRate) {
        return new AudioFormat(sampleRate, 16, 1, true, false);
    }

    /** Naming the output sample rate stops LAME from resampling, which it would do to 24 kHz at 32 kbit/s. */
    private static AudioFormat mp3Format(int sampleRate, int bitRateKbps) {
        AudioFormat.Encoding version = sampleRate < 16000 ? LameEncoder.MPEG2DOT5L3 : LameEncoder.MPEG2L3;
        Map<String, Object> settings = Map.ofEntries(
                entry(LameEncoder.P_BITRATE, bitRateKbps),
                entry(LameEncoder.P_CHMODE, "mono"),
                entry(LameEncoder.P_QUALITY, QUALITY),
                entry(LameEncoder.P_VBR, false));
        return new AudioFormat(version, sampleRate, NOT_SPECIFIED, 1, NOT_SPECIFIED, NOT_SPECIFIED, false, settings);
    }

    /** What was written: the MP3's size and the duration of the PCM that went in. */
    record Result(long mp3Bytes, long durationMillis) {}

    /** An encoder for one recording, fed PCM chunks of any size, split samples included. */
    static final class Stream implements AutoCloseable {

        private final int sampleRate;
        private final OutputStream out;
        private final LameEncoder lame;
        private final byte[] pcm = new byte[PCM_BUFFER_BYTES];
        private final byte[] mp3 = new byte[MP3_BUFFER_BYTES];
        private int buffered;
        private long pcmBytes;
        private long mp3Bytes;
        private boolean finished;
        private boolean closed;

        private Stream(int sampleRate, LameEncoder lame, OutputStream out) {
            this.sampleRate = sampleRate;
            this.lame = lame;
            this.out = out;
        }

        void write(byte[] chunk, int off, int len) throws IOException {
            if (finished || closed) {
                throw new IllegalStateException("The MP3 stream is already finished");
            }
            if (off < 0 || len < 0 || len > chunk.length - off) {
                throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", chunk " + chunk.length);
            }
            while (len > 0) {
                int copied = Math.min(len, pcm.length - buffered);
                System.arraycopy(chunk, off, pcm, buffered, copied);
                buffered += copied;
                off += copied;
                len -= copied;
                if (buffered == pcm.length) {
                    encodeBuffered(pcm.length);
                }
            }
        }

        /** Encodes what is left, flushes the encoder and {@code out}; an odd trailing byte is dropped. */
        Result finish() throws IOException {
            if (finished || closed) {
                throw new IllegalStateException("The MP3 stream is already finished");
            }
            finished = true;
            encodeBuffered(buffered & ~1);
            emit(lame.encodeFinish(mp3));
            out.flush();
            long samples = pcmBytes / 2;
            return new Result(mp3Bytes, samples * 1000 / sampleRate);
        }

        /** Releases the encoder; without {@link #finish()} the MP3 is left incomplete. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                lame.close();
            }
        }

        private void encodeBuffered(int length) throws IOException {
            if (length > 0) {
                emit(lame.encodeBuffer(pcm, 0, length, mp3));
                pcmBytes += length;
            }
            buffered = 0;
        }

        private void emit(int length) throws IOException {
            out.write(mp3, 0, length);
            mp3Bytes += length;
        }
    }
}
