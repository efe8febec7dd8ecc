package com.caly.telephony.exotel;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exotel's side of a Voicebot socket, for the simulator and the load tool: it sends the caller's events, collects
 * the agent's audio and how the stream closed, and plays the audio out in real time as Exotel does: a mark is
 * echoed once the audio sent before it has played, and a clear drops the audio still to play together with the
 * marks behind it. Sends are queued one behind the other, as the JDK's WebSocket takes one at a time.
 */
public final class ExotelCallerSide implements WebSocket.Listener {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ScheduledExecutorService PLAYBACK = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "simulated-playback");
        thread.setDaemon(true);
        return thread;
    });

    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    public final AtomicLong agentBytes = new AtomicLong();
    public final AtomicInteger clears = new AtomicInteger();
    /** With {@code keepAudio}: every event received, as "type@nanoTime". */
    public final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Utterance end (last loud frame sent) to the first loud agent audio back, in nanoseconds. */
    public final List<Long> replyLatencies = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** First loud frame spoken over the agent to the clear that stopped it, in nanoseconds. */
    public final List<Long> bargeInLatencies = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Agent audio that came after what was already sent had finished playing, in the middle of a reply. */
    public final AtomicInteger lateChunks = new AtomicInteger();

    private final ByteArrayOutputStream agentAudio = new ByteArrayOutputStream();
    /** Agent audio as Exotel plays it: each chunk with the time it starts; a clear drops those not started. */
    private final java.util.List<Object[]> played = new java.util.ArrayList<>();

    private long utteranceEndedNanos;
    private long overAgentSinceNanos;
    private final boolean keepAudio;
    private final StringBuilder partial = new StringBuilder();
    private final int sampleRate;
    private final List<Future<?>> pendingMarks = new ArrayList<>();
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private WebSocket socket;
    private long playsUntilNanos;

    /** @param keepAudio keep the agent's audio (a simulated call saves it; the load tool only counts it) */
    public ExotelCallerSide(int sampleRate, boolean keepAudio) {
        this.sampleRate = sampleRate;
        this.keepAudio = keepAudio;
    }

    /** The socket once open (the builder's future may complete before or after {@link #onOpen}). */
    public synchronized ExotelCallerSide attach(WebSocket webSocket) {
        socket = webSocket;
        return this;
    }

    /** Queues a message behind those not yet sent; the future completes once it is sent. */
    public synchronized CompletableFuture<?> send(String text) {
        WebSocket target = socket;
        sending = sending.thenCompose(ignored -> target.sendText(text, true));
        return sending;
    }

    /** The agent's audio as the caller heard it: what a clear dropped before it started playing is not in it. */
    public synchronized byte[] heardAudio() {
        ByteArrayOutputStream heard = new ByteArrayOutputStream();
        played.forEach(chunk -> heard.writeBytes((byte[]) chunk[1]));
        return heard.toByteArray();
    }

    private long playEnd(Object[] chunk) {
        return (long) chunk[0] + ((byte[]) chunk[1]).length * 1_000_000_000L / (2L * sampleRate);
    }

    public byte[] agentAudio() {
        synchronized (agentAudio) {
            return agentAudio.toByteArray();
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        attach(webSocket);
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            JsonNode message = JSON.readTree(partial.toString());
            partial.setLength(0);
            handle(message);
        }
        return null;
    }

    private synchronized void handle(JsonNode message) {
        long now = System.nanoTime();
        if (keepAudio) {
            events.add(message.path("event").asString() + "@" + now);
        }
        switch (message.path("event").asString()) {
            case "media" -> {
                byte[] pcm = Base64.getDecoder()
                        .decode(message.path("media").path("payload").asString());
                agentBytes.addAndGet(pcm.length);
                if (utteranceEndedNanos != 0 && loud(pcm)) {
                    replyLatencies.add(now - utteranceEndedNanos);
                    utteranceEndedNanos = 0;
                }
                if (playsUntilNanos != 0 && now > playsUntilNanos && now - playsUntilNanos < 300_000_000L) {
                    lateChunks.incrementAndGet(); // the line went quiet inside a reply
                }
                if (keepAudio) {
                    synchronized (agentAudio) {
                        agentAudio.writeBytes(pcm);
                    }
                }
                long startsAt = Math.max(playsUntilNanos, now);
                if (keepAudio) {
                    played.add(new Object[] {startsAt, pcm});
                }
                playsUntilNanos = startsAt + pcm.length * 1_000_000_000L / (2L * sampleRate);
            }
            case "mark" -> {
                String echo = "{\"event\":\"mark\",\"stream_sid\":\""
                        + message.path("stream_sid").asString() + "\",\"mark\":{\"name\":\""
                        + message.path("mark").path("name").asString() + "\"}}";
                pendingMarks.removeIf(Future::isDone);
                pendingMarks.add(PLAYBACK.schedule(
                        () -> {
                            if (!closed.isDone()) {
                                send(echo);
                            }
                        },
                        Math.max(0, playsUntilNanos - now),
                        TimeUnit.NANOSECONDS));
            }
            case "clear" -> {
                clears.incrementAndGet();
                if (overAgentSinceNanos != 0) {
                    bargeInLatencies.add(now - overAgentSinceNanos);
                    overAgentSinceNanos = 0;
                }
                pendingMarks.forEach(mark -> mark.cancel(false));
                pendingMarks.clear();
                played.removeIf(chunk -> (long) chunk[0] > now); // a chunk that started plays to its end
                playsUntilNanos = Math.max(now, played.isEmpty() ? now : playEnd(played.get(played.size() - 1)));
            }
            default -> {}
        }
    }

    /** The caller's last loud frame of an utterance was just sent: the agent's reply is timed from here. */
    public synchronized void utteranceEnded() {
        utteranceEndedNanos = System.nanoTime();
        overAgentSinceNanos = 0;
    }

    /** The caller's first loud frame of an utterance was just sent: over the agent's audio, it is a barge-in. */
    public synchronized void utteranceStarted() {
        long now = System.nanoTime();
        overAgentSinceNanos = playsUntilNanos > now ? now : 0;
    }

    private static boolean loud(byte[] pcm) {
        long sum = 0;
        for (int i = 0; i + 1 < pcm.length; i += 2) {
            int sample = (short) ((pcm[i] & 0xFF) | (pcm[i + 1] << 8));
            sum += (long) sample * sample;
        }
        return sum / Math.max(1, pcm.length / 2) > 1_000L * 1_000L;
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
