package com.caly.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * A Server-Sent Events client as the console's is: a plain GET with the bearer token (not EventSource), the body
 * read line by line as it arrives and parsed into events; comments are counted apart.
 */
public final class EventStreamClient implements AutoCloseable {

    /** One event: {@code event:}, {@code id:} and its {@code data:} as JSON. */
    public record Event(String name, String id, JsonNode data) {}

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<String> comments = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HttpResponse<Stream<String>> response;
    private final CompletableFuture<Void> reading = new CompletableFuture<>();

    private EventStreamClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        // a thread of its own: the common pool may have a single thread on a small machine
        Thread reader = new Thread(
                () -> {
                    read();
                    reading.complete(null);
                },
                "event-stream-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the stream; returns once the response has started (its status and headers are in). */
    public static EventStreamClient open(String url, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<Stream<String>> response = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build()
                    .sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
                    .get(10, TimeUnit.SECONDS);
            return new EventStreamClient(response);
        } catch (Exception e) {
            throw new IllegalStateException("the stream did not start within 10 s", e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    private void read() {
        String name = "message";
        String id = "";
        StringBuilder data = new StringBuilder();
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(name, id, ApiClient.JSON.readTree(data.toString())));
                    }
                    name = "message";
                    id = "";
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1));
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
        } catch (RuntimeException e) {
            // the stream was closed
        }
    }

    /** The next event, or null when none comes within the time. */
    public Event next(Duration wait) throws InterruptedException {
        return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Events until one named {@code name} (included), within the time; fails when it does not come. */
    public List<Event> until(String name, Duration wait) throws InterruptedException {
        List<Event> seen = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Event event = events.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (event == null) {
                break;
            }
            seen.add(event);
            if (event.name().equals(name)) {
                return seen;
            }
        }
        throw new AssertionError("no " + name + " event within " + wait + "; got " + seen);
    }

    /** Everything received so far and not yet taken. */
    public List<Event> drain() {
        List<Event> all = new ArrayList<>();
        events.drainTo(all);
        return all;
    }

    public List<String> comments() {
        return comments;
    }

    /** Whether the server ended the stream. */
    public boolean ended() {
        return reading.isDone();
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (RuntimeException e) {
            // already closed
        }
    }
}
