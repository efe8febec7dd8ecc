package com.caly.recordings;

import com.sun.management.OperatingSystemMXBean;
import de.sciss.jump3r.lowlevel.LameEncoder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import javax.sound.sampled.AudioFormat;

/**
 * Measures how fast jump3r encodes call audio, in seconds of audio per CPU-second of the encoding thread. Not a
 * unit test: {@code scripts/bench-mp3.sh} runs it once per JVM, so that the first encode is a cold one, and
 * compares it with the lame command line.
 *
 * <pre>
 * Mp3EncodingBenchmark input SAMPLE_RATE SECONDS FILE    writes a speech-like 16-bit mono PCM signal
 * Mp3EncodingBenchmark encode SAMPLE_RATE ENCODER FILE   ENCODER: service, plain-low or plain-middle
 * </pre>
 *
 * <p>{@code service} is {@link Mp3Encoder}; {@code plain-low} and {@code plain-middle} drive jump3r's LameEncoder
 * as it comes (ReplayGain analysis on) at QUALITY_LOW and QUALITY_MIDDLE with the same loop. {@code encode} prints
 * {@code result encoder=... rate=... cold=... warm=... cold_process=...} in times real time ({@code cold_process}
 * counts every thread of the JVM) and, for the service, {@code call5min rate=... wall_ms=...}: the wall time to
 * encode the first five minutes, file to file, warm.
 */
public final class Mp3EncodingBenchmark {

    private static final int WARM_UP_ITERATIONS = 5;
    private static final int MEASURED_RUNS = 7;
    private static final int CALL_SECONDS = 5 * 60;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Counts the JIT compiler's threads too, which do much of their work during the cold run. */
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private Mp3EncodingBenchmark() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 4 && args[0].equals("input")) {
            writeSpeechLikeSignal(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
        } else if (args.length == 4 && args[0].equals("encode")) {
            measure(Integer.parseInt(args[1]), args[2], Path.of(args[3]));
        } else {
            System.err.println("usage: input SAMPLE_RATE SECONDS FILE | encode SAMPLE_RATE ENCODER FILE");
            System.exit(2);
        }
    }

    private static void measure(int sampleRate, String encoder, Path pcm) throws IOException {
        Encoding encoding = switch (encoder) {
            case "service" -> new Mp3Encoder(Mp3Encoder.DEFAULT_BIT_RATE_KBPS)::encode;
            case "plain-low" -> (in, rate, out) -> encodePlain(in, rate, out, LameEncoder.QUALITY_LOW);
            case "plain-middle" -> (in, rate, out) -> encodePlain(in, rate, out, LameEncoder.QUALITY_MIDDLE);
            default -> throw new IllegalArgumentException("unknown encoder " + encoder);
        };
        double audioSeconds = Files.size(pcm) / 2.0 / sampleRate;
        Path mp3 = Files.createTempFile("bench-", ".mp3");
        try {
            long processBefore = PROCESS.getProcessCpuTime();
            double cold = audioSeconds / cpuSeconds(() -> encoding.encode(pcm, sampleRate, mp3));
            double coldProcess = audioSeconds / ((PROCESS.getProcessCpuTime() - processBefore) / 1e9);
            for (int i = 0; i < WARM_UP_ITERATIONS; i++) {
                encoding.encode(pcm, sampleRate, mp3);
            }
            double[] warm = new double[MEASURED_RUNS];
            for (int i = 0; i < warm.length; i++) {
                warm[i] = audioSeconds / cpuSeconds(() -> encoding.encode(pcm, sampleRate, mp3));
            }
            System.out.printf(
                    Locale.ROOT,
                    "result encoder=jump3r-%s rate=%d cold=%.1f warm=%.1f mp3_bytes=%d cold_process=%.1f%n",
                    encoder,
                    sampleRate,
                    cold,
                    median(warm),
                    Files.size(mp3),
                    coldProcess);
            if (encoder.equals("service")) {
                measureFiveMinuteCall(sampleRate, pcm, encoding, mp3);
            }
        } finally {
            Files.deleteIfExists(mp3);
        }
    }

    /** What the service does when a call ends: the whole recording, file to file, on a warm JVM. */
    private static void measureFiveMinuteCall(int sampleRate, Path pcm, Encoding encoding, Path mp3)
            throws IOException {
        Path call = Files.createTempFile("bench-call-", ".pcm");
        try {
            try (InputStream in = Files.newInputStream(pcm)) {
                Files.write(call, in.readNBytes(CALL_SECONDS * sampleRate * 2));
            }
            double[] millis = new double[MEASURED_RUNS];
            for (int i = 0; i < millis.length; i++) {
                long start = System.nanoTime();
                encoding.encode(call, sampleRate, mp3);
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            System.out.printf(Locale.ROOT, "call5min rate=%d wall_ms=%.0f%n", sampleRate, median(millis));
        } finally {
            Files.deleteIfExists(call);
        }
    }

    /** The loop of {@link Mp3Encoder} around LameEncoder as it comes, for comparison. */
    private static void encodePlain(Path pcm, int sampleRate, Path mp3, int quality) throws IOException {
        AudioFormat format = new AudioFormat(sampleRate, 16, 1, true, false);
        LameEncoder lame = new LameEncoder(
                format, Mp3Encoder.DEFAULT_BIT_RATE_KBPS, LameEncoder.CHANNEL_MODE_MONO, quality, false);
        try (InputStream in = Files.newInputStream(pcm);
                OutputStream out = new BufferedOutputStream(Files.newOutputStream(mp3))) {
            byte[] buffer = new byte[lame.getPCMBufferSize()];
            byte[] encoded = new byte[buffer.length / 2 * 5 / 4 + 7200];
            for (int read = in.readNBytes(buffer, 0, buffer.length);
                    read > 0;
                    read = in.readNBytes(buffer, 0, buffer.length)) {
                out.write(encoded, 0, lame.encodeBuffer(buffer, 0, read & ~1, encoded));
            }
            out.write(encoded, 0, lame.encodeFinish(encoded));
        } finally {
            lame.close();
        }
    }

    private static double cpuSeconds(Run run) throws IOException {
        long start = THREADS.getCurrentThreadCpuTime();
        run.run();
        return (THREADS.getCurrentThreadCpuTime() - start) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * A voice stand-in that the encoder cannot shortcut: a gliding 100–180 Hz fundamental with harmonics shaped by
     * three formants, cut into syllables (4 per second) and turns (3 s of silence every 12 s), over a little noise.
     */
    private static void writeSpeechLikeSignal(int sampleRate, int seconds, Path file) throws IOException {
        Random noise = new Random(20_240_601L);
        double[] weights = new double[0];
        double phase = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (long i = 0; i < (long) seconds * sampleRate; i++) {
                double t = (double) i / sampleRate;
                double fundamental = 140 + 40 * Math.sin(2 * Math.PI * 0.3 * t);
                if (i % (sampleRate / 100) == 0) {
                    weights = harmonicWeights(fundamental);
                }
                phase += 2 * Math.PI * fundamental / sampleRate;
                double voice = harmonics(phase, weights);
                double syllable = Math.max(0, Math.sin(2 * Math.PI * 4 * t));
                double talking = (long) (t / 3) % 4 == 3 ? 0 : 1;
                double value = 0.2 * talking * syllable * voice + 0.01 * noise.nextGaussian();
                int sample = (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, value * Short.MAX_VALUE));
                out.write(sample);
                out.write(sample >> 8);
            }
        }
    }

    /** Harmonic {@code h}'s level (index {@code h - 1}) up to 3.4 kHz, from three formants. */
    private static double[] harmonicWeights(double fundamental) {
        double[] weights = new double[(int) (3400 / fundamental)];
        for (int h = 1; h <= weights.length; h++) {
            double frequency = h * fundamental;
            weights[h - 1] =
                    peak(frequency, 500, 150) + 0.6 * peak(frequency, 1500, 200) + 0.3 * peak(frequency, 2500, 250);
        }
        return weights;
    }

    /** Sums {@code weights[h - 1] * sin(h * phase)}, each sine from the two before it (Chebyshev recurrence). */
    private static double harmonics(double phase, double[] weights) {
        double twoCos = 2 * Math.cos(phase);
        double previous = 0;
        double current = Math.sin(phase);
        double sum = 0;
        for (double weight : weights) {
            sum += weight * current;
            double next = twoCos * current - previous;
            previous = current;
            current = next;
        }
        return sum;
    }

    private static double peak(double frequency, double centre, double width) {
        double distance = (frequency - centre) / width;
        return Math.exp(-distance * distance);
    }

    @FunctionalInterface
    private interface Encoding {
        void encode(Path pcm, int sampleRate, Path mp3) throws IOException;
    }

    @FunctionalInterface
    private interface Run {
        void run() throws IOException;
    }
}
