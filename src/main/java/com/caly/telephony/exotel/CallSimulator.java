package com.caly.telephony.exotel;

import java.io.ByteArrayOutputStream;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays an Exotel call into a running Caly: the call-start webhook, the stream URL, the Voicebot stream with audio
 * from a WAV file (16-bit mono) or a test tone sent in real time, then stop and call-end. What the agent says is
 * saved to a WAV file.
 *
 * <pre>
 * java -cp caly.jar -Dloader.main=com.caly.telephony.exotel.CallSimulator org.springframework.boot.loader.launch.PropertiesLauncher \
 *     --base=http://localhost:8080 --token=WEBHOOK_TOKEN --to=08041234567 [--from=09845012345] [--wav=in.wav]
 *     [--seconds=10] [--rate=8000] [--out=agent.wav]
 * </pre>
 */
public final class CallSimulator {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What happened on the simulated call. */
    public record Result(String callSid, int callStartStatus, int closeCode, byte[] agentAudio, int callEndStatus) {}

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    public CallSimulator(String base, String token) {
        this.base = base.replaceAll("/+$", "");
        this.token = token;
    }

    public Result call(String from, String to, byte[] callerPcm, int sampleRate, boolean realTime) throws Exception {
        String callSid = "sim" + UUID.randomUUID().toString().replace("-", "");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallSid", callSid);
        params.put("CallFrom", from);
        params.put("CallTo", to);
        params.put("Direction", "incoming");
        params.put("sample-rate", Integer.toString(sampleRate));
        int started = get("call-start", params).statusCode();
        if (started != 200) {
            return new Result(callSid, started, -1, new byte[0], -1);
        }
        String streamUrl =
                JSON.readTree(get("stream-url", params).body()).path("url").asString();
        Stream stream = new Stream(sampleRate);
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create(streamUrl), stream)
                .get(10, TimeUnit.SECONDS);
        String streamSid = "ST" + callSid;
        stream.send(socket, "{\"event\":\"connected\"}");
        stream.send(
                socket,
                "{\"event\":\"start\",\"stream_sid\":\"" + streamSid + "\",\"start\":{\"stream_sid\":\""
                        + streamSid
                        + "\",\"call_sid\":\"" + callSid + "\",\"from\":\"" + from + "\",\"to\":\"" + to
                        + "\",\"media_format\":{\"encoding\":\"audio/x-raw\",\"sample_rate\":\"" + sampleRate
                        + "\"}}}");
        int frame = sampleRate / 50 * 2; // 20 ms
        long startedAt = System.nanoTime();
        for (int offset = 0, chunk = 0;
                offset < callerPcm.length && !stream.closed.isDone();
                offset += frame, chunk++) {
            byte[] piece = java.util.Arrays.copyOfRange(callerPcm, offset, Math.min(callerPcm.length, offset + frame));
            stream.send(
                    socket,
                    "{\"event\":\"media\",\"stream_sid\":\"" + streamSid + "\",\"media\":{\"chunk\":\"" + chunk
                            + "\",\"timestamp\":\"" + chunk * 20 + "\",\"payload\":\""
                            + Base64.getEncoder().encodeToString(piece)
                            + "\"}}");
            if (realTime) {
                long due = startedAt + (chunk + 1) * 20_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        }
        if (!stream.closed.isDone()) {
            stream.send(
                    socket,
                    "{\"event\":\"stop\",\"stream_sid\":\"" + streamSid + "\",\"stop\":{\"call_sid\":\"" + callSid
                            + "\",\"reason\":\"callended\"}}");
        }
        int closeCode;
        try {
            closeCode = stream.closed.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
            closeCode = WebSocket.NORMAL_CLOSURE;
        }
        long seconds = Math.max(1, callerPcm.length / (2L * sampleRate));
        params.put("Status", "completed");
        params.put("DialCallDuration", Long.toString(seconds));
        int ended = get("call-end", params).statusCode();
        return new Result(callSid, started, closeCode, stream.agentAudio.toByteArray(), ended);
    }

    private HttpResponse<String> get(String event, Map<String, String> params)
            throws IOException, InterruptedException {
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri = URI.create(base + "/webhooks/exotel/" + event + "?token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&" + query);
        return http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(15))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Exotel's side of the socket: collects the agent's audio and how the stream closed, and plays the audio out in
     * real time as Exotel does: a mark is echoed once the audio sent before it has played, and a clear drops the
     * audio still to play together with the marks behind it.
     */
    private static final class Stream implements WebSocket.Listener {
        private static final java.util.concurrent.ScheduledExecutorService PLAYBACK =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "simulated-playback");
                    thread.setDaemon(true);
                    return thread;
                });

        final ByteArrayOutputStream agentAudio = new ByteArrayOutputStream();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private final int sampleRate;
        private final java.util.List<java.util.concurrent.Future<?>> pendingMarks = new java.util.ArrayList<>();
        private final Object sendLock = new Object();
        private long playsUntilNanos;

        Stream(int sampleRate) {
            this.sampleRate = sampleRate;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode message = JSON.readTree(partial.toString());
                partial.setLength(0);
                handle(webSocket, message);
            }
            return null;
        }

        /** The JDK's WebSocket takes one send at a time; the caller's audio and the mark echoes share it. */
        void send(WebSocket webSocket, String text) {
            synchronized (sendLock) {
                webSocket.sendText(text, true).join();
            }
        }

        private synchronized void handle(WebSocket webSocket, JsonNode message) {
            long now = System.nanoTime();
            switch (message.path("event").asString()) {
                case "media" -> {
                    byte[] pcm = Base64.getDecoder()
                            .decode(message.path("media").path("payload").asString());
                    synchronized (agentAudio) {
                        agentAudio.writeBytes(pcm);
                    }
                    playsUntilNanos = Math.max(playsUntilNanos, now) + pcm.length * 1_000_000_000L / (2L * sampleRate);
                }
                case "mark" -> {
                    String echo = "{\"event\":\"mark\",\"stream_sid\":\""
                            + message.path("stream_sid").asString() + "\",\"mark\":{\"name\":\""
                            + message.path("mark").path("name").asString() + "\"}}";
                    pendingMarks.removeIf(java.util.concurrent.Future::isDone);
                    pendingMarks.add(PLAYBACK.schedule(
                            () -> {
                                if (!closed.isDone()) {
                                    send(webSocket, echo);
                                }
                            },
                            Math.max(0, playsUntilNanos - now),
                            TimeUnit.NANOSECONDS));
                }
                case "clear" -> {
                    pendingMarks.forEach(mark -> mark.cancel(false));
                    pendingMarks.clear();
                    playsUntilNanos = now;
                }
                default -> {}
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }

    /** A test tone: a 440 Hz sine at half scale. */
    public static byte[] tone(int sampleRate, double seconds) {
        int samples = (int) Math.round(sampleRate * seconds);
        ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            pcm.putShort((short) Math.round(0.5 * Short.MAX_VALUE * Math.sin(2 * Math.PI * 440 * i / sampleRate)));
        }
        return pcm.array();
    }

    /** The PCM samples of a 16-bit mono WAV file (the header is skipped by finding the data chunk). */
    static byte[] readWav(Path wav) throws IOException {
        byte[] bytes = Files.readAllBytes(wav);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int position = 12;
        while (position + 8 <= bytes.length) {
            String id = new String(bytes, position, 4, StandardCharsets.US_ASCII);
            int size = buffer.getInt(position + 4);
            if (id.equals("data")) {
                return java.util.Arrays.copyOfRange(bytes, position + 8, Math.min(bytes.length, position + 8 + size));
            }
            position += 8 + size + (size & 1);
        }
        throw new IOException("no data chunk in " + wav);
    }

    static void writeWav(Path wav, byte[] pcm, int sampleRate) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt(36 + pcm.length)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII));
        header.put("fmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(sampleRate)
                .putInt(sampleRate * 2)
                .putShort((short) 2)
                .putShort((short) 16);
        header.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(pcm.length);
        try (var out = Files.newOutputStream(wav)) {
            out.write(header.array());
            out.write(pcm);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        if (!options.containsKey("token") || !options.containsKey("to")) {
            System.err.println("usage: CallSimulator --base=http://localhost:8080 --token=WEBHOOK_TOKEN --to=EXOPHONE"
                    + " [--from=CALLER] [--wav=in.wav | --seconds=10] [--rate=8000] [--out=agent.wav]");
            System.exit(2);
        }
        int rate = Integer.parseInt(options.getOrDefault("rate", "8000"));
        byte[] audio = options.containsKey("wav")
                ? readWav(Path.of(options.get("wav")))
                : tone(rate, Double.parseDouble(options.getOrDefault("seconds", "10")));
        Result result = new CallSimulator(options.getOrDefault("base", "http://localhost:8080"), options.get("token"))
                .call(options.getOrDefault("from", "09845012345"), options.get("to"), audio, rate, true);
        Path out = Path.of(options.getOrDefault("out", "agent.wav"));
        writeWav(out, result.agentAudio(), rate);
        System.out.printf(
                "call %s: call-start %d, stream closed %d, %d ms of agent audio saved to %s, call-end %d%n",
                result.callSid(),
                result.callStartStatus(),
                result.closeCode(),
                result.agentAudio().length * 1000L / (2L * rate),
                out,
                result.callEndStatus());
    }
}
