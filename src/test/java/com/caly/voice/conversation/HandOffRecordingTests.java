package com.caly.voice.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.shared.live.ManualCallLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandOffRecordingTests {

    private final ManualCallLoop loop = new ManualCallLoop();
    private final HandOffRecording recording = new HandOffRecording(loop, 2_000);
    private final List<Long> endedAt = new ArrayList<>();

    private void endLine() {
        recording.endWhenRecorded(() -> endedAt.add(loop.now()));
    }

    @Test
    void endsAtOnceWhenNothingIsBeingRecorded() {
        endLine();
        assertThat(endedAt).containsExactly(0L);
        assertThat(recording.state()).isEqualTo(HandOffRecording.State.IDLE);
    }

    @Test
    void endsOnlyOnceTheEscalationIsRecorded() {
        recording.recording();
        endLine();
        loop.advance(350);
        assertThat(endedAt).isEmpty();
        assertThat(recording.state()).isEqualTo(HandOffRecording.State.RECORDING);
        recording.recorded();
        assertThat(endedAt).containsExactly(350L);
        loop.advance(5_000);
        assertThat(endedAt).as("the deadline does not end it again").containsExactly(350L);
    }

    @Test
    void aSlowDatabaseHoldsTheLineTwoSecondsAtMost() {
        recording.recording();
        endLine();
        loop.advance(1_999);
        assertThat(endedAt).isEmpty();
        loop.advance(1);
        assertThat(endedAt).containsExactly(2_000L);
        recording.recorded();
        assertThat(endedAt).containsExactly(2_000L);
    }

    @Test
    void waitsForEveryEscalationBeingRecorded() {
        recording.recording();
        recording.recording();
        loop.advance(100);
        endLine();
        recording.recorded();
        assertThat(endedAt).isEmpty();
        loop.advance(200);
        recording.recorded();
        assertThat(endedAt).containsExactly(300L);
    }

    @Test
    void anEscalationRecordedBeforeTheEndLeavesNothingToWaitFor() {
        recording.recording();
        loop.advance(80);
        recording.recorded();
        endLine();
        assertThat(endedAt).containsExactly(80L);
    }

    @Test
    void theLineEndsOnceHoweverOftenItIsAskedTo() {
        recording.recording();
        endLine();
        endLine();
        recording.recorded();
        endLine();
        assertThat(endedAt).containsExactly(0L);
    }
}
