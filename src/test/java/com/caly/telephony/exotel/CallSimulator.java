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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays an Exotel call into a running Caly: the call-start webhook, the stream URL, the Voicebot stream with audio
 * from a WAV file (16-bit mono) or a test tone sent in real time, then stop and call-end. What the agent says is
 * saved to a WAV file. With {@code --static=SID:TOKEN} the call takes the static URL instead: no call-start, the
 * stream with the Exotel account's Basic credentials.
 *
 * <p>A test source, so not in the jar; {@code scripts/simulate-call.sh} runs it from the test classpath:
 *
 * <pre>
 * bash scripts/simulate-call.sh --base=http://localhost:8080 --token=WEBHOOK_TOKEN --to=08041234567
 *     [--from=09845012345] [--wav=in.wav] [--seconds=10] [--rate=8000] [--out=agent.wav]
 *     [--static=EXOTEL_SID:EXOTEL_TOKEN]
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

    /** A call through the dynamic URL: call-start, stream-url, the stream, call-end. */
    public Result call(String from, String to, byte[] callerPcm, int sampleRate, boolean realTime) throws Exception {
        String callSid = newCallSid();
        Map<String, String> params = params(callSid, from, to, sampleRate);
        int started = get("call-start", params).statusCode();
        if (started != 200) {
            return new Result(callSid, started, -1, new byte[0], -1);
        }
        String streamUrl =
                JSON.readTree(get("stream-url", params).body()).path("url").asString();
        return stream(callSid, started, params, URI.create(streamUrl), null, callerPcm, realTime);
    }

    /**
     * A call through the static URL, as a Voicebot applet set to {@code wss://SID:TOKEN@host/media/exotel} makes it:
     * no call-start, the stream with the account's Basic credentials, then call-end. The call-start status of the
     * result is 0 (none was sent).
     */
    public Result callOverStaticUrl(
            String from, String to, byte[] callerPcm, int sampleRate, boolean realTime, String accountCredentials)
            throws Exception {
        String callSid = newCallSid();
        Map<String, String> params = params(callSid, from, to, sampleRate);
        URI url = URI.create(base.replaceFirst("^http", "ws") + "/media/exotel?sample-rate=" + sampleRate);
        String basic =
                "Basic " + Base64.getEncoder().encodeToString(accountCredentials.getBytes(StandardCharsets.UTF_8));
        return stream(callSid, 0, params, url, basic, callerPcm, realTime);
    }

    private static String newCallSid() {
        return "sim" + UUID.randomUUID().toString().replace("-", "");
    }

    private static Map<String, String> params(String callSid, String from, String to, int sampleRate) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallSid", callSid);
        params.put("CallFrom", from);
        params.put("CallTo", to);
        params.put("Direction", "incoming");
        params.put("sample-rate", Integer.toString(sampleRate));
        return params;
    }

    private Result stream(
            String callSid,
            int started,
            Map<String, String> params,
            URI streamUrl,
            @Nullable String authorization,
            byte[] callerPcm,
            boolean realTime)
            throws Exception {
        String from = params.get("CallFrom");
        String to = params.get("CallTo");
        int sampleRate = Integer.parseInt(params.get("sample-rate"));
        ExotelCallerSide stream = new ExotelCallerSide(sampleRate, true);
        WebSocket.Builder builder = http.newWebSocketBuilder();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        WebSocket socket = builder.buildAsync(streamUrl, stream).get(10, TimeUnit.SECONDS);
        stream.attach(socket);
        String streamSid = "ST" + callSid;
        stream.send("{\"event\":\"connected\"}").join();
        stream.send("{\"event\":\"start\",\"stream_sid\":\"" + streamSid + "\",\"start\":{\"stream_sid\":\""
                        + streamSid
                        + "\",\"call_sid\":\"" + callSid + "\",\"from\":\"" + from + "\",\"to\":\"" + to
                        + "\",\"media_format\":{\"encoding\":\"audio/x-raw\",\"sample_rate\":\"" + sampleRate
                        + "\"}}}")
                .join();
        int frame = sampleRate / 50 * 2; // 20 ms
        long startedAt = System.nanoTime();
        for (int offset = 0, chunk = 0;
                offset < callerPcm.length && !stream.closed.isDone();
                offset += frame, chunk++) {
            byte[] piece = java.util.Arrays.copyOfRange(callerPcm, offset, Math.min(callerPcm.length, offset + frame));
            stream.send("{\"event\":\"media\",\"stream_sid\":\"" + streamSid + "\",\"media\":{\"chunk\":\"" + chunk
                            + "\",\"timestamp\":\"" + chunk * 20 + "\",\"payload\":\""
                            + Base64.getEncoder().encodeToString(piece)
                            + "\"}}")
                    .join();
            if (realTime) {
                long due = startedAt + (chunk + 1) * 20_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        }
        if (!stream.closed.isDone()) {
            stream.send("{\"event\":\"stop\",\"stream_sid\":\"" + streamSid + "\",\"stop\":{\"call_sid\":\"" + callSid
                            + "\",\"reason\":\"callended\"}}")
                    .join();
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
        return new Result(callSid, started, closeCode, stream.agentAudio(), ended);
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

    /** {@code --name=value} arguments, by name (shared with the load tool). */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        return options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        if (!options.containsKey("token") || !options.containsKey("to")) {
            System.err.println("usage: CallSimulator --base=http://localhost:8080 --token=WEBHOOK_TOKEN --to=EXOPHONE"
                    + " [--from=CALLER] [--wav=in.wav | --seconds=10] [--rate=8000] [--out=agent.wav]"
                    + " [--static=EXOTEL_SID:EXOTEL_TOKEN]");
            System.exit(2);
        }
        int rate = Integer.parseInt(options.getOrDefault("rate", "8000"));
        byte[] audio = options.containsKey("wav")
                ? readWav(Path.of(options.get("wav")))
                : tone(rate, Double.parseDouble(options.getOrDefault("seconds", "10")));
        CallSimulator simulator =
                new CallSimulator(options.getOrDefault("base", "http://localhost:8080"), options.get("token"));
        String from = options.getOrDefault("from", "09845012345");
        Result result = options.containsKey("static")
                ? simulator.callOverStaticUrl(from, options.get("to"), audio, rate, true, options.get("static"))
                : simulator.call(from, options.get("to"), audio, rate, true);
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
