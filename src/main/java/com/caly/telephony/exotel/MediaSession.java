package com.caly.telephony.exotel;

import com.caly.calls.CallId;
import com.caly.recordings.RecordingSpool;
import com.caly.shared.TenantId;
import com.caly.shared.live.CallLoop;
import com.caly.telephony.VoiceAgentGateway;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;

/**
 * One live call's stream, owned by the call's loop: its recording, its playback, its agent conversation, and how
 * it ends. Every method but the constructor's accessors runs on the loop; other threads post to it. What blocks
 * (closing the socket, the database, finishing the recording) goes to the worker executor.
 *
 * <p>The end comes in two steps: the close callback's urgent task stops the playback and closes the conversation
 * at once; an ordinary task behind it, after the caller audio already queued has been recorded, hands the
 * recording over to be finished and queued for upload.
 */
final class MediaSession {

    static final int MAX_MALFORMED = 20;
    private static final Logger log = LoggerFactory.getLogger(MediaSession.class);

    /** What is left to do once the loop is done with the call: runs on the worker executor. */
    record Ended(
            MediaSession session,
            @Nullable TenantId companyId,
            @Nullable CallId callId,
            RecordingSpool.@Nullable LiveRecording recording,
            long audioBytes,
            String reason) {}

    interface Ending {
        void ended(Ended end);
    }

    private final CallLoop loop;
    private final MediaSocket socket;
    private final StreamSender sender;
    private final int sampleRate;
    private final StreamTokens.@Nullable Claims claims;
    private final Clock clock;
    private final Instant startedAt;
    private final Executor work;
    private final Ending onEnded;
    private final int playbackChunkBytes;
    private Instant lastActivity;
    private int malformed;
    private @Nullable TenantId companyId;
    private @Nullable CallId callId;
    private RecordingSpool.@Nullable LiveRecording recording;
    private VoiceAgentGateway.@Nullable Conversation conversation;
    private @Nullable AgentPlayback playback;
    private boolean muLaw;
    private int carriedByte = -1;
    private long audioBytes;
    private boolean ending;
    private boolean finished;
    private @Nullable String endReason;

    /**
     * @param sender our messages to Exotel; it is told to close the stream through {@link #notReading}
     * @param work runs what blocks: closing the socket and the end of the call
     */
    MediaSession(
            CallLoop loop,
            MediaSocket socket,
            StreamSender sender,
            int sampleRate,
            StreamTokens.@Nullable Claims claims,
            Clock clock,
            Executor work,
            int playbackChunkBytes,
            Ending ending) {
        this.loop = loop;
        this.socket = socket;
        this.sender = sender;
        this.sampleRate = sampleRate;
        this.claims = claims;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.lastActivity = startedAt;
        this.work = work;
        this.playbackChunkBytes = playbackChunkBytes;
        this.onEnded = ending;
    }

    // ---- fixed at the connection, read from any thread

    String id() {
        return socket.id();
    }

    CallLoop loop() {
        return loop;
    }

    int sampleRate() {
        return sampleRate;
    }

    StreamTokens.@Nullable Claims claims() {
        return claims;
    }

    Instant startedAt() {
        return startedAt;
    }

    // ---- on the loop

    Instant lastActivity() {
        return lastActivity;
    }

    void touch() {
        lastActivity = clock.instant();
    }

    /** A message from Exotel, read on the container's thread. */
    void received(MediaMessage message) {
        touch();
        if (message instanceof MediaMessage.Malformed bad) {
            malformed(bad.why());
        } else if (message instanceof MediaMessage.Media media) {
            if (started()) {
                callerAudio(media.audio());
            } else {
                malformed("media before start");
            }
        } else if (message instanceof MediaMessage.Dtmf dtmf && conversation != null) {
            conversation.dtmf(dtmf.digit());
        } else if (message instanceof MediaMessage.Mark mark && playback != null) {
            VoiceAgentGateway.Conversation agent = conversation;
            playback.markEchoed(mark.name()).ifPresent(heard -> {
                if (agent != null) {
                    agent.heard(heard);
                }
            });
        } else if (message instanceof MediaMessage.Stop stop) {
            close(CloseStatus.NORMAL, MediaStreams.stopReason(stop.reason()));
        }
    }

    void malformed(String why) {
        int count = ++malformed;
        log.debug("Media stream {}: skipped a malformed message ({}), {} so far", id(), why, count);
        if (count > MAX_MALFORMED) {
            close(CloseStatus.POLICY_VIOLATION.withReason("too many malformed messages"), "malformed_flood");
        }
    }

    boolean started() {
        return callId != null;
    }

    /**
     * The call is recorded: its audio goes to the recording, the agent's is played to the caller and mixed in at
     * the moment it plays.
     *
     * @param muLaw whether the caller's audio comes as μ-law (it is turned into PCM as it arrives)
     */
    void started(
            TenantId companyId,
            CallId callId,
            RecordingSpool.LiveRecording recording,
            String streamSid,
            boolean muLaw) {
        if (ending) {
            // the stream ended while the start was being recorded: the recording goes the way of the others
            Ended late = new Ended(this, companyId, callId, recording, 0, endReason());
            work.execute(() -> onEnded.ended(late));
            return;
        }
        this.companyId = companyId;
        this.callId = callId;
        this.recording = recording;
        this.muLaw = muLaw;
        // the recording places audio by the wall clock, the playback by the loop's
        long wallMinusLoop = clock.millis() - loop.now();
        this.playback = new AgentPlayback(
                loop, sender, streamSid, sampleRate, muLaw, playbackChunkBytes, new AgentPlayback.Recorder() {
                    @Override
                    public void played(byte[] pcm, long atMs) {
                        recording.agent(pcm, atMs + wallMinusLoop);
                    }

                    @Override
                    public void cut(long atMs) {
                        recording.cutAgent(atMs + wallMinusLoop);
                    }
                });
    }

    void conversation(VoiceAgentGateway.Conversation conversation) {
        if (ending) {
            conversation.close();
            return;
        }
        this.conversation = conversation;
    }

    @Nullable
    AgentPlayback playback() {
        return playback;
    }

    @Nullable
    TenantId companyId() {
        return companyId;
    }

    @Nullable
    CallId callId() {
        return callId;
    }

    /** A media payload as it came, in the stream's encoding. */
    private void callerAudio(byte[] audio) {
        if (finished || recording == null) {
            return;
        }
        byte[] pcm = samples(audio);
        if (pcm.length == 0) {
            return;
        }
        try {
            recording.append(pcm);
        } catch (IOException e) {
            log.error("Media stream {}: could not write the recording of call {}", id(), callId, e);
            close(CloseStatus.SERVER_ERROR, "recording_failed");
            return;
        }
        audioBytes += pcm.length;
        if (conversation != null) {
            conversation.callerAudio(pcm);
        }
    }

    /**
     * The PCM of a payload. μ-law is decoded. PCM goes on in whole 16-bit samples: a payload of an odd length (which
     * Exotel's own test client sends) leaves its last byte for the next one, so the samples after it stay aligned.
     */
    private byte[] samples(byte[] audio) {
        if (muLaw) {
            return MuLaw.toPcm(audio);
        }
        byte[] joined = audio;
        if (carriedByte >= 0) {
            joined = new byte[audio.length + 1];
            joined[0] = (byte) carriedByte;
            System.arraycopy(audio, 0, joined, 1, audio.length);
            carriedByte = -1;
        }
        if ((joined.length & 1) == 1) {
            carriedByte = joined[joined.length - 1] & 0xFF;
            return java.util.Arrays.copyOf(joined, joined.length - 1);
        }
        return joined;
    }

    /** Closes the socket (off the loop); the close callback then finishes the session. */
    void close(CloseStatus status, String reason) {
        close(status, reason, () -> {});
    }

    /** Closes the socket after {@code first}, both off the loop: e.g. noting why the call ended. */
    void close(CloseStatus status, String reason, Runnable first) {
        if (endReason == null) {
            endReason = reason;
        }
        work.execute(() -> {
            try {
                first.run();
            } finally {
                closeSocket(status);
            }
        });
    }

    private void closeSocket(CloseStatus status) {
        try {
            if (socket.isOpen()) {
                socket.close(status);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Closing stream {}: {}", id(), e.toString());
        }
    }

    /**
     * The socket closed (stop, a close by either side, an error, a timeout): the agent stops now; the end is handed
     * over after the caller audio already queued.
     */
    void finish(String reason) {
        if (ending) {
            return;
        }
        ending = true;
        if (endReason == null) {
            endReason = reason;
        }
        if (playback != null) {
            playback.stop();
        }
        if (conversation != null) {
            conversation.close();
            conversation = null;
        }
        loop.post(this::handOver);
    }

    private void handOver() {
        finished = true;
        Ended end = new Ended(this, companyId, callId, recording, audioBytes, endReason());
        work.execute(() -> onEnded.ended(end));
    }

    private String endReason() {
        return endReason == null ? "closed" : endReason;
    }
}
