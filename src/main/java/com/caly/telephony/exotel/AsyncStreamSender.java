package com.caly.telephony.exotel;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a stream's messages through the container's asynchronous sends, one at a time: a message waits in a
 * lock-free queue while the one before it is written, and whichever thread completes a write starts the next. The
 * caller (the call's loop) never waits. When more than {@link #MAX_WAITING_AUDIO_MS} of audio waits, Exotel is not
 * reading: the queue is dropped, nothing more is sent, and the stream is closed.
 */
final class AsyncStreamSender implements StreamSender {

    static final long MAX_WAITING_AUDIO_MS = 5_000;
    static final int MAX_WAITING_MESSAGES = 2_000;
    /** An asynchronous write that has not completed by then fails, so a stuck peer cannot hold the queue for ever. */
    static final long SEND_TIMEOUT_MS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(AsyncStreamSender.class);

    /** An asynchronous text write: {@code done} is called once, with the failure or null, on any thread. */
    interface Transport {
        void send(String text, Consumer<@Nullable Throwable> done);
    }

    private record Outgoing(String text, long audioMillis) {}

    private final String streamId;
    private final Transport transport;
    private final Runnable notReading;
    private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong waitingAudioMs = new AtomicLong();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();

    /**
     * @param streamId names the stream in the log
     * @param notReading told once when the bound is passed, to close the stream
     */
    AsyncStreamSender(String streamId, Transport transport, Runnable notReading) {
        this.streamId = streamId;
        this.transport = transport;
        this.notReading = notReading;
    }

    /** Writes through the WebSocket session's asynchronous remote. */
    static Transport tomcat(Session session) {
        RemoteEndpoint.Async remote = session.getAsyncRemote();
        remote.setSendTimeout(SEND_TIMEOUT_MS);
        return (text, done) ->
                remote.sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
    }

    @Override
    public void send(String json, long audioMillis) {
        if (stopped.get()) {
            return;
        }
        queue.add(new Outgoing(json, audioMillis));
        int messages = waiting.incrementAndGet();
        long audio = waitingAudioMs.addAndGet(audioMillis);
        if (audio > MAX_WAITING_AUDIO_MS || messages > MAX_WAITING_MESSAGES) {
            if (stopped.compareAndSet(false, true)) {
                log.warn(
                        "Stream {}: Exotel is not reading ({} ms of audio in {} messages waiting); closing it",
                        streamId,
                        audio,
                        messages);
                queue.clear();
                notReading.run();
            }
            return;
        }
        writeNext();
    }

    /** Milliseconds of audio queued or being written. */
    long waitingAudioMillis() {
        return waitingAudioMs.get();
    }

    /**
     * Starts the next write unless one is in progress. A write the container completes at once, on this thread, is
     * followed by the next in this loop rather than from its completion, so a fast socket cannot recurse deeply.
     */
    private void writeNext() {
        while (writing.compareAndSet(false, true)) {
            Outgoing next = queue.poll();
            if (next == null) {
                writing.set(false);
                if (queue.isEmpty()) {
                    return;
                }
                continue; // a message came in between the poll and the release
            }
            if (stopped.get()) {
                writing.set(false);
                queue.clear();
                return;
            }
            Write write = new Write(next);
            try {
                transport.send(next.text(), write::completed);
            } catch (RuntimeException e) {
                write.completed(e);
            }
            if (!write.returned()) {
                return; // completes later, on another thread, which writes the next
            }
        }
    }

    /** One write: whether its completion came before the call that started it returned. */
    private final class Write {

        private static final int STARTED = 0;
        private static final int RETURNED = 1;
        private static final int COMPLETED = 2;

        private final Outgoing message;
        private final AtomicInteger state = new AtomicInteger(STARTED);

        Write(Outgoing message) {
            this.message = message;
        }

        void completed(@Nullable Throwable failure) {
            waiting.decrementAndGet();
            waitingAudioMs.addAndGet(-message.audioMillis());
            if (failure != null && stopped.compareAndSet(false, true)) {
                log.debug("Stream {}: a send failed, nothing more is sent: {}", streamId, failure.toString());
            }
            if (state.getAndSet(COMPLETED) == RETURNED) {
                writing.set(false);
                writeNext();
            }
        }

        /** Called once the write was started: true when it has already completed (the loop goes on). */
        boolean returned() {
            if (state.compareAndSet(STARTED, RETURNED)) {
                return false;
            }
            writing.set(false);
            return true;
        }
    }
}
