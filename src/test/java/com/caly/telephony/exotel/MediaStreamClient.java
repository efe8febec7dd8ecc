package com.caly.telephony.exotel;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Plays Exotel's side of a Voicebot stream in tests: sends its events, records what comes back and how it closed. */
final class MediaStreamClient implements WebSocket.Listener {

    final List<String> received = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static MediaStreamClient connect(String url, String... headers) throws Exception {
        MediaStreamClient client = new MediaStreamClient();
        WebSocket.Builder builder =
                HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        client.socket = builder.buildAsync(URI.create(url), client).get(10, TimeUnit.SECONDS);
        return client;
    }

    MediaStreamClient send(String json) {
        socket.sendText(json, true).join();
        return this;
    }

    MediaStreamClient connected() {
        return send("{\"event\":\"connected\"}");
    }

    MediaStreamClient start(String streamSid, String callSid, String from, String to) {
        return send("{\"event\":\"start\",\"sequence_number\":\"1\",\"stream_sid\":\"" + streamSid
                + "\",\"start\":{\"stream_sid\":\""
                + streamSid + "\",\"call_sid\":\"" + callSid + "\",\"account_sid\":\"A1\",\"from\":\"" + from
                + "\",\"to\":\"" + to
                + "\",\"media_format\":{\"encoding\":\"audio/x-raw\",\"sample_rate\":\"8000\",\"bit_rate\":\"16\"}}}");
    }

    MediaStreamClient media(String streamSid, byte[] pcm, long timestampMs) {
        return send("{\"event\":\"media\",\"stream_sid\":\"" + streamSid
                + "\",\"media\":{\"chunk\":\"1\",\"timestamp\":\"" + timestampMs + "\",\"payload\":\""
                + Base64.getEncoder().encodeToString(pcm) + "\"}}");
    }

    MediaStreamClient stop(String streamSid, String callSid) {
        return send("{\"event\":\"stop\",\"stream_sid\":\"" + streamSid + "\",\"stop\":{\"call_sid\":\"" + callSid
                + "\",\"reason\":\"callended\"}}");
    }

    void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    int awaitClose() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            received.add(partial.toString());
            partial.setLength(0);
        }
        return null;
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
