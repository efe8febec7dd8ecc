package com.caly.recordings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class TwoWayMixerTests {

    private static byte[] constant(int samples, int value) {
        ByteBuffer buffer = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            buffer.putShort((short) value);
        }
        return buffer.array();
    }

    private static int sample(byte[] pcm, int index) {
        return ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).getShort(index * 2);
    }

    @Test
    void placesAgentAudioWhereItWasPlayed() {
        TwoWayMixer mixer = new TwoWayMixer();
        mixer.agent(constant(100, 1000), 150);
        byte[] first = constant(160, 10);
        mixer.caller(first, 0, first.length);
        assertThat(sample(first, 149)).isEqualTo(10);
        assertThat(sample(first, 150)).isEqualTo(1010);
        assertThat(sample(first, 159)).isEqualTo(1010);
        byte[] second = constant(160, 10);
        mixer.caller(second, 0, second.length);
        // the agent's 100 samples ran from 150 to 250: 90 of them fall in the second frame (160..249)
        assertThat(sample(second, 89)).isEqualTo(1010);
        assertThat(sample(second, 90)).isEqualTo(10);
        assertThat(mixer.tail()).isEmpty();
    }

    @Test
    void startsLateAgentAudioAtOnceAndQueuesPiecesBackToBack() {
        TwoWayMixer mixer = new TwoWayMixer();
        byte[] caller = constant(320, 0);
        mixer.caller(caller, 0, caller.length);
        mixer.agent(constant(50, 7), 100); // already past: heard from sample 320 on
        mixer.agent(constant(50, 9), 100); // after the first piece
        byte[] next = constant(160, 0);
        mixer.caller(next, 0, next.length);
        assertThat(sample(next, 0)).isEqualTo(7);
        assertThat(sample(next, 49)).isEqualTo(7);
        assertThat(sample(next, 50)).isEqualTo(9);
        assertThat(sample(next, 100)).isZero();
    }

    @Test
    void clipsInsteadOfWrappingAround() {
        TwoWayMixer mixer = new TwoWayMixer();
        mixer.agent(constant(10, 30_000), 0);
        byte[] loud = constant(10, 30_000);
        mixer.caller(loud, 0, loud.length);
        assertThat(sample(loud, 0)).isEqualTo(Short.MAX_VALUE);
    }

    @Test
    void keepsTheAgentsLastWordsAfterTheCallerStops() {
        TwoWayMixer mixer = new TwoWayMixer();
        byte[] caller = constant(100, 0);
        mixer.caller(caller, 0, caller.length);
        mixer.agent(constant(40, 5), 120);
        byte[] tail = mixer.tail();
        assertThat(tail).hasSize(60 * 2);
        assertThat(sample(tail, 19)).isZero();
        assertThat(sample(tail, 20)).isEqualTo(5);
        assertThat(mixer.position()).isEqualTo(160);
    }

    @Test
    void keepsOnlyTheAgentAudioHeardBeforeAClear() {
        TwoWayMixer mixer = new TwoWayMixer();
        byte[] caller = constant(100, 0);
        mixer.caller(caller, 0, caller.length);
        mixer.agent(constant(100, 5), 100); // samples 100..199
        mixer.agent(constant(100, 6), 200); // samples 200..299
        mixer.cutAgent(150);
        byte[] next = constant(200, 0);
        mixer.caller(next, 0, next.length);
        assertThat(sample(next, 49)).isEqualTo(5);
        assertThat(sample(next, 50)).isZero();
        assertThat(sample(next, 150)).isZero();
        assertThat(mixer.tail()).isEmpty();
    }

    @Test
    void neverCutsAudioAlreadyMixed() {
        TwoWayMixer mixer = new TwoWayMixer();
        mixer.agent(constant(100, 5), 0);
        byte[] first = constant(50, 0);
        mixer.caller(first, 0, first.length);
        mixer.cutAgent(10); // before the mixer's clock: the cut happens at sample 50
        byte[] next = constant(50, 0);
        mixer.caller(next, 0, next.length);
        assertThat(sample(first, 49)).isEqualTo(5);
        assertThat(sample(next, 0)).isZero();
    }
}
