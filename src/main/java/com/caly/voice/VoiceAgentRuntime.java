package com.caly.voice;

import com.caly.voice.realtime.RealtimeSocket;
import java.net.http.HttpClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** What every conversation shares: the HTTP client, timers, workers for tools, and the feature's services. */
@Component
class VoiceAgentRuntime {

    private static final Logger log = LoggerFactory.getLogger(VoiceAgentRuntime.class);

    private final VoiceProperties properties;
    private final GreetingCache greetings;
    private final AgentTools tools;
    private final CallJournal journal;
    private final VoiceMetrics metrics;
    private final HttpClient http = HttpClient.newBuilder().build();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, named("voice-timer"));
    private final ExecutorService workers = Executors.newFixedThreadPool(8, named("voice-tool"));

    VoiceAgentRuntime(
            VoiceProperties properties,
            GreetingCache greetings,
            AgentTools tools,
            CallJournal journal,
            VoiceMetrics metrics) {
        this.properties = properties;
        this.greetings = greetings;
        this.tools = tools;
        this.journal = journal;
        this.metrics = metrics;
    }

    CompletableFuture<RealtimeSocket> connect(String model, RealtimeSocket.Handler handler) {
        return RealtimeSocket.open(
                http, properties.realtimeUrl(model), properties.apiKey(), properties.connectTimeout(), handler);
    }

    void runTools(Runnable work) {
        workers.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.error("A tool run failed", e);
            }
        });
    }

    void background(Runnable work) {
        runTools(work);
    }

    VoiceProperties properties() {
        return properties;
    }

    GreetingCache greetings() {
        return greetings;
    }

    AgentTools tools() {
        return tools;
    }

    CallJournal journal() {
        return journal;
    }

    VoiceMetrics metrics() {
        return metrics;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        timers.shutdownNow();
        workers.shutdown();
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
