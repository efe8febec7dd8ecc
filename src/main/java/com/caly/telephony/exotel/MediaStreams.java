package com.caly.telephony.exotel;

import com.caly.calls.CallChannel;
import com.caly.calls.CallId;
import com.caly.calls.CallOfAnotherCompanyException;
import com.caly.calls.CallReport;
import com.caly.calls.CallService;
import com.caly.calls.CallStatus;
import com.caly.calls.CompanyCallLimits;
import com.caly.recordings.RecordingSpool;
import com.caly.recordings.RecordingUploads;
import com.caly.recordings.SpooledAudio;
import com.caly.shared.TenantId;
import com.caly.shared.live.CallLoop;
import com.caly.telephony.PhoneNumberService;
import com.caly.telephony.TelephonyProperties;
import com.caly.telephony.VoiceAgentGateway;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.socket.CloseStatus;

/**
 * Exotel's Voicebot streams, whichever server carries them: connected, start, media, dtmf, mark and stop. A stream
 * gets its {@link MediaSession} on its call's loop, where every message is handled. Two parts block and stay off
 * the loop: the start (the call is recorded in the database, while the transport delivers nothing else of the
 * stream) and the end (the recording finished and queued for upload in the same transaction that notes the end of
 * the stream, on a worker). A message that cannot be read is counted and skipped; a flood of them, or an oversized
 * frame, closes the stream with a policy-violation code. Nothing in one call's messages can affect another call.
 */
@Component
class MediaStreams {

    static final int MAX_FRAME_BYTES = 256 * 1024;
    /** The caller and line of a web call, as the agent is told them: it has no phone number. */
    static final String WEB_CALLER = "web";

    private static final Logger log = LoggerFactory.getLogger(MediaStreams.class);

    /** Makes a stream's sender, which tells {@code notReading} once when Exotel stops reading. */
    interface Senders {
        StreamSender sender(Runnable notReading);
    }

    private final MediaSessionRegistry registry;
    private final CallService calls;
    private final PhoneNumberService numbers;
    private final RecordingSpool spool;
    private final RecordingUploads uploads;
    private final VoiceAgentGateway agents;
    private final ExotelWebhookService webhooks;
    private final CompanyCallLimits limits;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final int playbackChunkBytes;
    // starting and ending calls, closing sockets: the parts of a live call that block
    private final ExecutorService work = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "live-call-work");
        thread.setDaemon(true);
        return thread;
    });

    MediaStreams(
            MediaSessionRegistry registry,
            CallService calls,
            PhoneNumberService numbers,
            RecordingSpool spool,
            RecordingUploads uploads,
            VoiceAgentGateway agents,
            ExotelWebhookService webhooks,
            CompanyCallLimits limits,
            TransactionTemplate transaction,
            Clock clock,
            TelephonyProperties properties) {
        this.registry = registry;
        this.calls = calls;
        this.numbers = numbers;
        this.spool = spool;
        this.uploads = uploads;
        this.agents = agents;
        this.webhooks = webhooks;
        this.limits = limits;
        this.transaction = transaction;
        this.clock = clock;
        this.playbackChunkBytes = properties.playbackChunkBytes();
    }

    /** A stream has connected: its session, on {@code loop}. */
    MediaSession open(
            MediaSocket socket, CallLoop loop, int sampleRate, StreamTokens.@Nullable Claims claims, Senders senders) {
        MediaSession[] session = new MediaSession[1];
        StreamSender sender = senders.sender(() -> loop.post(
                () -> session[0].close(CloseStatus.POLICY_VIOLATION.withReason("stream not read"), "not_reading")));
        session[0] = new MediaSession(
                loop, socket, sender, sampleRate, claims, clock, work, playbackChunkBytes, this::ended);
        registry.add(session[0]);
        return session[0];
    }

    /**
     * A whole text message of the stream. Delivered on the loop at once when {@code onLoop} (the transport runs on
     * it), else posted to it (a stop ahead of queued audio). A first start is returned, not handled: the transport
     * runs {@link #start} off the loop and holds the stream's later messages until it returns.
     */
    MediaMessage.@Nullable Start message(MediaSession session, InboundMessages inbound, String text, boolean onLoop) {
        return message(session, inbound, MediaMessage.parse(text), onLoop);
    }

    /** The same, for a message parsed by the transport (from its bytes). */
    MediaMessage.@Nullable Start message(
            MediaSession session, InboundMessages inbound, MediaMessage parsed, boolean onLoop) {
        if (parsed instanceof MediaMessage.Start start) {
            if (inbound.firstStart()) {
                deliver(session, session::touch, onLoop, false);
                return start;
            }
            deliver(session, () -> session.received(new MediaMessage.Malformed("second start")), onLoop, false);
            return null;
        }
        deliver(session, () -> session.received(parsed), onLoop, parsed instanceof MediaMessage.Stop);
        return null;
    }

    /** A frame over {@link #MAX_FRAME_BYTES}: the stream is closed. */
    void oversized(MediaSession session, boolean onLoop) {
        deliver(
                session,
                () -> session.close(CloseStatus.POLICY_VIOLATION.withReason("frame too large"), "oversized_frame"),
                onLoop,
                false);
    }

    /** A binary frame, which Exotel never sends. */
    void binary(MediaSession session, boolean onLoop) {
        deliver(session, () -> session.received(new MediaMessage.Malformed("binary frame")), onLoop, false);
    }

    /** The socket closed with {@code code}, for whatever reason. */
    void closed(MediaSession session, int code) {
        String reason = code == CloseStatus.NORMAL.getCode() ? "closed" : "closed_" + code;
        session.loop().postUrgent(() -> session.finish(reason));
    }

    /** Where what blocks runs. */
    Executor work() {
        return work;
    }

    private static void deliver(MediaSession session, Runnable task, boolean onLoop, boolean urgent) {
        if (onLoop) {
            task.run();
        } else if (urgent) {
            session.loop().postUrgent(task);
        } else {
            session.loop().post(task);
        }
    }

    /**
     * Off the loop (it blocks): the call is recorded, then set up on its loop, then the agent is opened. The
     * transport delivers nothing more of the stream until it returns.
     */
    void start(MediaSession session, MediaMessage.Start start) {
        CallLoop loop = session.loop();
        StreamTokens.Claims claims = session.claims();
        TenantId company;
        PhoneNumberService.Route route = null;
        if (claims != null && claims.web()) {
            // a web call's ticket names its call: the start's call_sid is the browser's and not needed
            company = claims.companyId();
        } else if (claims != null) {
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
        boolean web = claims != null && claims.web();
        // answered now, and started now unless a webhook said earlier: answered_at is never before started_at
        CallReport report = new CallReport(
                company,
                route == null ? null : route.phoneNumberId(),
                web ? CallChannel.WEB_PROVIDER : ExotelWebhookService.PROVIDER,
                web ? claims.callSid() : start.callSid(),
                "inbound",
                web ? null : number(start.from()),
                web ? null : route != null ? route.number() : number(start.to()),
                now,
                now,
                null,
                null,
                CallStatus.IN_PROGRESS,
                null);
        CallId call;
        try {
            // a web call was admitted against its company's limit when its ticket was issued
            call = web ? calls.record(report) : admitted(session, report);
        } catch (CallOfAnotherCompanyException e) {
            log.warn("Media stream {} named call {} of another company; closed", session.id(), start.callSid());
            loop.post(() -> session.close(
                    CloseStatus.POLICY_VIOLATION.withReason("call of another company"), "call_of_another_company"));
            return;
        }
        if (call == null) {
            return;
        }
        RecordingSpool.LiveRecording recording;
        try {
            recording = spool.start(call, session.sampleRate());
        } catch (IOException e) {
            log.error("Media stream {}: could not start the recording of call {}", session.id(), call, e);
            loop.post(() -> session.close(CloseStatus.SERVER_ERROR, "recording_failed"));
            return;
        }
        registry.started(session, company, call);
        // set up before the agent opens: a greeting it hands over at once finds the playback ready
        loop.post(() -> session.started(company, call, recording, start.streamSid(), start.muLaw()));
        Optional<VoiceAgentGateway.Conversation> conversation = agents.open(
                new VoiceAgentGateway.CallContext(
                        company,
                        call,
                        claims != null && claims.web() ? claims.callSid() : start.callSid(),
                        claims != null && claims.web() ? WEB_CALLER : String.valueOf(start.from()),
                        claims != null && claims.web() ? WEB_CALLER : String.valueOf(start.to()),
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

    /** The close of a stream whose call is over its company's limit, or was refused at call-start. */
    static final CloseStatus REFUSED = CloseStatus.SERVICE_OVERLOAD.withReason("company call limit");

    /**
     * A phone call's stream reaches the agent only within its company's limit of simultaneous calls, whether or
     * not a call-start came first (the static URL needs none): a call that call-start refused stays refused and
     * untouched, and a new one over the limit is recorded as refused ({@link CompanyCallLimits#admit}). Either is
     * closed with {@link #REFUSED} before anything is recorded or opened for it: no recording, no agent, no charge.
     *
     * @return the admitted call, or null when the stream is being closed
     */
    private @Nullable CallId admitted(MediaSession session, CallReport report) {
        TenantId company = report.companyId();
        Optional<CallId> known = calls.findByProviderSid(company, report.provider(), report.providerCallSid());
        if (known.isPresent() && calls.wasRefused(company, known.get())) {
            log.warn(
                    "Media stream {} opened for call {}, which call-start refused; closed",
                    session.id(),
                    report.providerCallSid());
            session.loop().post(() -> session.close(REFUSED, CompanyCallLimits.END_REASON));
            return null;
        }
        CompanyCallLimits.Admission admission = limits.admit(report);
        if (!admission.admitted()) {
            log.warn(
                    "Media stream {} for call {} is over its company's limit of {} live calls; closed",
                    session.id(),
                    report.providerCallSid(),
                    admission.limit());
            session.loop().post(() -> session.close(REFUSED, CompanyCallLimits.END_REASON));
            return null;
        }
        return admission.callId();
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
        StreamTokens.Claims claims = end.session().claims();
        // no provider reports a web call's end: its stream's end is the call's
        String webCall = claims != null && claims.web() ? claims.callSid() : null;
        try {
            SpooledAudio audio = recording.finish();
            if (end.audioBytes() == 0) {
                spool.discard(call);
                if (webCall != null) {
                    transaction.executeWithoutResult(status -> {
                        calls.setEndReason(company, call, "stream_" + end.reason(), false);
                        completeWebCall(company, webCall);
                    });
                }
                return;
            }
            transaction.executeWithoutResult(status -> {
                calls.setEndReason(company, call, "stream_" + end.reason(), false);
                uploads.enqueue(company, call, audio);
                if (webCall != null) {
                    completeWebCall(company, webCall);
                }
            });
        } catch (IOException | RuntimeException e) {
            // the spool stays on disk; start-up recovery queues it
            log.error("Could not queue the recording of call {}; its spool is kept", call, e);
        }
    }

    /** A web call's stream has ended: the call is completed now, billed from its answer (the stream's start). */
    private void completeWebCall(TenantId company, String callSid) {
        calls.record(new CallReport(
                company,
                null,
                CallChannel.WEB_PROVIDER,
                callSid,
                "inbound",
                null,
                null,
                null,
                null,
                clock.instant(),
                null,
                CallStatus.COMPLETED,
                null));
    }

    /** Lets the calls that have ended finish their recordings before the database goes. */
    @jakarta.annotation.PreDestroy
    void finishEndings() throws InterruptedException {
        work.shutdown();
        if (!work.awaitTermination(10, TimeUnit.SECONDS)) {
            log.warn("Some live calls had not finished ending at shutdown; their spools are kept");
        }
    }
}
