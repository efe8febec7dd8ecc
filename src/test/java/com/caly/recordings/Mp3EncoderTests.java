package com.caly.recordings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.withinPercentage;

import de.sciss.jump3r.lowlevel.LameEncoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sound.sampled.AudioFormat;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.JavaLayerException;
import javazoom.jl.decoder.SampleBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Mp3EncoderTests {

    /**
     * What jlayer plays beyond the input, as it trims nothing: at 8 kHz an empty frame where LAME would put its tag,
     * then LAME's delay (1105 samples), and at the end the rest of the last 576-sample frame. Measured with jump3r
     * 1.0.5 at 32 kbit/s: 1728 to 2303 samples (216 to 288 ms) at 8 kHz, 1152 to 1727 (72 to 108 ms) at 16 kHz.
     */
    private record Padding(long minMillis, long maxMillis) {}

    private static final Padding PADDING_AT_8_KHZ = new Padding(215, 290);
    private static final Padding PADDING_AT_16_KHZ = new Padding(70, 110);

    /** Decoded audio closer to its start than this still holds the delay's silence. */
    private static final double SKIP_SECONDS = 0.5;

    private final Mp3Encoder encoder = new Mp3Encoder(Mp3Encoder.DEFAULT_BIT_RATE_KBPS);

    @TempDir
    Path dir;

    @Test
    void keepsTheDurationOfAnEightKilohertzCall() throws IOException {
        byte[] pcm = tone(440, 8000, 20);

        Mp3Encoder.Result result = encodeFile(pcm, 8000);
        DecodedMp3 decoded = DecodedMp3.of(Files.readAllBytes(dir.resolve("call.mp3")));

        assertThat(result.durationMillis()).isEqualTo(20_000);
        assertThat(decoded.sampleRate()).isEqualTo(8000);
        assertThat(decoded.millis() - 20_000).isBetween(PADDING_AT_8_KHZ.minMillis(), PADDING_AT_8_KHZ.maxMillis());
        assertThat(decoded.millis() - PADDING_AT_8_KHZ.minMillis()).isCloseTo(20_000L, withinPercentage(1));
    }

    @Test
    void keepsTheDurationOfASixteenKilohertzCall() throws IOException {
        byte[] pcm = tone(1000, 16000, 12);

        Mp3Encoder.Result result = encodeFile(pcm, 16000);
        DecodedMp3 decoded = DecodedMp3.of(Files.readAllBytes(dir.resolve("call.mp3")));

        assertThat(result.durationMillis()).isEqualTo(12_000);
        assertThat(decoded.sampleRate()).isEqualTo(16000);
        assertThat(decoded.millis() - 12_000).isBetween(PADDING_AT_16_KHZ.minMillis(), PADDING_AT_16_KHZ.maxMillis());
        assertThat(decoded.millis() - PADDING_AT_16_KHZ.minMillis()).isCloseTo(12_000L, withinPercentage(1));
    }

    @Test
    void keepsTheToneOfAnEightKilohertzCall() throws IOException {
        DecodedMp3 low = DecodedMp3.of(encodeInMemory(tone(440, 8000, 10), 8000));
        DecodedMp3 high = DecodedMp3.of(encodeInMemory(tone(1000, 8000, 10), 8000));

        assertThat(low.dominantFrequency()).isCloseTo(440, withinPercentage(2));
        assertThat(high.dominantFrequency()).isCloseTo(1000, withinPercentage(2));
        assertThat(low.power(440)).isGreaterThan(100 * low.power(1000));
        assertThat(high.power(1000)).isGreaterThan(100 * high.power(440));
    }

    @Test
    void keepsTheToneOfASixteenKilohertzCall() throws IOException {
        DecodedMp3 decoded = DecodedMp3.of(encodeInMemory(tone(1000, 16000, 10), 16000));

        assertThat(decoded.dominantFrequency()).isCloseTo(1000, withinPercentage(2));
        assertThat(decoded.power(1000)).isGreaterThan(100 * decoded.power(440));
    }

    @Test
    void encodesChunksOfAnySizeLikeTheWholeFile() throws IOException {
        byte[] pcm = tone(1000, 8000, 10);
        byte[] whole = encodeInMemory(pcm, 8000);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Mp3Encoder.Result result;
        try (Mp3Encoder.Stream stream = encoder.open(8000, out)) {
            int[] sizes = {1, 3, 319, 4001, 40_001};
            int off = 0;
            for (int i = 0; off < pcm.length; i++) {
                int len = Math.min(sizes[i % sizes.length], pcm.length - off);
                stream.write(pcm, off, len);
                off += len;
            }
            result = stream.finish();
        }
        DecodedMp3 chunked = DecodedMp3.of(out.toByteArray());

        assertThat(result).isEqualTo(new Mp3Encoder.Result(whole.length, 10_000));
        assertThat(chunked.samples().length).isEqualTo(DecodedMp3.of(whole).samples().length);
        assertThat(chunked.dominantFrequency()).isCloseTo(1000, withinPercentage(2));
        assertThat(out.toByteArray()).isEqualTo(whole);
    }

    @Test
    void writesTheSameBytesAsJump3rsOwnEncoderWithItsReplayGainAnalysis() throws IOException {
        byte[] pcm = tone(440, 8000, 5);
        LameEncoder plain = new LameEncoder(
                new AudioFormat(8000, 16, 1, true, false),
                Mp3Encoder.DEFAULT_BIT_RATE_KBPS,
                LameEncoder.CHANNEL_MODE_MONO,
                LameEncoder.QUALITY_LOW,
                false);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        byte[] buffer = new byte[pcm.length];
        expected.write(buffer, 0, plain.encodeBuffer(pcm, 0, pcm.length, buffer));
        expected.write(buffer, 0, plain.encodeFinish(buffer));
        plain.close();

        assertThat(encodeInMemory(pcm, 8000)).isEqualTo(expected.toByteArray());
    }

    @Test
    void writesAboutTheBitRateTimesTheDuration() throws IOException {
        byte[] pcm = tone(440, 8000, 20);

        Mp3Encoder.Result thirtyTwo = encodeFile(pcm, 8000);
        byte[] sixtyFour = encodeInMemory(new Mp3Encoder(64), pcm, 8000);

        assertThat(thirtyTwo.mp3Bytes()).isEqualTo(Files.size(dir.resolve("call.mp3")));
        assertThat((double) thirtyTwo.mp3Bytes()).isCloseTo(32_000 / 8 * 20, withinPercentage(5));
        assertThat((double) sixtyFour.length).isCloseTo(64_000 / 8 * 20, withinPercentage(5));
    }

    @Test
    void ignoresAnOddTrailingByte() throws IOException {
        byte[] pcm = tone(440, 8000, 3);
        byte[] withStrayByte = Arrays.copyOf(pcm, pcm.length + 1);
        withStrayByte[pcm.length] = 0x7f;

        Mp3Encoder.Result result = encodeFile(withStrayByte, 8000);

        assertThat(result.durationMillis()).isEqualTo(3000);
        assertThat(Files.readAllBytes(dir.resolve("call.mp3"))).isEqualTo(encodeInMemory(pcm, 8000));
    }

    @Test
    void turnsAnEmptyRecordingIntoAPlayableSilentMp3() throws IOException {
        Mp3Encoder.Result result = encodeFile(new byte[0], 8000);
        DecodedMp3 decoded = DecodedMp3.of(Files.readAllBytes(dir.resolve("call.mp3")));

        assertThat(result.durationMillis()).isZero();
        assertThat(result.mp3Bytes()).isPositive().isEqualTo(Files.size(dir.resolve("call.mp3")));
        assertThat(decoded.millis()).isLessThanOrEqualTo(PADDING_AT_8_KHZ.maxMillis());
        assertThat(decoded.peak()).isLessThan(100);
    }

    @Test
    void rejectsUnsupportedSampleRatesAndBitRates() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatIllegalArgumentException().isThrownBy(() -> encoder.open(44_100, out));
        assertThatIllegalArgumentException().isThrownBy(() -> encoder.open(11_025, out));
        assertThatIllegalArgumentException().isThrownBy(() -> new Mp3Encoder(33));
        assertThatIllegalArgumentException().isThrownBy(() -> new Mp3Encoder(192));
        assertThatIllegalArgumentException().isThrownBy(() -> new Mp3Encoder(80).open(8000, out));
        assertThat(out.size()).isZero();
    }

    @Test
    void writesEightyKilobitsWhereTheSampleRateAllows() throws IOException {
        byte[] mp3 = encodeInMemory(new Mp3Encoder(80), tone(440, 16000, 5), 16000);

        assertThat((double) mp3.length).isCloseTo(80_000 / 8 * 5, withinPercentage(5));
    }

    @Test
    void acceptsTwentyFourKilohertz() throws IOException {
        DecodedMp3 decoded = DecodedMp3.of(encodeInMemory(tone(1000, 24000, 2), 24000));

        assertThat(decoded.sampleRate()).isEqualTo(24000);
        assertThat(decoded.dominantFrequency()).isCloseTo(1000, withinPercentage(2));
    }

    @Test
    void encodesTwoCallsAtOnceAsIfOneAfterTheOther() throws Exception {
        byte[] low = tone(440, 8000, 4);
        byte[] high = tone(1000, 16000, 4);
        byte[] lowAlone = encodeInMemory(low, 8000);
        byte[] highAlone = encodeInMemory(high, 16000);

        // The 16 kHz call takes twice as long, so the other thread starts new encoders while it encodes: that is
        // when jump3r rewrites the tables its encoders share.
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<byte[][]> lows = threads.submit(() -> encodeRepeatedly(start, low, 8000));
            Future<byte[][]> highs = threads.submit(() -> encodeRepeatedly(start, high, 16000));
            for (byte[] mp3 : lows.get()) {
                assertThat(mp3).isEqualTo(lowAlone);
            }
            for (byte[] mp3 : highs.get()) {
                assertThat(mp3).isEqualTo(highAlone);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(DecodedMp3.of(lowAlone).dominantFrequency()).isCloseTo(440, withinPercentage(2));
        assertThat(DecodedMp3.of(highAlone).dominantFrequency()).isCloseTo(1000, withinPercentage(2));
    }

    private byte[][] encodeRepeatedly(CyclicBarrier start, byte[] pcm, int sampleRate) throws Exception {
        byte[][] mp3s = new byte[6][];
        start.await();
        for (int i = 0; i < mp3s.length; i++) {
            mp3s[i] = encodeInMemory(pcm, sampleRate);
        }
        return mp3s;
    }

    private Mp3Encoder.Result encodeFile(byte[] pcm, int sampleRate) throws IOException {
        Path in = Files.write(dir.resolve("call.pcm"), pcm);
        return encoder.encode(in, sampleRate, dir.resolve("call.mp3"));
    }

    private byte[] encodeInMemory(byte[] pcm, int sampleRate) throws IOException {
        return encodeInMemory(encoder, pcm, sampleRate);
    }

    private static byte[] encodeInMemory(Mp3Encoder encoder, byte[] pcm, int sampleRate) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Mp3Encoder.Stream stream = encoder.open(sampleRate, out)) {
            stream.write(pcm, 0, pcm.length);
            stream.finish();
        }
        return out.toByteArray();
    }

    /** A sine at half full scale as 16-bit signed little-endian mono PCM. */
    private static byte[] tone(double frequency, int sampleRate, int seconds) {
        int samples = sampleRate * seconds;
        byte[] pcm = new byte[samples * 2];
        for (int i = 0; i < samples; i++) {
            int value = (int) Math.round(0.5 * Short.MAX_VALUE * Math.sin(2 * Math.PI * frequency * i / sampleRate));
            pcm[2 * i] = (byte) value;
            pcm[2 * i + 1] = (byte) (value >> 8);
        }
        return pcm;
    }

    /** An MP3 decoded with jlayer, the first channel only (jlayer may return mono as two equal channels). */
    private record DecodedMp3(short[] samples, int sampleRate) {

        static DecodedMp3 of(byte[] mp3) throws IOException {
            Bitstream bitstream = new Bitstream(new ByteArrayInputStream(mp3));
            Decoder decoder = new Decoder();
            short[] samples = new short[0];
            int length = 0;
            int sampleRate = 0;
            try {
                for (Header header = bitstream.readFrame(); header != null; header = bitstream.readFrame()) {
                    SampleBuffer frame = (SampleBuffer) decoder.decodeFrame(header, bitstream);
                    int channels = frame.getChannelCount();
                    int frameSamples = frame.getBufferLength() / channels;
                    if (length + frameSamples > samples.length) {
                        samples = Arrays.copyOf(samples, Math.max(2 * samples.length, length + frameSamples));
                    }
                    for (int i = 0; i < frameSamples; i++) {
                        samples[length + i] = frame.getBuffer()[i * channels];
                    }
                    length += frameSamples;
                    sampleRate = frame.getSampleFrequency();
                    bitstream.closeFrame();
                }
            } catch (JavaLayerException e) {
                throw new IOException("Not a decodable MP3", e);
            }
            assertThat(length).as("decoded samples").isPositive();
            return new DecodedMp3(Arrays.copyOf(samples, length), sampleRate);
        }

        long millis() {
            return samples.length * 1000L / sampleRate;
        }

        int peak() {
            int peak = 0;
            for (short sample : samples) {
                peak = Math.max(peak, Math.abs(sample));
            }
            return peak;
        }

        /**
         * The frequency of the strongest tone, from the spacing of upward zero crossings. Hysteresis keeps coding
         * noise around zero from counting twice; the delay's silence at either end is skipped.
         */
        double dominantFrequency() {
            int from = (int) (SKIP_SECONDS * sampleRate);
            int to = samples.length - from;
            double first = -1;
            double last = -1;
            int crossings = 0;
            boolean armed = false;
            for (int i = from; i < to - 1; i++) {
                if (samples[i] < -1000) {
                    armed = true;
                }
                if (armed && samples[i] < 0 && samples[i + 1] >= 0) {
                    double at = i + (double) -samples[i] / (samples[i + 1] - samples[i]);
                    if (first < 0) {
                        first = at;
                    }
                    last = at;
                    crossings++;
                    armed = false;
                }
            }
            assertThat(crossings).as("zero crossings").isGreaterThan(10);
            return (crossings - 1) * sampleRate / (last - first);
        }

        /** Goertzel power at one frequency over the steady part of the signal. */
        double power(double frequency) {
            int from = (int) (SKIP_SECONDS * sampleRate);
            int to = samples.length - from;
            double coefficient = 2 * Math.cos(2 * Math.PI * frequency / sampleRate);
            double previous = 0;
            double beforePrevious = 0;
            for (int i = from; i < to; i++) {
                double current = samples[i] + coefficient * previous - beforePrevious;
                beforePrevious = previous;
                previous = current;
            }
            return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
        }
    }
}
