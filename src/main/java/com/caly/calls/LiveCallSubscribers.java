package com.caly.calls;

import com.caly.shared.TenantId;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view's streams open on this instance, and the fan-out of events to them: an event goes only to the
 * streams of its company (and of its call, for a stream that asked for one). Publishing never waits: each stream
 * has a bounded queue, written out by a task of its own on {@code writers}, so a client that reads slowly holds up
 * only its own writer; one whose queue fills up is closed (it reconnects and reloads the list).
 */
final class LiveCallSubscribers {

    /** Where a stream's events are written; blocking is allowed, on the stream's own writer task. */
    interface Sink {
        void send(Message message) throws IOException;

        void close();
    }

    /** What a stream is sent: an event, or a comment that keeps it open. */
    sealed interface Message {}

    record Event(String name, String id, String data) implements Message {}

    record Heartbeat() implements Message {}

    /** The first thing a stream is sent. */
    record Greeting() implements Message {}

    /** Why a stream was refused. */
    enum Refusal {
        COMPANY_FULL,
        INSTANCE_FULL
    }

    private static final Logger log = LoggerFactory.getLogger(LiveCallSubscribers.class);
    private static final Heartbeat HEARTBEAT = new Heartbeat();

    private final int perCompany;
    private final int perInstance;
    private final int queueSize;
    private final Executor writers;
    private final Map<TenantId, Set<Subscriber>> byCompany = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();

    LiveCallSubscribers(int perCompany, int perInstance, int queueSize, Executor writers) {
        this.perCompany = perCompany;
        this.perInstance = perInstance;
        this.queueSize = queueSize;
        this.writers = writers;
    }

    /** Opens a stream for the company (only for {@code call} when given), or says why not. */
    Result subscribe(TenantId company, @Nullable CallId call, Sink sink) {
        if (open.incrementAndGet() > perInstance) {
            open.decrementAndGet();
            return new Result(null, Refusal.INSTANCE_FULL);
        }
        Subscriber subscriber = new Subscriber(company, call, sink, queueSize);
        boolean[] added = {false};
        byCompany.compute(company, (key, streams) -> {
            Set<Subscriber> set = streams == null ? ConcurrentHashMap.newKeySet() : streams;
            if (set.size() < perCompany) {
                set.add(subscriber);
                added[0] = true;
            }
            return set.isEmpty() ? null : set;
        });
        if (!added[0]) {
            open.decrementAndGet();
            return new Result(null, Refusal.COMPANY_FULL);
        }
        return new Result(subscriber, null);
    }

    /** A stream that opened, or why none did. */
    record Result(@Nullable Subscriber subscriber, @Nullable Refusal refusal) {}

    /** The stream has ended (the client left, it timed out): it is forgotten, once. */
    void remove(Subscriber subscriber) {
        forget(subscriber);
    }

    private boolean forget(Subscriber subscriber) {
        if (!subscriber.closed.compareAndSet(false, true)) {
            return false;
        }
        byCompany.computeIfPresent(subscriber.company, (key, streams) -> {
            streams.remove(subscriber);
            return streams.isEmpty() ? null : streams;
        });
        open.decrementAndGet();
        return true;
    }

    /** Hands the event to the company's streams; never waits. */
    void publish(LiveEvent event) {
        Set<Subscriber> streams = byCompany.get(event.companyId());
        if (streams == null) {
            return;
        }
        Event message = null;
        for (Subscriber subscriber : streams) {
            if (subscriber.call != null && !subscriber.call.equals(event.callId())) {
                continue;
            }
            if (message == null) {
                message = new Event(event.name(), event.id(), event.dataJson());
            }
            offer(subscriber, message);
        }
    }

    /** Queues the stream's first message. */
    void greet(Subscriber subscriber) {
        offer(subscriber, new Greeting());
    }

    /** A comment to every stream, which also finds the clients that have gone. */
    void heartbeat() {
        byCompany.values().forEach(streams -> streams.forEach(subscriber -> offer(subscriber, HEARTBEAT)));
    }

    int open() {
        return open.get();
    }

    int open(TenantId company) {
        Set<Subscriber> streams = byCompany.get(company);
        return streams == null ? 0 : streams.size();
    }

    private void offer(Subscriber subscriber, Message message) {
        if (subscriber.closed.get()) {
            return;
        }
        if (!subscriber.queue.offer(message)) {
            log.info("Closed a live-view stream of company {} that did not keep up", subscriber.company);
            drop(subscriber);
            return;
        }
        schedule(subscriber);
    }

    private void schedule(Subscriber subscriber) {
        if (!subscriber.writing.compareAndSet(false, true)) {
            return;
        }
        try {
            writers.execute(() -> write(subscriber));
        } catch (RejectedExecutionException e) {
            subscriber.writing.set(false);
            drop(subscriber);
        }
    }

    private void write(Subscriber subscriber) {
        try {
            Message next;
            while (!subscriber.closed.get() && (next = subscriber.queue.poll()) != null) {
                subscriber.sink.send(next);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("A live-view stream of company {} could not be written: {}", subscriber.company, e.toString());
            subscriber.writing.set(false);
            drop(subscriber);
            return;
        }
        subscriber.writing.set(false);
        if (!subscriber.queue.isEmpty() && !subscriber.closed.get()) {
            schedule(subscriber); // an event that arrived as this task was finishing
        }
    }

    /** Forgets the stream and closes it off the caller's thread: closing may wait for a write under way. */
    private void drop(Subscriber subscriber) {
        boolean first = forget(subscriber);
        subscriber.queue.clear();
        if (!first) {
            return;
        }
        try {
            writers.execute(subscriber.sink::close);
        } catch (RejectedExecutionException e) {
            subscriber.sink.close();
        }
    }

    /** One open stream. */
    static final class Subscriber {
        private final TenantId company;
        private final @Nullable CallId call;
        private final Sink sink;
        private final ArrayBlockingQueue<Message> queue;
        private final AtomicBoolean writing = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();

        private Subscriber(TenantId company, @Nullable CallId call, Sink sink, int queueSize) {
            this.company = company;
            this.call = call;
            this.sink = sink;
            this.queue = new ArrayBlockingQueue<>(queueSize);
        }

        Optional<CallId> call() {
            return Optional.ofNullable(call);
        }
    }
}
