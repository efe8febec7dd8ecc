package com.caly.voice.realtime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One WebSocket to the realtime API on the JDK's client: events out as JSON text, events in assembled from their
 * fragments and parsed. Sends go out one behind the other (the JDK's socket takes one at a time) without blocking
 * the caller. Whatever happens, the handler hears {@link Handler#closed} exactly once.
 */
public final class RealtimeSocket implements WebSocket.Listener {

    /** What the socket reports. Called on the client's threads, one event at a time. */
    public interface Handler {
        void event(JsonNode event);

        /** A frame that is not a JSON object: counted and skipped by the caller. */
        void malformed(String why);

        /** The socket is gone: closed by either side, or failed ({@code code} is -1 then). */
        void closed(int code, String reason);
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Handler handler;
    private final StringBuilder partial = new StringBuilder();
    private final AtomicBoolean closedOnce = new AtomicBoolean();
    private final java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>();
    private boolean sending;
    private @Nullable WebSocket socket;

    private RealtimeSocket(Handler handler) {
        this.handler = handler;
    }

    /** Opens {@code url} with the API key as a bearer token; completes once the socket is open. */
    public static CompletableFuture<RealtimeSocket> open(
            HttpClient http, URI url, String apiKey, Duration connectTimeout, Handler handler) {
        RealtimeSocket realtime = new RealtimeSocket(handler);
        return http.newWebSocketBuilder()
                .connectTimeout(connectTimeout)
                .header("Authorization", "Bearer " + apiKey)
                .buildAsync(url, realtime)
                .thenApply(socket -> {
                    realtime.attach(socket);
                    return realtime;
                });
    }

    private synchronized void attach(WebSocket webSocket) {
        socket = webSocket;
    }

    /** Queues an event; events are sent in the order given. */
    public void send(String json) {
        synchronized (this) {
            if (socket == null || closedOnce.get()) {
                return;
            }
            queue.addLast(json);
            if (sending) {
                return;
            }
            sending = true;
        }
        drain();
    }

    /**
     * Sends the queued events one at a time (the JDK's socket takes the next only once the last is out): in a loop
     * while sends complete at once, from the completion callback when one has to wait.
     */
    private void drain() {
        while (true) {
            String next;
            WebSocket target;
            synchronized (this) {
                next = queue.pollFirst();
                target = socket;
                if (next == null || target == null) {
                    sending = false;
                    return;
                }
            }
            CompletableFuture<WebSocket> sent = target.sendText(next, true);
            if (!sent.isDone()) {
                sent.whenComplete((ignored, error) -> {
                    if (error == null) {
                        drain();
                    } else {
                        dropQueue();
                    }
                });
                return;
            }
            if (sent.isCompletedExceptionally()) {
                dropQueue();
                return;
            }
        }
    }

    /** The socket failed: what was waiting to go out goes nowhere; the close callback follows. */
    private synchronized void dropQueue() {
        queue.clear();
        sending = false;
    }

    /** Closes the socket (normal closure); the handler hears {@link Handler#closed}. */
    public void close() {
        WebSocket target;
        synchronized (this) {
            target = socket;
        }
        if (target != null && !target.isOutputClosed()) {
            target.sendClose(WebSocket.NORMAL_CLOSURE, "call ended").exceptionally(error -> null);
        }
        if (target != null) {
            // do not wait for the other side's close frame: the call is over
            target.abort();
        }
        closed(WebSocket.NORMAL_CLOSURE, "closed by us");
    }

    public boolean isOpen() {
        return !closedOnce.get();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        attach(webSocket);
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            JsonNode event;
            try {
                event = JSON.readTree(text);
            } catch (RuntimeException e) {
                event = null;
            }
            if (event == null || !event.isObject()) {
                handler.malformed("not a JSON object");
            } else {
                handler.event(event);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        if (last) {
            handler.malformed("binary frame");
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed(statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed(-1, error.toString());
    }

    private void closed(int code, String reason) {
        if (closedOnce.compareAndSet(false, true)) {
            handler.closed(code, reason);
        }
    }
}
