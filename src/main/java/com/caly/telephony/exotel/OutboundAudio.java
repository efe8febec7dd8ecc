package com.caly.telephony.exotel;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjLongConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * Plays agent audio to Exotel: chunks as Exotel wants them, sent at real-time pace (a little ahead, so playback
 * never starves), never a multi-second blob. A pause in the agent's audio flushes the zero-padded tail; clear
 * drops everything not yet sent and tells Exotel to drop what it has queued.
 */
final class OutboundAudio {

    static final long LEAD_MS = 100;
    static final long TAIL_AFTER_MS = 80;
    private static final Logger log = LoggerFactory.getLogger(OutboundAudio.class);

    private final WebSocketSession socket;
    private final String streamSid;
    private final int sampleRate;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final OutboundAudioChunker chunker = new OutboundAudioChunker(OutboundAudioChunker.MIN_CHUNK);
    private final Deque<byte[]> queue = new ArrayDeque<>();
    private long nextPlayAt;
    private long lastAudioAt;
    private @Nullable ScheduledFuture<?> pump;

    private final ObjLongConsumer<byte[]> played;

    /** @param played told of each chunk sent and the wall-clock millisecond it starts playing (for the recording) */
    OutboundAudio(
            WebSocketSession socket,
            String streamSid,
            int sampleRate,
            ScheduledExecutorService scheduler,
            Clock clock,
            ObjLongConsumer<byte[]> played) {
        this.played = played;
        this.socket = socket;
        this.streamSid = streamSid;
        this.sampleRate = sampleRate;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    synchronized void add(byte[] pcm) {
        queue.addAll(chunker.add(pcm));
        lastAudioAt = clock.millis();
        schedule(0);
    }

    synchronized void clear() {
        chunker.clear();
        queue.clear();
        nextPlayAt = 0;
        send("{\"event\":\"clear\",\"stream_sid\":\"" + streamSid + "\"}");
    }

    synchronized void stop() {
        if (pump != null) {
            pump.cancel(false);
        }
        queue.clear();
        chunker.clear();
    }

    private void schedule(long delayMs) {
        if (pump == null || pump.isDone()) {
            pump = scheduler.schedule(this::pump, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void pump() {
        long now = clock.millis();
        if (queue.isEmpty() && now - lastAudioAt >= TAIL_AFTER_MS) {
            queue.addAll(chunker.flush());
        }
        while (!queue.isEmpty() && nextPlayAt - now <= LEAD_MS) {
            byte[] chunk = queue.poll();
            send("{\"event\":\"media\",\"stream_sid\":\"" + streamSid + "\",\"media\":{\"payload\":\""
                    + Base64.getEncoder().encodeToString(chunk) + "\"}}");
            long playsAt = Math.max(nextPlayAt, now);
            played.accept(chunk, playsAt);
            nextPlayAt = playsAt + OutboundAudioChunker.playMillis(chunk.length, sampleRate);
        }
        pump = null;
        if (!queue.isEmpty()) {
            schedule(nextPlayAt - LEAD_MS - now);
        } else if (chunker.hasPending()) {
            schedule(TAIL_AFTER_MS);
        }
    }

    private void send(String json) {
        try {
            if (socket.isOpen()) {
                socket.sendMessage(new TextMessage(json));
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("Could not send to stream {}: {}", streamSid, e.toString());
        }
    }
}
