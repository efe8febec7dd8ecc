package com.caly.analytics;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Runs a report's independent queries side by side, each on its own connection, so that a report takes as long
 * as its slowest query rather than their sum. Four threads: more would only queue on the database's cores.
 */
@Component
class ReportExecutor implements AutoCloseable {

    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService pool =
            new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "analytics-query-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });

    <T> CompletableFuture<T> start(Supplier<T> query) {
        return CompletableFuture.supplyAsync(query, pool);
    }

    /** The query's result, or its own exception as thrown. */
    static <T> T join(CompletableFuture<T> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
