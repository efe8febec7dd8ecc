package com.caly.calls;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives GET requests at the API from its own process and reports latency percentiles and throughput:
 * {@code --base=http://127.0.0.1:8080 --key=caly_... --path=/api/calls?limit=25 --concurrency=1 --seconds=20}.
 * Several {@code --path} values are used in turn. The first {@code --warmup} seconds are not counted.
 */
public final class HistoryLoad {

    public static void main(String[] args) throws Exception {
        String base = "http://127.0.0.1:8080";
        String key = "";
        List<String> paths = new ArrayList<>();
        int concurrency = 1;
        int seconds = 20;
        int warmup = 5;
        for (String arg : args) {
            String value = arg.substring(arg.indexOf('=') + 1);
            if (arg.startsWith("--base=")) {
                base = value;
            } else if (arg.startsWith("--key=")) {
                key = value;
            } else if (arg.startsWith("--path=")) {
                paths.add(value);
            } else if (arg.startsWith("--concurrency=")) {
                concurrency = Integer.parseInt(value);
            } else if (arg.startsWith("--seconds=")) {
                seconds = Integer.parseInt(value);
            } else if (arg.startsWith("--warmup=")) {
                warmup = Integer.parseInt(value);
            } else {
                throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        long start = System.nanoTime();
        long countFrom = start + warmup * 1_000_000_000L;
        long end = countFrom + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        String target = base;
        String apiKey = key;
        for (int w = 0; w < concurrency; w++) {
            int offset = w;
            Thread worker = new Thread(() -> {
                int i = offset;
                while (System.nanoTime() < end) {
                    String path = paths.get(i++ % paths.size());
                    HttpRequest request = HttpRequest.newBuilder(URI.create(target + path))
                            .header("X-API-Key", apiKey)
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build();
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        long took = System.nanoTime() - sent;
                        if (sent >= countFrom) {
                            if (response.statusCode() != 200) {
                                errors.incrementAndGet();
                            } else {
                                latencies.add(took);
                                bytes.addAndGet(response.body().length);
                            }
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        int n = sorted.size();
        System.out.printf(
                "%d requests in %d s (%.1f/s), %d errors, %.1f KB per response; latency ms p50 %.1f p95 %.1f p99 %.1f max %.1f%n",
                n,
                seconds,
                n / (double) seconds,
                errors.get(),
                n == 0 ? 0 : bytes.get() / 1024.0 / n,
                percentile(sorted, 0.50),
                percentile(sorted, 0.95),
                percentile(sorted, 0.99),
                n == 0 ? 0 : sorted.get(n - 1) / 1e6);
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1)) / 1e6;
    }
}
