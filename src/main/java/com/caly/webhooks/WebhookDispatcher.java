package com.caly.webhooks;

import com.caly.shared.notify.PostgresNotifications;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This instance's webhook worker. One thread claims due deliveries (every poll interval, and at once when an
 * event is committed anywhere or an attempt ends here); requests go out asynchronously, so a slow endpoint holds
 * only its own slots, never a thread, a call or another company's turn; answers are recorded on a small pool.
 * Nothing here runs on a call's path: calls only write rows.
 */
@Component
class WebhookDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int EXCERPT_CHARS = 1_000;

    private final WebhookDeliveries deliveries;
    private final WebhookEndpoints endpoints;
    private final WebhooksProperties properties;
    private final Clock clock;
    private final RetrySchedule retries;
    private final String instance = "caly-" + ProcessHandle.current().pid() + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean pollQueued = new AtomicBoolean();
    private final Timer latency;
    private volatile boolean running;
    private @Nullable ScheduledExecutorService poller;
    private @Nullable ExecutorService recorder;
    private @Nullable HttpClient http;
    private @Nullable ExecutorService httpThreads;

    WebhookDispatcher(
            WebhookDeliveries deliveries,
            WebhookEndpoints endpoints,
            WebhooksProperties properties,
            Clock clock,
            PostgresNotifications notifications,
            MeterRegistry meters) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.properties = properties;
        this.clock = clock;
        this.retries = new RetrySchedule(properties.retryBase(), properties.retryMax());
        this.latency = Timer.builder("caly.webhooks.attempts")
                .description("Webhook delivery attempts, by how long the endpoint took")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(meters);
        meters.gauge("caly.webhooks.in.flight", inFlight);
        notifications.subscribe(WebhookOutbox.CHANNEL, payload -> wake());
    }

    @Override
    public void start() {
        if (!properties.workersEnabled()) {
            return;
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "webhooks"));
        poller = scheduler;
        recorder = Executors.newFixedThreadPool(2, r -> thread(r, "webhooks-answers"));
        ExecutorService clientThreads = Executors.newFixedThreadPool(2, r -> thread(r, "webhooks-http"));
        httpThreads = clientThreads;
        http = HttpClient.newBuilder()
                .executor(clientThreads)
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        running = true;
        long every = properties.pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        // what is in flight keeps its lease; another instance (or this one, restarted) sends it again
        if (poller != null) {
            poller.shutdownNow();
        }
        if (recorder != null) {
            recorder.shutdown();
        }
        if (httpThreads != null) {
            httpThreads.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** This instance's name in {@code claimed_by}. */
    String instance() {
        return instance;
    }

    /** Claims and sends at once (coalesced), rather than at the next poll. */
    void wake() {
        ScheduledExecutorService scheduler = poller;
        if (running && scheduler != null && pollQueued.compareAndSet(false, true)) {
            try {
                scheduler.execute(this::poll);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pollQueued.set(false);
            }
        }
    }

    private void poll() {
        pollQueued.set(false);
        if (!running) {
            return;
        }
        try {
            int free = properties.maxInFlight() - inFlight.get();
            if (free <= 0) {
                return;
            }
            List<WebhookDeliveries.Claimed> claimed =
                    deliveries.claim(instance, free, properties.maxInFlightPerEndpoint(), properties.lease());
            for (WebhookDeliveries.Claimed delivery : claimed) {
                inFlight.incrementAndGet();
                send(delivery);
            }
        } catch (RuntimeException e) {
            log.warn("Could not claim webhook deliveries: {}", e.toString());
        }
    }

    private void send(WebhookDeliveries.Claimed delivery) {
        long started = System.nanoTime();
        CompletableFuture<WebhookDeliveries.Outcome> outcome;
        try {
            outcome = attempt(delivery, started);
        } catch (RuntimeException e) {
            outcome = CompletableFuture.completedFuture(failure(e, started));
        }
        ExecutorService answers = recorder;
        if (answers == null) {
            return;
        }
        outcome.exceptionally(e -> failure(e, started)).thenAcceptAsync(result -> finish(delivery, result), answers);
    }

    private CompletableFuture<WebhookDeliveries.Outcome> attempt(WebhookDeliveries.Claimed delivery, long started) {
        WebhookEndpoints.Signing signing =
                endpoints.signing(delivery.endpointId()).orElse(null);
        if (signing == null) {
            return CompletableFuture.completedFuture(
                    new WebhookDeliveries.Outcome(null, 0, "the endpoint was deleted", null));
        }
        URI url;
        try {
            url = endpoints.policy().check(signing.url());
        } catch (WebhookTargetPolicy.RefusedException e) {
            return CompletableFuture.completedFuture(
                    new WebhookDeliveries.Outcome(null, 0, "not sent: the URL " + e.getMessage(), null));
        }
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(properties.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Caly-Webhooks/1")
                .header("Caly-Event-Id", delivery.eventId())
                .header("Caly-Event-Type", delivery.eventType())
                .header("Caly-Delivery-Id", delivery.id().toString())
                .header("Caly-Delivery-Attempt", Integer.toString(delivery.attempt()))
                .header(
                        WebhookSignature.HEADER,
                        WebhookSignature.header(clock.instant().getEpochSecond(), body, signing.secrets()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpClient client = http;
        if (client == null) {
            throw new IllegalStateException("the webhook worker is not running");
        }
        return client.sendAsync(request, BoundedBody.handler(properties.maxResponseBytes()))
                .orTimeout(properties.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(response -> {
                    long took = elapsedMillis(started);
                    int status = response.statusCode();
                    String excerpt = excerpt(response.body());
                    String error = status / 100 == 2
                            ? null
                            : status / 100 == 3
                                    ? "answered " + status + " (redirects are not followed)"
                                    : "answered " + status;
                    return new WebhookDeliveries.Outcome(status, took, error, excerpt);
                });
    }

    private void finish(WebhookDeliveries.Claimed delivery, WebhookDeliveries.Outcome outcome) {
        try {
            latency.record(Duration.ofMillis(outcome.latencyMs()));
            Duration retryIn = retries.after(
                    delivery.attempt(), ThreadLocalRandom.current().nextDouble());
            deliveries.complete(delivery, instance, outcome, retryIn);
        } catch (RuntimeException e) {
            log.warn("Could not record the answer to webhook delivery {}: {}", delivery.id(), e.toString());
        } finally {
            inFlight.decrementAndGet();
            wake();
        }
    }

    private static WebhookDeliveries.Outcome failure(Throwable error, long started) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String why;
        if (cause instanceof HttpConnectTimeoutException) {
            why = "could not connect in time";
        } else if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            why = "no answer in time";
        } else if (cause instanceof java.net.ConnectException) {
            why = "could not connect";
        } else {
            why = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        return new WebhookDeliveries.Outcome(null, elapsedMillis(started), why, null);
    }

    private static @Nullable String excerpt(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        String text = new String(body, 0, Math.min(body.length, EXCERPT_CHARS * 4), StandardCharsets.UTF_8)
                .replace('\u0000', ' ');
        return text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS);
    }

    private static long elapsedMillis(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private static Thread thread(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
