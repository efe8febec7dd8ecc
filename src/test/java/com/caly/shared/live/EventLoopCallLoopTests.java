package com.caly.shared.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLoopCallLoopTests {

    private final CallLoops loops = new CallLoops(1, LiveTransport.Choice.AUTO);

    @AfterEach
    void stop() {
        loops.close();
    }

    @Test
    void runsUrgentTasksBeforeOrdinaryOnesAlreadyQueued() throws InterruptedException {
        CallLoop loop = loops.next();
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        // hold the loop's thread so the posts below queue up behind it
        loop.eventLoop().execute(() -> await(gate));
        loop.post(() -> ran.add("frame 1"));
        loop.post(() -> ran.add("frame 2"));
        loop.postUrgent(() -> ran.add("hang-up"));
        loop.post(done::countDown);
        gate.countDown();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("hang-up", "frame 1", "frame 2");
    }

    @Test
    void runsEveryTaskOnTheLoopThreadOneAtATimeAndSurvivesOneThatThrows() throws InterruptedException {
        CallLoop loop = loops.next();
        int[] count = {0};
        boolean[] offLoop = {false};
        CountDownLatch done = new CountDownLatch(1);
        Thread[] posters = new Thread[4];
        for (int p = 0; p < posters.length; p++) {
            posters[p] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    loop.post(() -> {
                        offLoop[0] |= !loop.inLoop();
                        count[0]++; // unsynchronised on purpose: the loop runs one task at a time
                    });
                }
            });
        }
        loop.post(() -> {
            throw new IllegalStateException("a bug in one task");
        });
        for (Thread poster : posters) {
            poster.start();
        }
        for (Thread poster : posters) {
            poster.join();
        }
        loop.post(done::countDown);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(count[0]).isEqualTo(40_000);
        assertThat(offLoop[0]).isFalse();
    }

    @Test
    void cancelledTimersDoNotRun() throws InterruptedException {
        CallLoop loop = loops.next();
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        loop.post(() -> {
            CallLoop.Timer due = loop.schedule(0, () -> ran.add("cancelled"));
            loop.schedule(5, () -> {
                ran.add("kept");
                done.countDown();
            });
            due.cancel();
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("kept");
    }

    private static void await(CountDownLatch gate) {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
