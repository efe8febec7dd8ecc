package com.caly.telephony.exotel;

import com.caly.calls.CallId;
import com.caly.calls.CallOfAnotherCompanyException;
import com.caly.calls.CallReport;
import com.caly.calls.CallService;
import com.caly.calls.CallStatus;
import com.caly.recordings.RecordingSpool;
import com.caly.recordings.RecordingUploads;
import com.caly.recordings.SpooledAudio;
import com.caly.shared.TenantId;
import com.caly.telephony.PhoneNumberService;
import com.caly.telephony.VoiceAgentGateway;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * Exotel's Voicebot stream at /media/exotel: connected, start, media, dtmf, mark and stop. Caller audio is
 * spooled as it arrives and passed to the voice agent; when the stream ends (stop, a close without stop, a
 * timeout) the recording is queued for upload in the same transaction that notes the end of the stream. A message
 * that cannot be read is counted and skipped; a flood of them, or an oversized frame, closes the stream with a
 * policy-violation code. Nothing in one call's messages can affect another call.
 */
@Component
class ExotelMediaHandler extends AbstractWebSocketHandler {

    static final int MAX_FRAME_BYTES = 256 * 1024;
    static final int MAX_MALFORMED = 20;
    static final String SESSION = "caly.media-session";
    private static final Logger log = LoggerFactory.getLogger(ExotelMediaHandler.class);

    private final MediaSessionRegistry registry;
    private final CallService calls;
    private final PhoneNumberService numbers;
    private final RecordingSpool spool;
    private final RecordingUploads uploads;
    private final VoiceAgentGateway agents;
    private final ExotelWebhookService webhooks;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final java.util.concurrent.ScheduledExecutorService playback =
            java.util.concurrent.Executors.newScheduledThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "media-playback");
                thread.setDaemon(true);
                return thread;
            });

    ExotelMediaHandler(
            MediaSessionRegistry registry,
            CallService calls,
            PhoneNumberService numbers,
            RecordingSpool spool,
            RecordingUploads uploads,
            VoiceAgentGateway agents,
            ExotelWebhookService webhooks,
            TransactionTemplate transaction,
            Clock clock) {
        this.registry = registry;
        this.calls = calls;
        this.numbers = numbers;
        this.spool = spool;
        this.uploads = uploads;
        this.agents = agents;
        this.webhooks = webhooks;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession socket) {
        int rate = (Integer) socket.getAttributes().get(MediaHandshake.SAMPLE_RATE);
        StreamTokens.Claims claims =
                (StreamTokens.Claims) socket.getAttributes().get(MediaHandshake.CLAIMS);
        // sends come from the playback threads as well as this one: the decorator serialises them
        WebSocketSession concurrent = new org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator(
                socket, 5_000, 512 * 1024);
        MediaSession session = new MediaSession(concurrent, rate, claims, clock, this::ended);
        socket.getAttributes().put(SESSION, session);
        registry.add(session);
    }

    /**
     * Messages come in parts of at most the container's buffer (kept small: Tomcat allocates it for every
     * connection up front), and are joined here up to {@link #MAX_FRAME_BYTES}.
     */
    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    protected void handleTextMessage(WebSocketSession socket, TextMessage message) throws IOException {
        MediaSession session = session(socket);
        String text = session.join(message.getPayload(), message.isLast(), MAX_FRAME_BYTES);
        if (session.oversized()) {
            session.close(CloseStatus.POLICY_VIOLATION.withReason("frame too large"), "oversized_frame");
            return;
        }
        if (text == null) {
            return;
        }
        session.touch();
        MediaMessage parsed = MediaMessage.parse(text);
        if (parsed instanceof MediaMessage.Malformed malformed) {
            malformed(session, malformed.why());
        } else if (parsed instanceof MediaMessage.Start start) {
            start(session, start);
        } else if (parsed instanceof MediaMessage.Media media) {
            if (session.started()) {
                session.callerAudio(media.audio());
            } else {
                malformed(session, "media before start");
            }
        } else if (parsed instanceof MediaMessage.Dtmf dtmf && session.conversationOrNull() != null) {
            session.conversationOrNull().dtmf(dtmf.digit());
        } else if (parsed instanceof MediaMessage.Mark mark && session.outbound() != null) {
            VoiceAgentGateway.Conversation conversation = session.conversationOrNull();
            session.outbound().markEchoed(mark.name()).ifPresent(heard -> {
                if (conversation != null) {
                    conversation.heard(heard);
                }
            });
        } else if (parsed instanceof MediaMessage.Stop stop) {
            session.close(CloseStatus.NORMAL, stopReason(stop.reason()));
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession socket, BinaryMessage message) {
        if (message.isLast()) {
            malformed(session(socket), "binary frame");
        }
    }

    @Override
    public void handleTransportError(WebSocketSession socket, Throwable exception) {
        log.debug("Media stream {} transport error: {}", socket.getId(), exception.toString());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
        MediaSession session = (MediaSession) socket.getAttributes().get(SESSION);
        if (session != null) {
            session.finish(status.getCode() == CloseStatus.NORMAL.getCode() ? "closed" : "closed_" + status.getCode());
        }
    }

    private void start(MediaSession session, MediaMessage.Start start) throws IOException {
        if (session.started()) {
            malformed(session, "second start");
            return;
        }
        StreamTokens.Claims claims = session.claims();
        TenantId company;
        PhoneNumberService.Route route = null;
        if (claims != null) {
            if (!claims.callSid().equals(start.callSid())) {
                session.close(CloseStatus.POLICY_VIOLATION.withReason("token is for another call"), "wrong_call");
                return;
            }
            company = claims.companyId();
        } else {
            // a static URL (the account's Basic credentials): the company is the ExoPhone's, or, when the stream names
            // no number of ours, the one a call-start webhook recorded the call for
            route = numbers.routeAny(start.exophone(), start.to())
                    .or(() -> webhooks.recordedRoute(start.callSid()))
                    .orElse(null);
            if (route == null) {
                session.close(CloseStatus.POLICY_VIOLATION.withReason("unknown number"), "unknown_number");
                return;
            }
            company = route.companyId();
        }
        Instant now = clock.instant();
        CallId call;
        try {
            // answered now, and started now unless a webhook said earlier: answered_at is never before started_at
            call = calls.record(new CallReport(
                    company,
                    route == null ? null : route.phoneNumberId(),
                    ExotelWebhookService.PROVIDER,
                    start.callSid(),
                    "inbound",
                    number(start.from()),
                    route != null ? route.number() : number(start.to()),
                    now,
                    now,
                    null,
                    null,
                    CallStatus.IN_PROGRESS,
                    null));
        } catch (CallOfAnotherCompanyException e) {
            log.warn("Media stream {} named call {} of another company; closed", session.id(), start.callSid());
            session.close(
                    CloseStatus.POLICY_VIOLATION.withReason("call of another company"), "call_of_another_company");
            return;
        }
        session.started(company, call, spool.start(call, session.sampleRate()), start.muLaw());
        RecordingSpool.LiveRecording recording = session.recording();
        // agent audio goes into the recording at the moment it plays, mixed with the caller's
        session.outbound(new OutboundAudio(
                session.socket(),
                start.streamSid(),
                session.sampleRate(),
                start.muLaw(),
                playback,
                clock,
                recording::agent,
                recording::cutAgent));
        Optional<VoiceAgentGateway.Conversation> conversation = agents.open(
                new VoiceAgentGateway.CallContext(
                        company,
                        call,
                        start.callSid(),
                        String.valueOf(start.from()),
                        String.valueOf(start.to()),
                        session.sampleRate()),
                new AgentOutput(session, calls));
        if (conversation.isEmpty()) {
            // no agent: end the stream now, so the flow moves on to the human branch
            calls.setEndReason(company, call, "no_agent", false);
            session.close(CloseStatus.NORMAL.withReason("no voice agent"), "no_agent");
            return;
        }
        session.conversation(conversation.get());
    }

    /**
     * Why Exotel stopped the stream, as the call's end reason ({@code stream_…}): {@code callended} when the caller
     * hung up, {@code stopped} when the applet ended; any other text is not kept (it comes from the other side).
     */
    static String stopReason(@Nullable String reason) {
        if (reason == null) {
            return "stop";
        }
        return switch (reason.trim().toLowerCase(Locale.ROOT)) {
            case "callended", "call_ended", "caller_hangup" -> "callended";
            case "stopped" -> "stopped";
            default -> "stop";
        };
    }

    private @Nullable String number(@Nullable String raw) {
        return raw == null ? null : numbers.normalise(raw).orElse(raw.length() > 32 ? raw.substring(0, 32) : raw);
    }

    private void malformed(MediaSession session, String why) {
        int count = session.malformed();
        log.debug("Media stream {}: skipped a malformed message ({}), {} so far", session.id(), why, count);
        if (count > MAX_MALFORMED) {
            session.close(CloseStatus.POLICY_VIOLATION.withReason("too many malformed messages"), "malformed_flood");
        }
    }

    /** The stream is over: queue the recording with the note of how it ended, in one transaction. */
    private void ended(MediaSession session, String reason) {
        registry.remove(session);
        RecordingSpool.LiveRecording recording = session.recording();
        if (recording == null || session.callId() == null || session.companyId() == null) {
            return;
        }
        try {
            SpooledAudio audio = recording.finish();
            if (session.audioBytes() == 0) {
                spool.discard(session.callId());
                return;
            }
            transaction.executeWithoutResult(status -> {
                calls.setEndReason(session.companyId(), session.callId(), "stream_" + reason, false);
                uploads.enqueue(session.companyId(), session.callId(), audio);
            });
        } catch (IOException | RuntimeException e) {
            // the spool stays on disk; start-up recovery queues it
            log.error("Could not queue the recording of call {}; its spool is kept", session.callId(), e);
        }
    }

    @jakarta.annotation.PreDestroy
    void stopPlayback() {
        playback.shutdownNow();
    }

    private static MediaSession session(WebSocketSession socket) {
        return (MediaSession) socket.getAttributes().get(SESSION);
    }

    /** What the agent asks of the call. */
    private static final class AgentOutput implements VoiceAgentGateway.Listener {

        private final MediaSession session;
        private final CallService calls;

        AgentOutput(MediaSession session, CallService calls) {
            this.session = session;
            this.calls = calls;
        }

        @Override
        public void agentAudio(byte[] pcm) {
            OutboundAudio outbound = session.outbound();
            if (outbound != null) {
                outbound.add(pcm);
            }
        }

        @Override
        public void clear() {
            OutboundAudio outbound = session.outbound();
            if (outbound != null) {
                outbound.clear();
            }
        }

        @Override
        public void end(String reason, boolean toHuman) {
            if (session.companyId() != null && session.callId() != null) {
                // the agent's reason is the call's: ai_unavailable, max_call_length, an escalation's why
                String why = reason.length() <= 100 ? reason : reason.substring(0, 100);
                calls.setEndReason(session.companyId(), session.callId(), why, toHuman);
            }
            session.close(CloseStatus.NORMAL, toHuman ? "handoff" : reason);
        }
    }
}
