package com.caly.telephony.exotel;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives many simulated Exotel calls at once into a running Caly, each streaming 20 ms frames in real time: a
 * second and a half of silence, then a loud second (a tone), over and over. Calls start spread over the ramp time
 * and each lasts the given seconds; then they stop and their call-end webhooks are sent. One thread paces every
 * call, so a frame sent late is the load tool's own doing and is counted.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) com.caly.telephony.exotel.CallLoad \
 *     --base=http://localhost:8080 --token=WEBHOOK_TOKEN --to=EXOPHONE
 *     [--calls=100] [--seconds=60] [--ramp=10] [--rate=8000]
 * </pre>
 */
public final class CallLoad {

    static final int FRAME_MS = 20;
    static final int SILENT_FRAMES = 75;
    static final int LOUD_FRAMES = 50;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the run did. */
    public record Report(
            int calls,
            int connected,
            int failed,
            int endedByServer,
            long framesSent,
            long framesLate,
            long agentBytes,
            int clears,
            List<Long> replyNanos,
            List<Long> bargeInNanos,
            int lateChunks) {}

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newFixedThreadPool(2))
            .build();
    private final String base;
    private final String token;
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "call-load-pacer");
        thread.setDaemon(true);
        return thread;
    });
    private final ConcurrentLinkedQueue<LiveCall> live = new ConcurrentLinkedQueue<>();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger endedByServer = new AtomicInteger();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong framesLate = new AtomicLong();

    public CallLoad(String base, String token) {
        this.base = base.replaceAll("/+$", "");
        this.token = token;
    }

    /** Runs the calls and waits for all of them to end. */
    public Report run(String to, int calls, int seconds, int rampSeconds, int sampleRate) throws InterruptedException {
        String[] silence = payloads(sampleRate, false);
        String[] loud = payloads(sampleRate, true);
        List<CompletableFuture<LiveCall>> all = new ArrayList<>();
        var ticker = pacer.scheduleAtFixedRate(() -> tick(silence, loud), 0, FRAME_MS, TimeUnit.MILLISECONDS);
        long startedAt = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            long due = startedAt + (long) rampSeconds * 1_000_000_000L * i / Math.max(1, calls);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000);
            }
            all.add(open(to, i, sampleRate, seconds).whenComplete((call, error) -> {
                if (error != null) {
                    failed.incrementAndGet();
                } else {
                    connected.incrementAndGet();
                    live.add(call);
                }
            }));
        }
        List<CompletableFuture<?>> endings = new ArrayList<>();
        for (CompletableFuture<LiveCall> call : all) {
            try {
                endings.add(call.join().ended.thenCompose(this::callEnd));
            } catch (RuntimeException e) {
                // counted as failed
            }
        }
        CompletableFuture.allOf(endings.toArray(CompletableFuture[]::new))
                .orTimeout(seconds + rampSeconds + 60L, TimeUnit.SECONDS)
                .exceptionally(error -> null)
                .join();
        ticker.cancel(false);
        long agentBytes = 0;
        int clears = 0;
        int lateChunks = 0;
        List<Long> replies = new ArrayList<>();
        List<Long> bargeIns = new ArrayList<>();
        for (CompletableFuture<LiveCall> call : all) {
            if (!call.isCompletedExceptionally()) {
                ExotelCallerSide side = call.join().side;
                agentBytes += side.agentBytes.get();
                clears += side.clears.get();
                lateChunks += side.lateChunks.get();
                replies.addAll(side.replyLatencies);
                bargeIns.addAll(side.bargeInLatencies);
            }
        }
        return new Report(
                calls,
                connected.get(),
                failed.get(),
                endedByServer.get(),
                framesSent.get(),
                framesLate.get(),
                agentBytes,
                clears,
                replies,
                bargeIns,
                lateChunks);
    }

    /** One call on the wire: when it started streaming and how many frames it has sent. */
    private static final class LiveCall {
        final String callSid;
        final Map<String, String> params;
        final ExotelCallerSide side;
        final int totalFrames;
        final CompletableFuture<LiveCall> ended = new CompletableFuture<>();
        long streamingSince;
        int frames;

        LiveCall(String callSid, Map<String, String> params, ExotelCallerSide side, int totalFrames) {
            this.callSid = callSid;
            this.params = params;
            this.side = side;
            this.totalFrames = totalFrames;
        }
    }

    private CompletableFuture<LiveCall> open(String to, int index, int sampleRate, int seconds) {
        String callSid = "load" + UUID.randomUUID().toString().replace("-", "");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallSid", callSid);
        params.put("CallFrom", String.format("0984%07d", index));
        params.put("CallTo", to);
        params.put("Direction", "incoming");
        params.put("sample-rate", Integer.toString(sampleRate));
        ExotelCallerSide side = new ExotelCallerSide(sampleRate, false);
        return get("call-start", params)
                .thenCompose(started -> {
                    if (started.statusCode() != 200) {
                        throw new IllegalStateException("call-start answered " + started.statusCode());
                    }
                    return get("stream-url", params);
                })
                .thenCompose(streamUrl -> http.newWebSocketBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .buildAsync(
                                URI.create(JSON.readTree(streamUrl.body())
                                        .path("url")
                                        .asString()),
                                side))
                .thenCompose(socket -> {
                    side.attach(socket);
                    String streamSid = "ST" + callSid;
                    side.send("{\"event\":\"connected\"}");
                    return side.send("{\"event\":\"start\",\"stream_sid\":\"" + streamSid
                            + "\",\"start\":{\"stream_sid\":\"" + streamSid + "\",\"call_sid\":\"" + callSid
                            + "\",\"from\":\"" + params.get("CallFrom") + "\",\"to\":\"" + to
                            + "\",\"media_format\":{\"encoding\":\"audio/x-raw\",\"sample_rate\":\"" + sampleRate
                            + "\"}}}");
                })
                .thenApply(sent -> {
                    LiveCall call = new LiveCall(callSid, params, side, seconds * 1000 / FRAME_MS);
                    call.streamingSince = System.nanoTime();
                    return call;
                });
    }

    /** Sends every live call the frames now due; a frame more than one frame late counts as late. */
    private void tick(String[] silence, String[] loud) {
        try {
            sendDueFrames(silence, loud);
        } catch (RuntimeException e) {
            // one bad call must not stop the pacing of the others
            System.err.println("pacing: " + e);
        }
    }

    private void sendDueFrames(String[] silence, String[] loud) {
        long now = System.nanoTime();
        for (LiveCall call : live) {
            if (call.side.closed.isDone() && call.frames < call.totalFrames) {
                endedByServer.incrementAndGet();
                finish(call);
                continue;
            }
            long due = (now - call.streamingSince) / (FRAME_MS * 1_000_000L) + 1;
            while (call.frames < Math.min(due, call.totalFrames)) {
                int frame = call.frames++;
                if (due - frame > 2) {
                    framesLate.incrementAndGet();
                }
                int inCycle = frame % (SILENT_FRAMES + LOUD_FRAMES);
                if (inCycle == SILENT_FRAMES) {
                    call.side.utteranceStarted();
                }
                String payload = inCycle < SILENT_FRAMES
                        ? silence[inCycle % silence.length]
                        : loud[(inCycle - SILENT_FRAMES) % loud.length];
                call.side.send("{\"event\":\"media\",\"stream_sid\":\"ST" + call.callSid + "\",\"media\":{\"chunk\":\""
                        + frame + "\",\"timestamp\":\"" + frame * FRAME_MS + "\",\"payload\":\"" + payload + "\"}}");
                framesSent.incrementAndGet();
                if (inCycle == SILENT_FRAMES + LOUD_FRAMES - 1) {
                    call.side.utteranceEnded();
                }
            }
            if (call.frames >= call.totalFrames) {
                call.side.send("{\"event\":\"stop\",\"stream_sid\":\"ST" + call.callSid + "\",\"stop\":{\"call_sid\":\""
                        + call.callSid + "\",\"reason\":\"callended\"}}");
                finish(call);
            }
        }
    }

    private void finish(LiveCall call) {
        live.remove(call);
        call.side
                .closed
                .completeOnTimeout(WebSocket.NORMAL_CLOSURE, 10, TimeUnit.SECONDS)
                .whenComplete((code, error) -> call.ended.complete(call));
    }

    private CompletableFuture<HttpResponse<String>> callEnd(LiveCall call) {
        Map<String, String> params = new LinkedHashMap<>(call.params);
        params.put("Status", "completed");
        params.put("DialCallDuration", Long.toString(Math.max(1, call.frames * FRAME_MS / 1000)));
        return get("call-end", params);
    }

    private CompletableFuture<HttpResponse<String>> get(String event, Map<String, String> params) {
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri = URI.create(base + "/webhooks/exotel/" + event + "?token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&" + query);
        return http.sendAsync(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(15))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Base64 payloads of one second of 20 ms frames: silence, or a loud 440 Hz tone with its phase running on. */
    static String[] payloads(int sampleRate, boolean loud) {
        int samplesPerFrame = sampleRate * FRAME_MS / 1000;
        String[] frames = new String[1000 / FRAME_MS];
        for (int f = 0; f < frames.length; f++) {
            ByteBuffer pcm = ByteBuffer.allocate(samplesPerFrame * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < samplesPerFrame; i++) {
                int sample = f * samplesPerFrame + i;
                pcm.putShort(
                        loud
                                ? (short) Math.round(
                                        0.5 * Short.MAX_VALUE * Math.sin(2 * Math.PI * 440 * sample / sampleRate))
                                : 0);
            }
            frames[f] = Base64.getEncoder().encodeToString(pcm.array());
        }
        return frames;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = CallSimulator.options(args);
        if (!options.containsKey("token") || !options.containsKey("to")) {
            System.err.println("usage: CallLoad --base=http://localhost:8080 --token=WEBHOOK_TOKEN --to=EXOPHONE"
                    + " [--calls=100] [--seconds=60] [--ramp=10] [--rate=8000]");
            System.exit(2);
        }
        int calls = Integer.parseInt(options.getOrDefault("calls", "100"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
        int ramp = Integer.parseInt(options.getOrDefault("ramp", "10"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "8000"));
        long cpuBefore = processCpuNanos();
        Report report = new CallLoad(options.getOrDefault("base", "http://localhost:8080"), options.get("token"))
                .run(options.get("to"), calls, seconds, ramp, rate);
        double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
        System.out.printf(
                "reply latency p50 %s p99 %s ms (%d replies); barge-in latency p50 %s p99 %s ms (%d); agent audio late %d times%n",
                percentile(report.replyNanos(), 50),
                percentile(report.replyNanos(), 99),
                report.replyNanos().size(),
                percentile(report.bargeInNanos(), 50),
                percentile(report.bargeInNanos(), 99),
                report.bargeInNanos().size(),
                report.lateChunks());
        System.out.printf(
                "calls %d: connected %d, failed %d, ended early by the server %d; frames sent %d, sent late %d;"
                        + " agent audio %.1f s, clears %d; load tool CPU %.1f s%n",
                report.calls(),
                report.connected(),
                report.failed(),
                report.endedByServer(),
                report.framesSent(),
                report.framesLate(),
                report.agentBytes() / (2.0 * rate),
                report.clears(),
                cpuSeconds);
        System.exit(0);
    }

    static String percentile(List<Long> nanos, int percent) {
        if (nanos.isEmpty()) {
            return "-";
        }
        List<Long> sorted = nanos.stream().sorted().toList();
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return String.format("%.1f", sorted.get(Math.max(0, index)) / 1e6);
    }

    private static long processCpuNanos() throws IOException {
        var bean = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (bean instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
