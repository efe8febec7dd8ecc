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
import com.caly.shared.live.CallLoop;
import com.caly.shared.live.CallLoops;
import com.caly.telephony.PhoneNumberService;
import com.caly.telephony.TelephonyProperties;
import com.caly.telephony.VoiceAgentGateway;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * Exotel's Voicebot stream at /media/exotel: connected, start, media, dtmf, mark and stop. Each stream gets a call
 * loop at its connection; the container's thread reads and parses each message and posts it to the loop, where the
 * {@link MediaSession} handles it (a stop, and the close, ahead of queued audio). Caller audio is spooled as it
 * arrives and passed to the voice agent. Two parts block and stay off the loop: the start (the call is recorded in
 * the database, on the container's thread, which delivers nothing else of the stream meanwhile) and the end (the
 * recording finished and queued for upload in the same transaction that notes the end of the stream, on a
 * worker). A message that cannot be read is counted and skipped; a flood of them, or an oversized frame, closes
 * the stream with a policy-violation code. Nothing in one call's messages can affect another call.
 */
@Component
class ExotelMediaHandler extends AbstractWebSocketHandler {

    static final int MAX_FRAME_BYTES = 256 * 1024;
    static final String SESSION = "caly.media-session";
    static final String INBOUND = "caly.media-inbound";
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
    private final CallLoops loops;
    private final int playbackChunkBytes;
    // closing sockets and ending calls: the parts of a live call that block
    private final ExecutorService work = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "live-call-work");
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
            Clock clock,
            CallLoops loops,
            TelephonyProperties properties) {
        this.registry = registry;
        this.calls = calls;
        this.numbers = numbers;
        this.spool = spool;
        this.uploads = uploads;
        this.agents = agents;
        this.webhooks = webhooks;
        this.transaction = transaction;
        this.clock = clock;
        this.loops = loops;
        this.playbackChunkBytes = properties.playbackChunkBytes();
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession socket) {
        int rate = (Integer) socket.getAttributes().get(MediaHandshake.SAMPLE_RATE);
        StreamTokens.Claims claims =
                (StreamTokens.Claims) socket.getAttributes().get(MediaHandshake.CLAIMS);
        CallLoop loop = loops.next();
        MediaSession[] session = new MediaSession[1];
        AsyncStreamSender sender = new AsyncStreamSender(
                socket.getId(),
                AsyncStreamSender.tomcat(((StandardWebSocketSession) socket).getNativeSession()),
                () -> loop.post(() ->
                        session[0].close(CloseStatus.POLICY_VIOLATION.withReason("stream not read"), "not_reading")));
        session[0] = new MediaSession(loop, socket, sender, rate, claims, clock, work, playbackChunkBytes, this::ended);
        socket.getAttributes().put(SESSION, session[0]);
        socket.getAttributes().put(INBOUND, new InboundMessages());
        registry.add(session[0]);
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
        InboundMessages inbound = (InboundMessages) socket.getAttributes().get(INBOUND);
        String text = inbound.join(message.getPayload(), message.isLast(), MAX_FRAME_BYTES);
        if (inbound.oversized()) {
            session.loop()
                    .post(() -> session.close(
                            CloseStatus.POLICY_VIOLATION.withReason("frame too large"), "oversized_frame"));
            return;
        }
        if (text == null) {
            return;
        }
        MediaMessage parsed = MediaMessage.parse(text);
        if (parsed instanceof MediaMessage.Start start) {
            if (inbound.firstStart()) {
                session.loop().post(session::touch);
                start(session, start);
            } else {
                session.loop().post(() -> session.received(new MediaMessage.Malformed("second start")));
            }
        } else if (parsed instanceof MediaMessage.Stop) {
            session.loop().postUrgent(() -> session.received(parsed));
        } else {
            session.loop().post(() -> session.received(parsed));
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession socket, BinaryMessage message) {
        if (message.isLast()) {
            MediaSession session = session(socket);
            session.loop().post(() -> session.received(new MediaMessage.Malformed("binary frame")));
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
            String reason = status.getCode() == CloseStatus.NORMAL.getCode() ? "closed" : "closed_" + status.getCode();
            session.loop().postUrgent(() -> session.finish(reason));
        }
    }

    /** On the container's thread: the call is recorded, then set up on its loop, then the agent is opened. */
    private void start(MediaSession session, MediaMessage.Start start) throws IOException {
        CallLoop loop = session.loop();
        StreamTokens.Claims claims = session.claims();
        TenantId company;
        PhoneNumberService.Route route = null;
        if (claims != null) {
            if (!claims.callSid().equals(start.callSid())) {
                loop.post(() -> session.close(
                        CloseStatus.POLICY_VIOLATION.withReason("token is for another call"), "wrong_call"));
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
                loop.post(() ->
                        session.close(CloseStatus.POLICY_VIOLATION.withReason("unknown number"), "unknown_number"));
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
            loop.post(() -> session.close(
                    CloseStatus.POLICY_VIOLATION.withReason("call of another company"), "call_of_another_company"));
            return;
        }
        RecordingSpool.LiveRecording recording = spool.start(call, session.sampleRate());
        registry.started(session, company, call);
        // set up before the agent opens: a greeting it hands over at once finds the playback ready
        loop.post(() -> session.started(company, call, recording, start.streamSid(), start.muLaw()));
        Optional<VoiceAgentGateway.Conversation> conversation = agents.open(
                new VoiceAgentGateway.CallContext(
                        company,
                        call,
                        start.callSid(),
                        String.valueOf(start.from()),
                        String.valueOf(start.to()),
                        session.sampleRate(),
                        loop),
                new AgentOutput(session, calls));
        if (conversation.isEmpty()) {
            // no agent: end the stream now, so the flow moves on to the human branch
            calls.setEndReason(company, call, "no_agent", false);
            loop.post(() -> session.close(CloseStatus.NORMAL.withReason("no voice agent"), "no_agent"));
            return;
        }
        VoiceAgentGateway.Conversation opened = conversation.get();
        loop.post(() -> session.conversation(opened));
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

    /** On a worker, once the loop is done with the call: queue the recording with the note of how it ended. */
    private void ended(MediaSession.Ended end) {
        registry.remove(end.session());
        RecordingSpool.LiveRecording recording = end.recording();
        TenantId company = end.companyId();
        CallId call = end.callId();
        if (recording == null || call == null || company == null) {
            return;
        }
        try {
            SpooledAudio audio = recording.finish();
            if (end.audioBytes() == 0) {
                spool.discard(call);
                return;
            }
            transaction.executeWithoutResult(status -> {
                calls.setEndReason(company, call, "stream_" + end.reason(), false);
                uploads.enqueue(company, call, audio);
            });
        } catch (IOException | RuntimeException e) {
            // the spool stays on disk; start-up recovery queues it
            log.error("Could not queue the recording of call {}; its spool is kept", call, e);
        }
    }

    /** Lets the calls that have ended finish their recordings before the database goes. */
    @jakarta.annotation.PreDestroy
    void finishEndings() throws InterruptedException {
        work.shutdown();
        if (!work.awaitTermination(10, TimeUnit.SECONDS)) {
            log.warn("Some live calls had not finished ending at shutdown; their spools are kept");
        }
    }

    private static MediaSession session(WebSocketSession socket) {
        return (MediaSession) socket.getAttributes().get(SESSION);
    }
}
