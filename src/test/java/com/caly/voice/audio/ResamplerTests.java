package com.caly.voice.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResamplerTests {

    private static byte[] sine(int rate, double hz, double seconds, double amplitude) {
        int samples = (int) (rate * seconds);
        ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            pcm.putShort((short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate)));
        }
        return pcm.array();
    }

    private static double rms(byte[] pcm, int fromSample) {
        ByteBuffer buffer = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        double sum = 0;
        int count = pcm.length / 2 - fromSample;
        for (int i = fromSample; i < pcm.length / 2; i++) {
            double s = buffer.getShort(i * 2);
            sum += s * s;
        }
        return Math.sqrt(sum / count);
    }

    @Test
    void aStreamCutIntoChunksOfAnySizeComesOutAsIfConvertedWhole() {
        byte[] input = sine(16000, 1000, 1.0, 10_000);
        byte[] whole = new Resampler(16000, 24000).process(input);
        Resampler chunked = new Resampler(16000, 24000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Random random = new Random(7);
        for (int offset = 0; offset < input.length; ) {
            int length = Math.min(input.length - offset, 2 * (1 + random.nextInt(400)));
            out.writeBytes(chunked.process(java.util.Arrays.copyOfRange(input, offset, offset + length)));
            offset += length;
        }
        assertThat(out.toByteArray()).isEqualTo(whole);
        assertThat(whole).hasSize(24000 * 2);
    }

    @Test
    void keepsTheLevelOfSpeechBandTonesBothWays() {
        byte[] up = new Resampler(16000, 24000).process(sine(16000, 1000, 0.5, 10_000));
        byte[] down = new Resampler(24000, 16000).process(sine(24000, 1000, 0.5, 10_000));
        double expected = 10_000 / Math.sqrt(2);
        assertThat(rms(up, 200)).isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(2));
        assertThat(rms(down, 200)).isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(2));
        assertThat(down).hasSize(8000 * 2);
    }

    @Test
    void filtersOutWhatTheLowerRateCannotCarry() {
        // 10 kHz is above 16 kHz's Nyquist frequency: left in, it would fold back to 6 kHz
        byte[] down = new Resampler(24000, 16000).process(sine(24000, 10_000, 0.5, 10_000));
        assertThat(rms(down, 200)).isLessThan(10_000 / Math.sqrt(2) / 100); // more than 40 dB down
    }

    @Test
    void passesAudioThroughWhenTheRatesMatch() {
        byte[] pcm = sine(24000, 440, 0.1, 5_000);
        Resampler same = new Resampler(24000, 24000);
        assertThat(same.isIdentity()).isTrue();
        assertThat(same.process(pcm)).isSameAs(pcm);
    }
}
