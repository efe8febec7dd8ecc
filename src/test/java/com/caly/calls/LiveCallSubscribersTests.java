package com.caly.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.shared.TenantId;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class LiveCallSubscribersTests {

    /** Runs what it is given only when told: a writer that has not got round to a slow client yet. */
    static final class ManualExecutor implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
        }
    }

    static final class RecordingSink implements LiveCallSubscribers.Sink {
        final List<String> sent = new ArrayList<>();
        boolean closed;
        boolean failing;

        @Override
        public void send(LiveCallSubscribers.Message message) throws IOException {
            if (failing) {
                throw new IOException("client gone");
            }
            sent.add(message instanceof LiveCallSubscribers.Event event ? event.name() + " " + event.id() : "#");
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final ManualExecutor writers = new ManualExecutor();
    private final LiveCallSubscribers subscribers = new LiveCallSubscribers(2, 3, 4, writers);
    private final TenantId a = new TenantId(UUID.randomUUID());
    private final TenantId b = new TenantId(UUID.randomUUID());
    private final CallId callOfA = new CallId(UUID.randomUUID());

    private static LiveEvent event(TenantId company, CallId call, String id) {
        return new LiveEvent(company, call, LiveEvent.TRANSCRIPT, id, LiveEvent.JSON.createObjectNode());
    }

    private LiveCallSubscribers.Subscriber open(TenantId company, CallId call, RecordingSink sink) {
        LiveCallSubscribers.Subscriber subscriber =
                subscribers.subscribe(company, call, sink).subscriber();
        assertThat(subscriber).isNotNull();
        return subscriber;
    }

    @Test
    void sendsAnEventOnlyToItsCompanysStreamsInOrder() {
        RecordingSink ofA = new RecordingSink();
        RecordingSink ofB = new RecordingSink();
        open(a, null, ofA);
        open(b, null, ofB);
        subscribers.publish(event(a, callOfA, "1"));
        subscribers.publish(event(a, callOfA, "2"));
        writers.runAll();
        assertThat(ofA.sent).containsExactly("transcript 1", "transcript 2");
        assertThat(ofB.sent).isEmpty();
    }

    @Test
    void aStreamOfOneCallGetsOnlyThatCallsEvents() {
        RecordingSink one = new RecordingSink();
        open(a, callOfA, one);
        subscribers.publish(event(a, new CallId(UUID.randomUUID()), "other"));
        subscribers.publish(event(a, callOfA, "mine"));
        writers.runAll();
        assertThat(one.sent).containsExactly("transcript mine");
    }

    @Test
    void aStreamThatFallsBehindIsClosedWithoutHoldingUpTheOthers() throws Exception {
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();
        try {
            LiveCallSubscribers live = new LiveCallSubscribers(2, 3, 4, threads);
            java.util.concurrent.CountDownLatch stuck = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CopyOnWriteArrayList<String> fast = new java.util.concurrent.CopyOnWriteArrayList<>();
            live.subscribe(a, null, new LiveCallSubscribers.Sink() {
                @Override
                public void send(LiveCallSubscribers.Message message) throws IOException {
                    try {
                        stuck.await(); // a client that stopped reading: the write blocks
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }

                @Override
                public void close() {
                    closed.countDown();
                }
            });
            live.subscribe(a, null, new LiveCallSubscribers.Sink() {
                @Override
                public void send(LiveCallSubscribers.Message message) {
                    fast.add(((LiveCallSubscribers.Event) message).id());
                }

                @Override
                public void close() {}
            });
            for (int i = 0; i < 20; i++) {
                live.publish(event(a, callOfA, String.valueOf(i)));
                Thread.sleep(2); // a reader that keeps up
            }
            long deadline = System.currentTimeMillis() + 5_000;
            while (fast.size() < 20 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertThat(fast).as("the other stream got everything, in order").hasSize(20);
            assertThat(fast.get(0)).isEqualTo("0");
            assertThat(fast.get(19)).isEqualTo("19");
            assertThat(live.open(a)).as("the slow stream was dropped").isEqualTo(1);
            stuck.countDown();
            assertThat(closed.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void closesAStreamWhoseWritesFail() {
        RecordingSink gone = new RecordingSink();
        gone.failing = true;
        open(a, null, gone);
        subscribers.heartbeat();
        writers.runAll();
        assertThat(gone.closed).isTrue();
        assertThat(subscribers.open()).isZero();
    }

    @Test
    void boundsTheStreamsOfACompanyAndOfTheInstance() {
        open(a, null, new RecordingSink());
        open(a, null, new RecordingSink());
        assertThat(subscribers.subscribe(a, null, new RecordingSink()).refusal())
                .isEqualTo(LiveCallSubscribers.Refusal.COMPANY_FULL);
        open(b, null, new RecordingSink());
        assertThat(subscribers.subscribe(b, null, new RecordingSink()).refusal())
                .isEqualTo(LiveCallSubscribers.Refusal.INSTANCE_FULL);
        assertThat(subscribers.open()).isEqualTo(3);
    }

    @Test
    void aClosedStreamFreesItsPlaceOnce() {
        LiveCallSubscribers.Subscriber first = open(a, null, new RecordingSink());
        open(a, null, new RecordingSink());
        subscribers.remove(first);
        subscribers.remove(first);
        assertThat(subscribers.open()).isEqualTo(1);
        open(a, null, new RecordingSink());
        assertThat(subscribers.open(a)).isEqualTo(2);
    }
}
