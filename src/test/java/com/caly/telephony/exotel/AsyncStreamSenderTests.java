package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class AsyncStreamSenderTests {

    /** A socket that completes writes only when the test says (Exotel reading, or not). */
    private static final class SlowSocket implements AsyncStreamSender.Transport {
        final List<String> written = new ArrayList<>();
        final Deque<Consumer<@Nullable Throwable>> inFlight = new ArrayDeque<>();
        boolean completeAtOnce;

        @Override
        public void send(String text, Consumer<@Nullable Throwable> done) {
            assertThat(inFlight).as("one write at a time").isEmpty();
            written.add(text);
            if (completeAtOnce) {
                done.accept(null);
            } else {
                inFlight.add(done);
            }
        }

        void completeOne() {
            inFlight.poll().accept(null);
        }
    }

    private final SlowSocket socket = new SlowSocket();
    private final AtomicInteger closes = new AtomicInteger();
    private final AsyncStreamSender sender = new AsyncStreamSender("S1", socket, closes::incrementAndGet);

    @Test
    void writesOneMessageAtATimeInOrderAndTheCompletionStartsTheNext() {
        sender.send("a", 200);
        sender.send("b", 0);
        sender.send("c", 200);
        assertThat(socket.written).containsExactly("a");
        assertThat(sender.waitingAudioMillis()).isEqualTo(400);

        socket.completeOne();
        assertThat(socket.written).containsExactly("a", "b");
        socket.completeOne();
        socket.completeOne();
        assertThat(socket.written).containsExactly("a", "b", "c");
        assertThat(sender.waitingAudioMillis()).isZero();

        sender.send("d", 200);
        assertThat(socket.written).containsExactly("a", "b", "c", "d");
    }

    @Test
    void writesOnWhenTheContainerCompletesAtOnce() {
        socket.completeAtOnce = true;
        for (int i = 0; i < 10_000; i++) {
            sender.send("m" + i, 20);
        }
        assertThat(socket.written).hasSize(10_000).endsWith("m9999");
        assertThat(closes).hasValue(0);
    }

    @Test
    void closesTheStreamOnceMoreThanFiveSecondsOfAudioWait() {
        // 25 chunks of 200 ms are five seconds: still within the bound
        for (int i = 0; i < 25; i++) {
            sender.send("media" + i, 200);
            sender.send("mark" + i, 0);
        }
        assertThat(closes).hasValue(0);

        sender.send("media25", 200);
        assertThat(closes).as("Exotel is not reading: the stream is closed").hasValue(1);
        sender.send("media26", 200);
        assertThat(closes).hasValue(1);

        // the write in progress completes at last: nothing queued before or after the bound goes out
        socket.completeOne();
        assertThat(socket.written).containsExactly("media0");
    }

    @Test
    void sendsNothingMoreAfterAFailedWrite() {
        sender.send("a", 200);
        sender.send("b", 200);
        socket.inFlight.poll().accept(new java.io.IOException("broken pipe"));
        sender.send("c", 200);
        assertThat(socket.written).containsExactly("a");
        assertThat(closes).hasValue(0);
    }
}
