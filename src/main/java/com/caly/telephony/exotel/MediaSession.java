package com.caly.telephony.exotel;

import com.caly.calls.CallId;
import com.caly.recordings.RecordingSpool;
import com.caly.shared.TenantId;
import com.caly.telephony.VoiceAgentGateway;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/** One live call's stream: its recording, its agent conversation, and how it ends. */
final class MediaSession {

    private static final Logger log = LoggerFactory.getLogger(MediaSession.class);

    interface Ending {
        void ended(MediaSession session, String reason);
    }

    private final WebSocketSession socket;
    private final int sampleRate;
    private final StreamTokens.@Nullable Claims claims;
    private final Clock clock;
    private final Instant startedAt;
    private final Ending ending;
    private volatile Instant lastActivity;
    private int malformed;
    private @Nullable StringBuilder parts;
    private boolean oversized;
    private @Nullable TenantId companyId;
    private @Nullable CallId callId;
    private RecordingSpool.@Nullable LiveRecording recording;
    private VoiceAgentGateway.@Nullable Conversation conversation;
    private @Nullable OutboundAudio outbound;
    private boolean muLaw;
    private int carriedByte = -1;
    private long audioBytes;
    private boolean finished;
    private @Nullable String endReason;

    MediaSession(
            WebSocketSession socket, int sampleRate, StreamTokens.@Nullable Claims claims, Clock clock, Ending ending) {
        this.socket = socket;
        this.sampleRate = sampleRate;
        this.claims = claims;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.lastActivity = startedAt;
        this.ending = ending;
    }

    String id() {
        return socket.getId();
    }

    WebSocketSession socket() {
        return socket;
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

    Instant lastActivity() {
        return lastActivity;
    }

    void touch() {
        lastActivity = clock.instant();
    }

    /**
     * Joins a message that arrives in parts: returns it whole with its last part, else null. A message longer than
     * {@code maxChars} is not kept; {@link #oversized} then says so.
     */
    @Nullable
    String join(String part, boolean last, int maxChars) {
        if (parts == null && last) {
            oversized = part.length() > maxChars;
            return oversized ? null : part;
        }
        if (parts == null) {
            parts = new StringBuilder(part.length() * 2);
        }
        parts.append(part);
        oversized = parts.length() > maxChars;
        if (oversized) {
            parts = null;
            return null;
        }
        if (!last) {
            return null;
        }
        String whole = parts.toString();
        parts = null;
        return whole;
    }

    boolean oversized() {
        return oversized;
    }

    /** Counts a message that could not be read; returns how many so far. */
    int malformed() {
        return ++malformed;
    }

    boolean started() {
        return callId != null;
    }

    /** @param muLaw whether the caller's audio comes as μ-law (it is turned into PCM as it arrives) */
    void started(TenantId companyId, CallId callId, RecordingSpool.LiveRecording recording, boolean muLaw) {
        this.companyId = companyId;
        this.callId = callId;
        this.recording = recording;
        this.muLaw = muLaw;
    }

    boolean muLaw() {
        return muLaw;
    }

    void conversation(VoiceAgentGateway.Conversation conversation) {
        this.conversation = conversation;
    }

    void outbound(OutboundAudio outbound) {
        this.outbound = outbound;
    }

    @Nullable
    OutboundAudio outbound() {
        return outbound;
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
    void callerAudio(byte[] audio) throws IOException {
        VoiceAgentGateway.Conversation agent;
        byte[] pcm;
        synchronized (this) {
            if (finished || recording == null) {
                return;
            }
            pcm = samples(audio);
            if (pcm.length == 0) {
                return;
            }
            recording.append(pcm);
            audioBytes += pcm.length;
            agent = conversation;
        }
        // outside the lock: the agent may be ending the call from its own thread, which takes this lock
        if (agent != null) {
            agent.callerAudio(pcm);
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

    VoiceAgentGateway.@Nullable Conversation conversationOrNull() {
        return conversation;
    }

    long audioBytes() {
        return audioBytes;
    }

    RecordingSpool.@Nullable LiveRecording recording() {
        return recording;
    }

    /** Closes the socket; the handler's close callback then finishes the session. */
    void close(CloseStatus status, String reason) {
        synchronized (this) {
            if (endReason == null) {
                endReason = reason;
            }
        }
        try {
            if (socket.isOpen()) {
                socket.close(status);
            }
        } catch (IOException e) {
            log.debug("Closing stream {}: {}", id(), e.toString());
        }
    }

    /** Ends the session once, whatever ended it (stop, close, error, timeout). */
    void finish(String reason) {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            if (endReason == null) {
                endReason = reason;
            }
        }
        if (outbound != null) {
            outbound.stop();
        }
        if (conversation != null) {
            conversation.close();
        }
        ending.ended(this, endReason);
    }
}
