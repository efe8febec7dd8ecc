package com.caly.voice.fake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fake of OpenAI's realtime API on loopback, behaving as the GA protocol describes: session.created on connect,
 * a full session.updated for each update, appends never acknowledged, server VAD events computed from the audio's
 * energy with millisecond offsets, transcripts, audio deltas faster than real time, usage in response.done, the
 * errors for a bad cancel, a bad truncate and a second active response, and the session duration cap. Every client
 * event received and every event sent is checked against OpenAI's published schemas ({@link RealtimeSchemas}); a
 * client event that breaks them is refused with the API's error event. What does not match is kept in
 * {@link #violations}.
 *
 * <p>Register the fake as a JUnit extension ({@code @RegisterExtension static final FakeRealtimeServer MODEL =
 * FakeRealtimeServer.onLoopback();}): after each test it waits for the model sessions to end and fails the test on
 * any violation, so none can go unnoticed.
 *
 * <p>The caller's words come from the pitch of the audio (a test plays tones): see {@link FakeBrain}.
 */
public final class FakeRealtimeServer implements AutoCloseable, AfterEachCallback {

    public static final String API_KEY = "test-openai-key";

    /** Faults a test can switch on. */
    public static final class Faults {
        /** Refuse new connections with this HTTP status (0: accept). */
        public volatile int refuseWith;
        /** Close each session this long after it opens, with code 1011 (0: never). */
        public volatile long closeAfterMs;
        /** Send these raw frames right after session.created. */
        public volatile List<String> garbage = List.of();
        /** Delay before the handshake is answered: a model slow to connect. */
        public volatile long handshakeDelayMs;
        /** Delay before the first audio delta of a response. */
        public volatile long thinkMs;
        /** How often a 100 ms audio delta is sent (5: twenty times faster than real time). */
        public volatile long deltaEveryMs = 5;
        /** Deltas still sent after a response is cancelled, as a real server may have them in flight. */
        public volatile int lateDeltas;
        /** How many sessions {@link #closeAfterMs} applies to, counted from the next one. */
        public volatile int closeSessions = Integer.MAX_VALUE;
    }

    final Faults faults = new Faults();
    final List<String> violations = new CopyOnWriteArrayList<>();
    final List<FakeRealtimeSession> sessions = new CopyOnWriteArrayList<>();
    final AtomicInteger open = new AtomicInteger();
    /** Post-call analyses asked for. */
    public final AtomicInteger analyses = new AtomicInteger();

    final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "fake-realtime");
        thread.setDaemon(true);
        return thread;
    });
    private final WebSocketServer server;
    private volatile long durationCapMs = 60 * 60 * 1000L;
    /** Whether events are checked against OpenAI's schemas (off only in the benchmark's process). */
    volatile boolean schemaChecks = true;

    public FakeRealtimeServer() throws IOException {
        this(0);
    }

    /** A fake on a free loopback port, for a static {@code @RegisterExtension} field. */
    public static FakeRealtimeServer onLoopback() {
        try {
            return new FakeRealtimeServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public FakeRealtimeServer(int port) throws IOException {
        this.server = new WebSocketServer(
                port,
                new WebSocketServer.Acceptor() {
                    @Override
                    public int accept(String path, Map<String, String> headers) {
                        if (faults.handshakeDelayMs > 0) {
                            try {
                                Thread.sleep(faults.handshakeDelayMs);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        if (faults.refuseWith != 0) {
                            return faults.refuseWith;
                        }
                        if (!("Bearer " + API_KEY).equals(headers.get("authorization"))) {
                            return 401;
                        }
                        if (headers.containsKey("openai-beta")) {
                            violations.add("beta header sent: " + headers.get("openai-beta"));
                        }
                        return path.startsWith("/v1/realtime?model=") ? 101 : 404;
                    }

                    @Override
                    public String[] http(String method, String path, Map<String, String> headers, String body) {
                        return chatCompletion(method, path, headers, body);
                    }

                    @Override
                    public void opened(WebSocketServer.Connection connection) {
                        ((FakeRealtimeSession) connection).start();
                    }
                },
                this::newSession);
    }

    /** Chat completions for the post-call analysis: a verdict read off the transcript's words. */
    private String[] chatCompletion(String method, String path, Map<String, String> headers, String body) {
        if (!method.equals("POST") || !path.equals("/v1/chat/completions")) {
            return new String[] {"404", "{\"error\":{\"message\":\"not found\"}}"};
        }
        if (!("Bearer " + API_KEY).equals(headers.get("authorization"))) {
            return new String[] {"401", "{\"error\":{\"message\":\"bad key\"}}"};
        }
        tools.jackson.databind.json.JsonMapper json =
                tools.jackson.databind.json.JsonMapper.builder().build();
        tools.jackson.databind.JsonNode request = json.readTree(body);
        if (!request.path("model").isString() || !request.path("messages").isArray()) {
            violations.add("chat completion without model or messages: " + body);
        }
        analyses.incrementAndGet();
        String transcript =
                request.path("messages").path(1).path("content").asString("").toLowerCase(java.util.Locale.ROOT);
        var verdict = json.createObjectNode()
                .put(
                        "summary",
                        "The caller called the shop and the agent answered. Transcript lines: "
                                + transcript.lines().count() + ".")
                .put("outcome", transcript.contains("person") ? "escalated" : "resolved")
                .put("sentiment", "neutral")
                .put(
                        "intent",
                        transcript.contains("order")
                                ? "order status"
                                : transcript.contains("open") ? "opening hours" : "general question");
        var answer = json.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion");
        answer.putArray("choices")
                .addObject()
                .put("index", 0)
                .put("finish_reason", "stop")
                .putObject("message")
                .put("role", "assistant")
                .put("content", json.writeValueAsString(verdict));
        answer.putObject("usage").put("prompt_tokens", body.length() / 4).put("completion_tokens", 60);
        return new String[] {"200", json.writeValueAsString(answer)};
    }

    private WebSocketServer.Connection newSession(Socket socket) throws IOException {
        FakeRealtimeSession session = new FakeRealtimeSession(socket, this);
        sessions.add(session);
        return session;
    }

    /** The base URL to configure (OPENAI_BASE_URL). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    public int port() {
        return server.port();
    }

    public Faults faults() {
        return faults;
    }

    /** Sessions open right now. */
    public int openSessions() {
        return open.get();
    }

    public List<FakeRealtimeSession> sessions() {
        return sessions;
    }

    /** Client events that did not match the documented shapes. */
    public List<String> violations() {
        return violations;
    }

    public void durationCap(long millis) {
        durationCapMs = millis;
    }

    long durationCapMs() {
        return durationCapMs;
    }

    public void reset() {
        faults.refuseWith = 0;
        faults.closeAfterMs = 0;
        faults.garbage = List.of();
        faults.thinkMs = 0;
        faults.handshakeDelayMs = 0;
        faults.deltaEveryMs = 5;
        faults.lateDeltas = 0;
        faults.closeSessions = Integer.MAX_VALUE;
        durationCapMs = 60 * 60 * 1000L;
        violations.clear();
        sessions.clear();
    }

    /**
     * Fails the test if the bridge or the fake broke the protocol. The sessions get a moment to end first, so the
     * events of a call's last moments are counted too.
     */
    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (open.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<String> found = List.copyOf(violations);
        violations.clear();
        if (!found.isEmpty()) {
            throw new AssertionError("The realtime protocol was broken " + found.size() + " time(s):\n  "
                    + String.join("\n  ", found.subList(0, Math.min(found.size(), 20))));
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        timers.shutdownNow();
    }

    /** Runs the fake as a process of its own (for the load benchmark): {@code port [think-ms]}. */
    public static void main(String[] args) throws Exception {
        FakeRealtimeServer fake = new FakeRealtimeServer(Integer.parseInt(args[0]));
        // the benchmark measures the bridge, at thousands of events a second; the tests check the protocol
        fake.schemaChecks = false;
        if (args.length > 1) {
            fake.faults.thinkMs = Long.parseLong(args[1]);
        }
        System.out.println("fake realtime API on " + fake.baseUrl() + " (key " + API_KEY + ")");
        Thread.currentThread().join();
    }
}
