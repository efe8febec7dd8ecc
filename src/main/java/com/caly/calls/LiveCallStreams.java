package com.caly.calls;

import com.caly.shared.TenantId;
import com.caly.shared.web.ApiException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live view's Server-Sent Events streams on this instance: each is an {@link SseEmitter} fed by
 * {@link LiveCallSubscribers}, written by a thread of its own while it has something to write (so at most two per
 * open stream, and none while idle), with a heartbeat comment on every stream.
 */
@Component
class LiveCallStreams {

    static final String TOO_MANY_STREAMS = "too-many-live-streams";
    /** How soon a browser should try again after the stream drops. */
    private static final Duration RECONNECT = Duration.ofSeconds(3);

    private final CallsProperties.Live settings;
    private final ThreadPoolExecutor writers;
    private final ScheduledExecutorService heartbeats;
    private final LiveCallSubscribers subscribers;

    LiveCallStreams(CallsProperties properties) {
        this.settings = properties.live();
        this.writers = new ThreadPoolExecutor(
                0,
                2 * settings.maxStreamsPerInstance() + 2,
                30,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                daemon("live-view-writer"));
        this.subscribers = new LiveCallSubscribers(
                settings.maxStreamsPerCompany(), settings.maxStreamsPerInstance(), settings.subscriberQueue(), writers);
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("live-view-heartbeat"));
        long every = settings.heartbeat().toMillis();
        heartbeats.scheduleWithFixedDelay(subscribers::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    LiveCallSubscribers subscribers() {
        return subscribers;
    }

    /**
     * Opens a stream of the company's events, of one call's when {@code call} is given.
     *
     * @throws ApiException 429 when the company, or this instance, has as many streams open as it may
     */
    SseEmitter open(TenantId company, @Nullable CallId call) {
        SseEmitter emitter = new SseEmitter(settings.streamTimeout().toMillis());
        LiveCallSubscribers.Result opened = subscribers.subscribe(company, call, new EmitterSink(emitter));
        LiveCallSubscribers.Subscriber subscriber = opened.subscriber();
        if (subscriber == null) {
            boolean companyFull = opened.refusal() == LiveCallSubscribers.Refusal.COMPANY_FULL;
            String detail = companyFull
                    ? "The company has " + settings.maxStreamsPerCompany() + " live streams open on this server"
                    : "This server has as many live streams open as it takes";
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, TOO_MANY_STREAMS, "Too many live streams", detail)
                    .with("limit", companyFull ? settings.maxStreamsPerCompany() : settings.maxStreamsPerInstance())
                    .retryAfter(Duration.ofSeconds(10));
        }
        // the stream's end, however it comes: the client left, the time is up, a write failed
        emitter.onCompletion(() -> subscribers.remove(subscriber));
        emitter.onError(error -> subscribers.remove(subscriber));
        emitter.onTimeout(() -> {
            subscribers.remove(subscriber);
            emitter.complete();
        });
        // a first line at once: the client sees the response start before any call does
        subscribers.greet(subscriber);
        return emitter;
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        heartbeats.shutdownNow();
        writers.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private record EmitterSink(SseEmitter emitter) implements LiveCallSubscribers.Sink {

        @Override
        public void send(LiveCallSubscribers.Message message) throws IOException {
            if (message instanceof LiveCallSubscribers.Event event) {
                emitter.send(
                        SseEmitter.event().name(event.name()).id(event.id()).data(event.data()));
            } else if (message instanceof LiveCallSubscribers.Greeting) {
                emitter.send(
                        SseEmitter.event().reconnectTime(RECONNECT.toMillis()).comment("live"));
            } else {
                emitter.send(SseEmitter.event().comment("heartbeat"));
            }
        }

        @Override
        public void close() {
            try {
                emitter.complete();
            } catch (RuntimeException e) {
                // already completed by the container
            }
        }
    }
}
