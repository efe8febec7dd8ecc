package com.caly.telephony.exotel;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
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
 *
 * <p>Each chunk is followed by a mark named after the position in the agent's audio it ends at. Exotel echoes a mark
 * once everything before it has played, so the echoes say how much of the agent's audio the caller has heard. A
 * mark sent before a clear is trusted only as far as the audio could have played by the time of the clear: an
 * echo of audio the clear dropped is no proof it was heard.
 *
 * <p>Messages name the stream both as {@code stream_sid} and {@code streamSid}, and media carries {@code chunk},
 * {@code timestamp} and {@code sequenceNumber}, as Exotel's own bridges send them (some streams are said to end
 * early without them). On a μ-law stream the payload is encoded at the last moment; all else counts PCM bytes.
 */
final class OutboundAudio {

    static final long LEAD_MS = 100;
    static final long TAIL_AFTER_MS = 80;
    /** Marks not yet echoed that are remembered; Exotel echoes them in order, so older ones are only history. */
    static final int MAX_UNCONFIRMED = 512;

    private static final String MARK_PREFIX = "caly-";
    private static final Logger log = LoggerFactory.getLogger(OutboundAudio.class);

    private record Chunk(byte[] pcm, long end) {}

    private record Sent(long end, long playedBy) {}

    private final WebSocketSession socket;
    private final String streamSid;
    private final String streamIds;
    private final int sampleRate;
    private final boolean muLaw;
    private final long startedAt;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final ObjLongConsumer<byte[]> played;
    private final LongConsumer cleared;
    private final OutboundAudioChunker chunker = new OutboundAudioChunker(OutboundAudioChunker.MIN_CHUNK);
    private final Deque<Chunk> queue = new ArrayDeque<>();
    private final Deque<Sent> unconfirmed = new ArrayDeque<>();
    private long received;
    private long chunked;
    private long heard;
    private int generation;
    private long clearedBound = Long.MAX_VALUE;
    private long nextPlayAt;
    private long lastAudioAt;
    private long mediaSent;
    private long messagesSent;
    private @Nullable ScheduledFuture<?> pump;

    /**
     * @param played told of each chunk sent and the wall-clock millisecond it starts playing (for the recording)
     * @param cleared told of the wall-clock millisecond of a clear (the recording drops agent audio after it)
     */
    OutboundAudio(
            WebSocketSession socket,
            String streamSid,
            int sampleRate,
            boolean muLaw,
            ScheduledExecutorService scheduler,
            Clock clock,
            ObjLongConsumer<byte[]> played,
            LongConsumer cleared) {
        this.socket = socket;
        this.streamSid = streamSid;
        this.streamIds = "\"stream_sid\":\"" + streamSid + "\",\"streamSid\":\"" + streamSid + "\"";
        this.sampleRate = sampleRate;
        this.muLaw = muLaw;
        this.scheduler = scheduler;
        this.clock = clock;
        this.startedAt = clock.millis();
        this.played = played;
        this.cleared = cleared;
    }

    synchronized void add(byte[] pcm) {
        received += pcm.length;
        for (byte[] chunk : chunker.add(pcm)) {
            chunked += chunk.length;
            queue.add(new Chunk(chunk, chunked));
        }
        lastAudioAt = clock.millis();
        schedule(0);
    }

    synchronized void clear() {
        long now = clock.millis();
        long bound = heard;
        for (Sent sent : unconfirmed) {
            if (sent.playedBy() <= now) {
                bound = sent.end();
            }
        }
        clearedBound = bound;
        unconfirmed.clear();
        chunker.clear();
        queue.clear();
        chunked = received;
        generation++;
        nextPlayAt = 0;
        send("{\"event\":\"clear\"," + streamIds + "}");
        cleared.accept(now);
    }

    synchronized void stop() {
        if (pump != null) {
            pump.cancel(false);
        }
        queue.clear();
        chunker.clear();
    }

    /**
     * Exotel echoed a mark. Returns the position in the agent's audio (bytes handed to {@link #add} since the start)
     * now known to have been heard, when the mark is one of ours and moves that position on.
     */
    synchronized OptionalLong markEchoed(String name) {
        if (!name.startsWith(MARK_PREFIX)) {
            return OptionalLong.empty();
        }
        int dash = name.indexOf('-', MARK_PREFIX.length());
        long end;
        int markGeneration;
        try {
            markGeneration = Integer.parseInt(name.substring(MARK_PREFIX.length(), dash));
            end = Long.parseLong(name.substring(dash + 1));
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
        boolean trusted = markGeneration == generation || (markGeneration < generation && end <= clearedBound);
        if (!trusted || end <= heard || end > received) {
            return OptionalLong.empty();
        }
        heard = end;
        while (!unconfirmed.isEmpty() && unconfirmed.peekFirst().end() <= end) {
            unconfirmed.removeFirst();
        }
        return OptionalLong.of(end);
    }

    /** The position in the agent's audio the caller is known to have heard up to. */
    synchronized long heard() {
        return heard;
    }

    private void schedule(long delayMs) {
        if (pump == null || pump.isDone()) {
            pump = scheduler.schedule(this::pump, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void pump() {
        long now = clock.millis();
        if (queue.isEmpty() && now - lastAudioAt >= TAIL_AFTER_MS) {
            long real = chunker.pending();
            for (byte[] chunk : chunker.flush()) {
                chunked += real;
                queue.add(new Chunk(chunk, chunked));
            }
        }
        while (!queue.isEmpty() && nextPlayAt - now <= LEAD_MS) {
            Chunk chunk = queue.poll();
            long playsAt = Math.max(nextPlayAt, now);
            byte[] payload = muLaw ? MuLaw.fromPcm(chunk.pcm()) : chunk.pcm();
            send("{\"event\":\"media\"," + streamIds + ",\"media\":{\"chunk\":" + ++mediaSent + ",\"timestamp\":\""
                    + (playsAt - startedAt) + "\",\"sequenceNumber\":" + (messagesSent + 1) + ",\"payload\":\""
                    + Base64.getEncoder().encodeToString(payload) + "\"}}");
            send("{\"event\":\"mark\"," + streamIds + ",\"mark\":{\"name\":\"" + MARK_PREFIX + generation + "-"
                    + chunk.end() + "\"}}");
            played.accept(chunk.pcm(), playsAt);
            nextPlayAt = playsAt + OutboundAudioChunker.playMillis(chunk.pcm().length, sampleRate);
            unconfirmed.addLast(new Sent(chunk.end(), nextPlayAt));
            if (unconfirmed.size() > MAX_UNCONFIRMED) {
                unconfirmed.removeFirst();
            }
        }
        pump = null;
        if (!queue.isEmpty()) {
            schedule(nextPlayAt - LEAD_MS - now);
        } else if (chunker.hasPending()) {
            schedule(TAIL_AFTER_MS);
        }
    }

    private void send(String json) {
        messagesSent++;
        try {
            if (socket.isOpen()) {
                socket.sendMessage(new TextMessage(json));
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("Could not send to stream {}: {}", streamSid, e.toString());
        }
    }
}
