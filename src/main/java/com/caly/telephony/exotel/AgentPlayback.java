package com.caly.telephony.exotel;

import com.caly.shared.live.CallLoop;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.OptionalLong;

/**
 * Plays the agent's audio to Exotel, on the call's loop: chunks of the configured size sent at real-time pace (a
 * little ahead, so playback never starves), never a multi-second blob. When the agent's audio pauses, the tail is
 * zero-padded to whole frames and sent. Positions count the bytes handed to {@link #add} since the call began.
 *
 * <p>States: {@code PLAYING} sends as the pace allows; {@code PAUSED} sends nothing and keeps every byte the caller
 * has not heard (a chunk Exotel has started plays to its end, so the pause takes effect where that chunk ends,
 * by this playback's clock), to play on from exactly there on {@link #resume}; {@code STOPPED} is the end of the
 * call. {@link #clear} drops everything not yet heard and plays what comes next.
 *
 * <p>Each chunk is followed by a mark naming the position its real audio ends at ({@link PlaybackMarks}); a pause
 * clears the line as a clear does, so the marks sent before it are trusted the same way.
 * On a μ-law stream the payload is encoded at the last moment; all else counts PCM bytes.
 */
final class AgentPlayback {

    static final long LEAD_MS = 100;
    static final long TAIL_AFTER_MS = 80;
    /** Tells the call's recording what the caller hears, in the loop's milliseconds. */
    interface Recorder {
        /** Agent audio that starts playing at {@code atMs}. */
        void played(byte[] pcm, long atMs);

        /** Agent audio from {@code atMs} on was not heard. */
        void cut(long atMs);
    }

    private enum State {
        PLAYING,
        PAUSED,
        STOPPED
    }

    /** A chunk sent that may not have finished playing; {@code audio} is its real part, without the padding. */
    private record Sent(long start, long end, byte[] audio, long playsAt, long endsAt) {}

    private final CallLoop loop;
    private final StreamSender sender;
    private final OutboundMessages messages;
    private final int sampleRate;
    private final boolean muLaw;
    private final Recorder recorder;
    private final PlaybackBuffer unsent;
    private final long startedAt;
    private final Deque<Sent> playing = new ArrayDeque<>();
    private final PlaybackMarks marks = new PlaybackMarks();
    private State state = State.PLAYING;
    private long handed;
    private long sentUpTo;
    private long pausedAt;
    // chunks are played back to back from runStart on: a run ends when the line has nothing to play
    private long runStart;
    private long runBytes;
    private long lastAudioAt;
    private CallLoop.Timer pump = CallLoop.Timer.NONE;

    AgentPlayback(
            CallLoop loop,
            StreamSender sender,
            String streamSid,
            int sampleRate,
            boolean muLaw,
            int chunkBytes,
            Recorder recorder) {
        this.loop = loop;
        this.sender = sender;
        this.messages = new OutboundMessages(streamSid);
        this.sampleRate = sampleRate;
        this.muLaw = muLaw;
        this.recorder = recorder;
        this.unsent = new PlaybackBuffer(chunkBytes);
        this.startedAt = loop.now();
        this.runStart = startedAt;
    }

    /** Agent audio to play after what was handed before; while paused it is kept. */
    void add(byte[] pcm) {
        if (state == State.STOPPED || pcm.length == 0) {
            return;
        }
        handed += pcm.length;
        unsent.add(pcm);
        lastAudioAt = loop.now();
        if (state == State.PLAYING) {
            pumpNow();
        }
    }

    /**
     * Stops handing audio to the line and tells Exotel to drop what it has not started. Returns the position the
     * caller will have heard up to: the end of the chunk playing now, or where the line went quiet.
     */
    long pause() {
        if (state == State.PAUSED) {
            return pausedAt;
        }
        if (state == State.STOPPED) {
            return sentUpTo;
        }
        long now = loop.now();
        forgetPlayed(now);
        long position = playing.isEmpty() ? sentUpTo : playing.peekFirst().start();
        long cutAt = now;
        Sent current = playing.peekFirst();
        if (current != null && current.playsAt() <= now) {
            playing.pollFirst();
            position = current.end();
            cutAt = current.endsAt();
        }
        // what Exotel will drop goes back in front of the audio not yet sent, newest first
        while (!playing.isEmpty()) {
            unsent.putBack(playing.pollLast().audio());
        }
        sentUpTo = position;
        dropOnTheLine(now);
        recorder.cut(cutAt);
        // resumed audio follows the chunk Exotel is finishing
        runStart = cutAt;
        runBytes = 0;
        state = State.PAUSED;
        pausedAt = position;
        return position;
    }

    /** Plays on from where {@link #pause} stopped, byte for byte, then whatever came after. */
    void resume() {
        if (state != State.PAUSED) {
            return;
        }
        state = State.PLAYING;
        pumpNow();
    }

    /** Drops every byte the caller has not heard (the caller interrupted); audio handed after it plays. */
    void clear() {
        if (state == State.STOPPED) {
            return;
        }
        unsent.clear();
        sentUpTo = handed;
        if (state == State.PAUSED) {
            // Exotel was told at the pause and the recording cut there: nothing has been sent since
            state = State.PLAYING;
            return;
        }
        long now = loop.now();
        playing.clear();
        dropOnTheLine(now);
        recorder.cut(now);
        runStart = now;
        runBytes = 0;
    }

    /** The call is over: nothing more is sent. */
    void stop() {
        state = State.STOPPED;
        pump.cancel();
        unsent.clear();
        playing.clear();
    }

    /** Exotel echoed a mark: the position now known to have been heard, when it moves on. */
    OptionalLong markEchoed(String name) {
        return marks.echoed(name, handed);
    }

    /** The position the caller is known to have heard up to. */
    long heard() {
        return marks.heard();
    }

    /** A clear on the line: Exotel drops what it has not started playing. */
    private void dropOnTheLine(long now) {
        marks.cleared(now);
        pump.cancel();
        sender.send(messages.clear(), 0);
    }

    private void pumpNow() {
        pump.cancel();
        pump();
    }

    private void pump() {
        pump = CallLoop.Timer.NONE;
        if (state != State.PLAYING) {
            return;
        }
        long now = loop.now();
        forgetPlayed(now);
        while (nextPlayAt() - now <= LEAD_MS) {
            if (unsent.hasChunk()) {
                int real = unsent.chunkBytes();
                sendChunk(unsent.chunk(), real, now);
            } else if (unsent.wholeFrames() > 0 && nextPlayAt() <= now) {
                // the line would fall quiet: the whole frames waiting go now rather than wait for a chunk, so the
                // first audio of a reply, or of a model that streams in real time, never waits
                int real = unsent.wholeFrames();
                sendChunk(unsent.frames(), real, now);
            } else if (unsent.pending() > 0 && now - lastAudioAt >= TAIL_AFTER_MS) {
                int real = unsent.pending();
                sendChunk(unsent.tail(), real, now);
            } else {
                break;
            }
        }
        long wakeAt;
        if (unsent.hasChunk()) {
            wakeAt = nextPlayAt() - LEAD_MS;
        } else if (unsent.pending() > 0) {
            long starves = unsent.wholeFrames() > 0 ? nextPlayAt() : Long.MAX_VALUE;
            wakeAt = Math.max(nextPlayAt() - LEAD_MS, Math.min(lastAudioAt + TAIL_AFTER_MS, starves));
        } else {
            return;
        }
        pump = loop.schedule(Math.max(0, wakeAt - now), this::pump);
    }

    private void sendChunk(byte[] chunk, int real, long now) {
        if (nextPlayAt() < now) {
            // the line went quiet: this chunk starts a new run, playing at once
            runStart = now;
            runBytes = 0;
        }
        long playsAt = nextPlayAt();
        runBytes += chunk.length;
        long endsAt = nextPlayAt();
        long start = sentUpTo;
        long end = start + real;
        sentUpTo = end;
        byte[] payload = muLaw ? MuLaw.fromPcm(chunk) : chunk;
        sender.send(messages.media(payload, playsAt - startedAt), endsAt - playsAt);
        sender.send(messages.mark(marks.sent(end, endsAt)), 0);
        recorder.played(chunk, playsAt);
        playing.addLast(
                new Sent(start, end, real == chunk.length ? chunk : Arrays.copyOf(chunk, real), playsAt, endsAt));
    }

    /** When the next chunk would start playing: the run's audio plays back to back, exactly by its bytes. */
    private long nextPlayAt() {
        return runStart + runBytes * 1000 / (2L * sampleRate);
    }

    private void forgetPlayed(long now) {
        while (!playing.isEmpty() && playing.peekFirst().endsAt() <= now) {
            playing.pollFirst();
        }
    }
}
