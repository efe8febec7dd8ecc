package com.caly.voice.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.shared.live.ManualCallLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallerInputTests {

    private static final int BYTES_PER_MS = 16;

    private final ManualCallLoop loop = new ManualCallLoop();
    private final List<String> sent = new ArrayList<>();
    private final ModelSession session = new ModelSession(
            loop,
            events -> new ModelLink() {
                @Override
                public void send(String json) {
                    sent.add(json);
                }

                @Override
                public void close() {}
            },
            60_000,
            new ModelSession.Listener() {
                @Override
                public String configuration() {
                    return "{}";
                }

                @Override
                public void ready(ModelSession.Start start) {}

                @Override
                public void event(com.caly.voice.realtime.ServerEvents.ServerEvent event) {}

                @Override
                public void gaveUp(String why) {}

                @Override
                public void renewalReady() {}
            });
    private final CallerInput input = new CallerInput(loop, session, pcm -> pcm, BYTES_PER_MS, 500);

    private static byte[] frame(int amplitude) {
        byte[] pcm = new byte[20 * BYTES_PER_MS];
        for (int i = 0; i < pcm.length; i += 2) {
            int sample = (i / 2) % 2 == 0 ? amplitude : -amplitude;
            pcm[i] = (byte) sample;
            pcm[i + 1] = (byte) (sample >> 8);
        }
        return pcm;
    }

    @Test
    void sendsEachFrameWhileTheCallerSpeaksAndBatchesLongSilence() {
        for (int i = 0; i < 5; i++) {
            assertThat(input.frame(frame(10))).isFalse(); // the line's own noise
        }
        assertThat(input.frame(frame(5_000))).isTrue();
        for (int i = 0; i < 24; i++) {
            assertThat(input.frame(frame(10))).isFalse();
        }
        assertThat(input.sessionMs()).isEqualTo(600); // every frame so far went on its own
        for (int i = 0; i < 4; i++) {
            input.frame(frame(10));
        }
        assertThat(input.sessionMs()).isEqualTo(600); // now silence waits for a batch of 100 ms
        input.frame(frame(10));
        assertThat(input.sessionMs()).isEqualTo(700);
        input.frame(frame(10));
        assertThat(input.frame(frame(5_000))).isTrue(); // a loud frame sends what was held at once
        assertThat(input.sessionMs()).isEqualTo(740);
        assertThat(input.callerMs()).isEqualTo(740);
    }

    @Test
    void keepsTheOffsetsBetweenTheCallsAudioAndTheSessionsAndWhenAudioArrived() {
        for (int i = 0; i < 10; i++) {
            input.frame(frame(10));
            loop.advance(20);
        }
        assertThat(session.waitingMs()).isEqualTo(200);
        input.sessionStarted(session.waitingMs());
        assertThat(input.callMs(0)).isZero();
        input.frame(frame(5_000));
        assertThat(input.arrivalOf(220)).isEqualTo(200);
        assertThat(input.arrivalOf(500)).isEqualTo(200); // not there yet: now
        loop.advance(100);
        input.frame(frame(5_000));
        assertThat(input.arrivalOf(230)).isEqualTo(300);
    }
}
