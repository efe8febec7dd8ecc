package com.caly.voice;

import com.caly.telephony.VoiceAgentGateway;
import com.caly.voice.realtime.ClientEvents;
import com.caly.voice.realtime.RealtimeSocket;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One call's conversation with the realtime model: the caller's audio in, the agent's audio out, and everything in
 * between. The server's automatic interruption is off: speech over the agent is a barge-in only once it is longer
 * than a backchannel or its words are not one ("haan", "hmm"). On a barge-in the playback is cleared, the response
 * cancelled, the item truncated at what the caller heard, and late deltas of that response dropped. Tool calls run
 * after response.done, their outputs go back together, then one response.create; a create while a response is
 * active waits for it. One unexpected close of the model is retried with the conversation carried over; a second,
 * or a refused connection, hands the caller to a person.
 *
 * <p>Events arrive on the telephony thread, the socket's thread, tool workers and timers: all state changes are
 * synchronized on this object, and nothing here blocks on the network.
 */
final class RealtimeConversation implements VoiceAgentGateway.Conversation {

    private static final Logger log = LoggerFactory.getLogger(RealtimeConversation.class);
    private static final int MAX_PENDING_APPEND_MS = 10_000;
    private static final long BATCHED_SILENCE_MS = 100;
    private static final long BACKCHANNEL_TRANSCRIPT_WAIT_MS = 1_500;
    private static final long END_AFTER_TOOL_MS = 10_000;

    private final VoiceAgentGateway.CallContext call;
    private final VoiceAgentGateway.Listener line;
    private final AgentSettings agent;
    private final VoiceAgentRuntime runtime;
    private final AudioPath audio;
    private final Set<String> backchannelWords;

    // the model session: the live one, and the one replacing it near the cap
    private @Nullable RealtimeSocket socket;
    private @Nullable Session live;
    private @Nullable Session renewing;
    private boolean ready;
    private boolean closing;
    private int failures;
    private int sessions;
    private final Deque<PendingAppend> pendingAudio = new ArrayDeque<>();
    private long pendingAudioMs;
    private long sessionAudioStartMs;
    private long sessionAudioMs;
    private final Deque<long[]> appendTimes = new ArrayDeque<>();

    // the caller
    private long callerMs;
    private double noiseFloor;
    private long lastLoudNanos;
    private long lastLoudCallerMs;
    private final HeldAudio held = new HeldAudio();
    private final long quietBeforeBatchingMs;
    private final Map<String, long[]> speech = new HashMap<>();
    private @Nullable String overlappingItem;
    private @Nullable ScheduledFuture<?> overlapCheck;
    private @Nullable String pendingBackchannel;
    private boolean callerTurnOpen;
    private long speechEndedNanos;
    private long speechStoppedNanos;
    private long speechEndedCallMs;

    // the agent
    private long handed;
    private long heard;
    private @Nullable String activeResponse;
    private boolean createQueued;
    private long createSentNanos;
    private boolean awaitingFirstAudio;
    private final Set<String> dropped = new HashSet<>();
    private @Nullable AgentItem current;
    private final List<AgentItem> unsettled = new ArrayList<>();
    private final List<String[]> toolCalls = new ArrayList<>();
    private final List<String[]> history = new ArrayList<>();
    private @Nullable String greetingResponse;
    private @Nullable ByteArrayOutputStream greetingAudio;
    private boolean greetingInterrupted;
    private @Nullable Ending ending;
    private boolean greetedFromCache;
    private boolean renewalReady;
    private boolean callerSpeaking;
    private int failedTools;
    private int transcriptSequence;
    private int turns;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();

    // counts
    private int interruptions;
    private int backchannels;
    private int malformed;
    private long inputText;
    private long inputAudio;
    private long inputCached;
    private long outputText;
    private long outputAudio;

    private record Ending(String reason, boolean toHuman) {}

    /** Caller audio that came before the model session was ready, as its append event. */
    private record PendingAppend(String event, long ms) {}

    /** One realtime socket's events, tagged with the socket they came from. */
    private final class Session implements RealtimeSocket.Handler {
        private @Nullable RealtimeSocket socket;

        @Override
        public void event(JsonNode event) {
            RealtimeConversation.this.event(this, event);
        }

        @Override
        public void malformed(String why) {
            RealtimeConversation.this.malformed(why);
        }

        @Override
        public void closed(int code, String reason) {
            RealtimeConversation.this.closed(this, code, reason);
        }
    }

    /** One piece of agent speech: where its audio starts in what was handed to the line, and how much came. */
    private static final class AgentItem {
        final String id;
        final String response;
        final long start;
        final long startCallMs;
        long bytes;
        long modelBytes;
        final StringBuilder transcript = new StringBuilder();
        boolean cut;

        AgentItem(String id, String response, long start, long startCallMs) {
            this.id = id;
            this.response = response;
            this.start = start;
            this.startCallMs = startCallMs;
        }
    }

    RealtimeConversation(
            VoiceAgentGateway.CallContext call,
            VoiceAgentGateway.Listener line,
            AgentSettings agent,
            VoiceAgentRuntime runtime) {
        this.call = call;
        this.line = line;
        this.agent = agent;
        this.runtime = runtime;
        this.audio = new AudioPath(call.sampleRate());
        this.quietBeforeBatchingMs = Math.max(500, agent.turnDetection().silenceDurationMs() + 300L);
        this.backchannelWords = new HashSet<>();
        agent.backchannels().values().forEach(words -> words.forEach(w -> backchannelWords.add(normalise(w))));
    }

    // ---- start

    /** Plays the greeting from the cache when there is one, and opens the model session. */
    void start() {
        byte[] cached = runtime.greetings()
                .find(call.companyId(), GreetingCache.fingerprint(agent), audio.formatName())
                .orElse(null);
        synchronized (this) {
            if (cached != null) {
                byte[] pcm = audio.toLine(cached);
                line.agentAudio(pcm);
                AgentItem greeting = new AgentItem("greeting", "greeting", handed, 0);
                greeting.bytes = pcm.length;
                greeting.modelBytes = cached.length;
                greeting.transcript.append(agent.greeting());
                handed += pcm.length;
                unsettled.add(greeting);
                history.add(new String[] {"assistant", agent.greeting()});
                greetedFromCache = true;
            }
            timers.add(runtime.timers().schedule(this::maxLengthReached, agent.maxCallSeconds(), TimeUnit.SECONDS));
            timers.add(runtime.timers()
                    .schedule(this::renew, runtime.properties().sessionMaxAge().toMillis(), TimeUnit.MILLISECONDS));
        }
        connect(false);
    }

    private void connect(boolean renewal) {
        Session session = new Session();
        synchronized (this) {
            // events can come before the open completes: they must already count as this session's
            if (renewal) {
                renewing = session;
            } else {
                live = session;
            }
        }
        runtime.connect(agent.model(), session).whenComplete((opened, error) -> {
            synchronized (this) {
                if (error != null) {
                    log.warn("Call {}: the realtime model could not be reached: {}", call.callSid(), error.toString());
                    if (!renewal) {
                        failures++;
                        retryOrGiveUp("connect failed");
                    }
                    return; // a failed renewal leaves the current session to run until its cap
                }
                if (closing) {
                    opened.close();
                    return;
                }
                session.socket = opened;
                sessions++;
                if (!renewal && session == live) {
                    socket = opened;
                    ready = false;
                }
                opened.send(ClientEvents.json(new ClientEvents.SessionUpdate(session())));
            }
        });
    }

    /** One unexpected failure of the model is retried, with the conversation carried over; a second ends it. */
    private void retryOrGiveUp(String why) {
        if (closing) {
            return;
        }
        if (failures > 1) {
            modelFailed(why);
            return;
        }
        runtime.timers().execute(() -> connect(false));
    }

    private ClientEvents.Session session() {
        AgentSettings.TurnDetection turn = agent.turnDetection();
        boolean semantic = turn.type().equals("semantic_vad");
        ClientEvents.TurnDetection detection = new ClientEvents.TurnDetection(
                turn.type(),
                semantic ? null : turn.threshold(),
                semantic ? null : turn.prefixPaddingMs(),
                semantic ? null : turn.silenceDurationMs(),
                semantic ? turn.eagerness() : null,
                false,
                false);
        String language = agent.languages().size() == 1 ? agent.languages().get(0) : null;
        return new ClientEvents.Session(
                "realtime",
                agent.model(),
                Prompt.instructions(agent),
                List.of("audio"),
                new ClientEvents.Audio(
                        new ClientEvents.Input(
                                audio.format(),
                                new ClientEvents.NoiseReduction("near_field"),
                                new ClientEvents.Transcription(
                                        runtime.properties().transcriptionModel(), language),
                                detection),
                        new ClientEvents.Output(audio.format(), agent.voice())),
                runtime.tools().offered(agent),
                "auto");
    }

    // ---- from the line

    @Override
    public synchronized void callerAudio(byte[] pcm) {
        if (closing) {
            return;
        }
        long ms = pcm.length / audio.lineBytesPerMs();
        callerMs += ms;
        if (loud(pcm)) {
            lastLoudCallerMs = callerMs;
        }
        held.add(audio.toModel(pcm), ms);
        if (callerMs - lastLoudCallerMs >= quietBeforeBatchingMs && held.ms() < BATCHED_SILENCE_MS) {
            return;
        }
        sendHeld();
    }

    /**
     * Sends the caller audio held back. Frames go to the model one by one while the caller speaks or might, and
     * in batches of {@link #BATCHED_SILENCE_MS} once the line has been quiet for well longer than the VAD needs
     * to end a turn; a loud frame sends what is held at once, so no speech waits.
     */
    private void sendHeld() {
        if (held.ms() == 0) {
            return;
        }
        long ms = held.ms();
        String encoded = ClientEvents.AudioAppend.json(held.base64AndReset());
        if (ready && socket != null) {
            append(socket, encoded, ms);
        } else {
            pendingAudio.addLast(new PendingAppend(encoded, ms));
            pendingAudioMs += ms;
            while (pendingAudioMs > MAX_PENDING_APPEND_MS) {
                pendingAudioMs -= pendingAudio.removeFirst().ms();
            }
        }
    }

    /**
     * Follows how loud the caller is against the line's own noise: to tell whether speech the model's VAD
     * reported is still going on when a backchannel would have ended, and when silence may be batched.
     */
    private boolean loud(byte[] pcm) {
        double sum = 0;
        for (int i = 0; i + 1 < pcm.length; i += 2) {
            int sample = (short) ((pcm[i] & 0xFF) | (pcm[i + 1] << 8));
            sum += (double) sample * sample;
        }
        double rms = Math.sqrt(sum / Math.max(1, pcm.length / 2));
        noiseFloor = noiseFloor == 0 || rms < noiseFloor ? Math.max(rms, 1) : noiseFloor + (rms - noiseFloor) * 0.002;
        if (rms > Math.max(300, noiseFloor * 4)) {
            lastLoudNanos = System.nanoTime();
            return true;
        }
        return false;
    }

    private void append(RealtimeSocket target, String event, long ms) {
        target.send(event);
        sessionAudioMs += ms;
        appendTimes.addLast(new long[] {sessionAudioMs, System.nanoTime()});
        if (appendTimes.size() > 500) {
            appendTimes.removeFirst();
        }
    }

    @Override
    public synchronized void dtmf(String digit) {
        if (ready && socket != null && digit.matches("[0-9*#]")) {
            sendHeld();
            socket.send(ClientEvents.json(new ClientEvents.ItemCreate(
                    ClientEvents.Item.userText("[The caller pressed the key " + digit + " on the phone]"))));
            requestResponse();
        }
    }

    @Override
    public synchronized void heard(long agentBytes) {
        heard = Math.max(heard, agentBytes);
        settleHeard(false);
        maybeEnd();
        maybeSwap();
    }

    // ---- from the model

    private void event(Session from, JsonNode event) {
        String type = event.path("type").asString("");
        synchronized (this) {
            if (closing) {
                return;
            }
            if (from != live) {
                if (from == renewing && type.equals("session.updated")) {
                    renewalReady = true;
                    maybeSwap();
                }
                return; // the old session's last words, or the new one's early events
            }
            switch (type) {
                case "session.updated" -> sessionUpdated();
                case "input_audio_buffer.speech_started" -> speechStarted(event);
                case "input_audio_buffer.speech_stopped" -> speechStopped(event);
                case "conversation.item.input_audio_transcription.completed" -> transcribed(event);
                case "response.created" -> responseCreated(event);
                case "response.output_audio.delta", "response.audio.delta" -> audioDelta(event);
                case "response.output_audio_transcript.delta", "response.audio_transcript.delta" ->
                    transcriptDelta(event);
                case "response.output_audio_transcript.done", "response.audio_transcript.done" -> transcriptDone(event);
                case "response.function_call_arguments.done" ->
                    toolCalls.add(new String[] {
                        event.path("response_id").asString(""),
                        event.path("call_id").asString(""),
                        event.path("name").asString(""),
                        event.path("arguments").asString("{}")
                    });
                case "response.done" -> responseDone(event.path("response"));
                case "error" -> error(event.path("error"));
                default -> {
                    if (type.isEmpty()) {
                        malformed("event without a type");
                    }
                }
            }
        }
    }

    private synchronized void malformed(String why) {
        malformed++;
        log.debug("Call {}: skipped a malformed event from the model ({})", call.callSid(), why);
    }

    private synchronized void closed(Session from, int code, String reason) {
        if (closing || from != live) {
            return; // ours, or a session already replaced
        }
        log.warn("Call {}: the realtime session closed ({} {})", call.callSid(), code, reason);
        failures++;
        live = null;
        socket = null;
        ready = false;
        activeResponse = null;
        current = null;
        retryOrGiveUp("closed " + code);
    }

    /** A renewed session takes over at a quiet moment: nobody speaking, no response on its way. */
    private void maybeSwap() {
        if (renewalReady && !callerSpeaking && activeResponse == null && !createQueued && heard >= handed) {
            swapToRenewed();
        }
    }

    private void swapToRenewed() {
        renewalReady = false;
        Session next = renewing;
        if (next == null || next.socket == null) {
            return;
        }
        sendHeld(); // to the old session: the new one's offsets start now
        RealtimeSocket old = socket;
        renewing = null;
        live = next;
        socket = next.socket;
        carryOver(socket);
        if (old != null) {
            old.close();
        }
        sessionAudioStartMs = callerMs;
        sessionAudioMs = 0;
        appendTimes.clear();
        ready = true;
        activeResponse = null;
        current = null;
        timers.add(runtime.timers()
                .schedule(this::renew, runtime.properties().sessionMaxAge().toMillis(), TimeUnit.MILLISECONDS));
    }

    private void sessionUpdated() {
        if (ready || socket == null) {
            return;
        }
        ready = true;
        boolean resumed = sessions > 1;
        if (resumed) {
            carryOver(socket);
        }
        sessionAudioStartMs = callerMs - pendingAudioMs;
        sessionAudioMs = 0;
        appendTimes.clear();
        for (PendingAppend waiting : pendingAudio) {
            append(socket, waiting.event(), waiting.ms());
        }
        pendingAudio.clear();
        pendingAudioMs = 0;
        if (resumed) {
            return;
        }
        if (greetedFromCache) {
            // greeted from the cache: the model should know it already did
            socket.send(
                    ClientEvents.json(new ClientEvents.ItemCreate(ClientEvents.Item.assistantText(agent.greeting()))));
        } else if (!agent.greeting().isBlank()) {
            greetingAudio = new ByteArrayOutputStream();
            socket.send(ClientEvents.json(new ClientEvents.ResponseCreate(new ClientEvents.ResponseOptions(
                    "Greet the caller with exactly these words: " + agent.greeting(), null))));
            activeResponse = "pending";
            greetingResponse = "pending";
        }
    }

    private void carryOver(RealtimeSocket target) {
        for (String[] said : history) {
            target.send(ClientEvents.json(new ClientEvents.ItemCreate(
                    said[0].equals("user")
                            ? ClientEvents.Item.userText(said[1])
                            : ClientEvents.Item.assistantText(said[1]))));
        }
    }

    private void speechStarted(JsonNode event) {
        callerSpeaking = true;
        String item = event.path("item_id").asString("");
        speech.put(item, new long[] {callMs(event.path("audio_start_ms").asLong(0)), -1});
        if (agentTalking()) {
            overlappingItem = item;
            cancel(overlapCheck);
            overlapCheck = runtime.timers()
                    .schedule(
                            () -> overlapLasted(item), runtime.properties().backchannelMaxMs(), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void overlapLasted(String item) {
        if (!closing && item.equals(overlappingItem) && System.nanoTime() - lastLoudNanos < 150_000_000L) {
            // still talking after the longest backchannel: a real interruption
            overlappingItem = null;
            bargeIn();
        }
        // otherwise the speech has stopped: speech_stopped and the words decide
    }

    private void speechStopped(JsonNode event) {
        callerSpeaking = false;
        String item = event.path("item_id").asString("");
        long endMs = event.path("audio_end_ms").asLong(sessionAudioMs);
        long[] bounds = speech.computeIfAbsent(item, k -> new long[] {callMs(endMs), -1});
        bounds[1] = callMs(endMs);
        if (item.equals(overlappingItem)) {
            overlappingItem = null;
            cancel(overlapCheck);
            long spokenMs = bounds[1] - bounds[0] - agent.turnDetection().prefixPaddingMs();
            if (spokenMs > runtime.properties().backchannelMaxMs()) {
                bargeIn();
                callerTurnEnded(endMs);
                return;
            }
            // short speech over the agent: its words decide
            pendingBackchannel = item;
            timers.add(runtime.timers()
                    .schedule(() -> noTranscript(item), BACKCHANNEL_TRANSCRIPT_WAIT_MS, TimeUnit.MILLISECONDS));
            return;
        }
        callerTurnEnded(endMs);
    }

    private void callerTurnEnded(long audioEndMs) {
        callerTurnOpen = true;
        speechStoppedNanos = System.nanoTime();
        speechEndedNanos = arrivalOf(audioEndMs);
        speechEndedCallMs = callMs(audioEndMs);
        requestResponse();
    }

    private synchronized void noTranscript(String item) {
        if (!closing && item.equals(pendingBackchannel)) {
            pendingBackchannel = null;
            bargeIn();
            callerTurnEnded(sessionAudioMs);
        }
    }

    private void transcribed(JsonNode event) {
        String item = event.path("item_id").asString("");
        String words = event.path("transcript").asString("").strip();
        long[] bounds = speech.getOrDefault(item, new long[] {callerMs, callerMs});
        boolean backchannel = isBackchannel(words);
        if (item.equals(pendingBackchannel)) {
            pendingBackchannel = null;
            if (backchannel && agentTalking()) {
                backchannels++;
            } else {
                bargeIn();
                callerTurnEnded(sessionAudioMs);
            }
        }
        if (!words.isEmpty()) {
            history.add(new String[] {"user", words});
            runtime.journal()
                    .transcript(
                            call.companyId(),
                            call.callId(),
                            transcriptSequence++,
                            "caller",
                            words,
                            bounds[0],
                            bounds[1] < 0 ? callerMs : bounds[1],
                            false);
        }
    }

    private void responseCreated(JsonNode event) {
        String id = event.path("response").path("id").asString("");
        if ("pending".equals(greetingResponse)) {
            greetingResponse = id;
        }
        activeResponse = id;
    }

    private void audioDelta(JsonNode event) {
        String response = event.path("response_id").asString("");
        if (dropped.contains(response)) {
            return; // late audio of a cancelled response
        }
        byte[] model;
        try {
            model = Base64.getDecoder().decode(event.path("delta").asString(""));
        } catch (IllegalArgumentException e) {
            malformed("audio delta is not base64");
            return;
        }
        String item = event.path("item_id").asString("");
        if (current == null || !current.id.equals(item)) {
            current = new AgentItem(item, response, handed, callerMs);
            unsettled.add(current);
        }
        byte[] pcm = audio.toLine(model);
        current.bytes += pcm.length;
        current.modelBytes += model.length;
        if (response.equals(greetingResponse) && greetingAudio != null) {
            greetingAudio.writeBytes(model);
        }
        long now = System.nanoTime();
        line.agentAudio(pcm);
        handed += pcm.length;
        if (awaitingFirstAudio && callerTurnOpen) {
            awaitingFirstAudio = false;
            callerTurnOpen = false;
            long handedNanos = System.nanoTime();
            long voiceToVoice = (handedNanos - speechEndedNanos) / 1_000_000;
            long modelMs = (now - createSentNanos) / 1_000_000;
            long serverMs = ((createSentNanos - speechStoppedNanos) + (handedNanos - now)) / 1_000_000;
            turns++;
            runtime.metrics().turn(voiceToVoice, modelMs, serverMs);
            runtime.journal()
                    .turn(call.companyId(), call.callId(), turns, speechEndedCallMs, voiceToVoice, modelMs, serverMs);
        }
    }

    private void transcriptDelta(JsonNode event) {
        if (current != null && current.id.equals(event.path("item_id").asString(""))) {
            current.transcript.append(event.path("delta").asString(""));
        }
    }

    private void transcriptDone(JsonNode event) {
        String item = event.path("item_id").asString("");
        for (AgentItem said : unsettled) {
            if (said.id.equals(item) && !said.cut) {
                said.transcript.setLength(0);
                said.transcript.append(event.path("transcript").asString(""));
            }
        }
    }

    private void responseDone(JsonNode response) {
        String id = response.path("id").asString("");
        JsonNode usage = response.path("usage");
        inputText += usage.path("input_token_details").path("text_tokens").asLong(0);
        inputAudio += usage.path("input_token_details").path("audio_tokens").asLong(0);
        inputCached += usage.path("input_token_details").path("cached_tokens").asLong(0);
        outputText += usage.path("output_token_details").path("text_tokens").asLong(0);
        outputAudio += usage.path("output_token_details").path("audio_tokens").asLong(0);
        if (id.equals(activeResponse) || "pending".equals(activeResponse)) {
            activeResponse = null;
        }
        String status = response.path("status").asString("");
        List<String[]> calls = new ArrayList<>();
        toolCalls.removeIf(tool -> {
            if (tool[0].equals(id)) {
                calls.add(tool);
                return true;
            }
            return false;
        });
        if (id.equals(greetingResponse)) {
            if (status.equals("completed")
                    && !greetingInterrupted
                    && greetingAudio != null
                    && greetingAudio.size() > 0) {
                byte[] spoken = greetingAudio.toByteArray();
                runtime.background(() -> runtime.greetings()
                        .store(call.companyId(), GreetingCache.fingerprint(agent), audio.formatName(), spoken));
            }
            greetingAudio = null;
            greetingResponse = null;
        }
        for (AgentItem said : unsettled) {
            if (said.response.equals(id) && said.transcript.length() > 0 && !said.cut) {
                history.add(new String[] {"assistant", said.transcript.toString()});
            }
        }
        if (status.equals("completed") && !dropped.contains(id) && !calls.isEmpty()) {
            runTools(calls);
        } else if (createQueued) {
            createQueued = false;
            sendCreate();
        }
        maybeEnd();
        maybeSwap();
    }

    private void error(JsonNode error) {
        String code = error.path("code").asString("");
        switch (code) {
            case "conversation_already_has_active_response" -> createQueued = true;
            case "response_cancel_not_active" -> {} // the response ended on its own: nothing to cancel
            default ->
                log.info(
                        "Call {}: the realtime model reported {} ({})",
                        call.callSid(),
                        code,
                        error.path("message").asString(""));
        }
    }

    // ---- turns, barge-in, tools

    private boolean agentTalking() {
        return activeResponse != null || heard < handed;
    }

    private void requestResponse() {
        if (activeResponse != null) {
            createQueued = true;
            return;
        }
        sendCreate();
    }

    private void sendCreate() {
        if (socket == null || !ready) {
            createQueued = true;
            return;
        }
        socket.send(ClientEvents.json(new ClientEvents.ResponseCreate((ClientEvents.ResponseOptions) null)));
        activeResponse = "pending";
        createSentNanos = System.nanoTime();
        awaitingFirstAudio = true;
    }

    /** The caller talks over the agent: stop the agent where the caller stopped hearing it. */
    private void bargeIn() {
        if (!agentTalking()) {
            return;
        }
        interruptions++;
        log.debug("Call {}: the caller interrupted the agent", call.callSid());
        line.clear();
        if (activeResponse != null && !"pending".equals(activeResponse)) {
            socket().ifPresent(s -> s.send(ClientEvents.json(new ClientEvents.ResponseCancel(activeResponse))));
            dropped.add(activeResponse);
            if (activeResponse.equals(greetingResponse)) {
                greetingInterrupted = true;
            }
        }
        AgentItem item = current;
        if (item != null && !item.id.equals("greeting")) {
            long heardBytes = Math.max(0, Math.min(item.bytes, heard - item.start));
            long heardMs = Math.min(audio.modelMillis(item.modelBytes), heardBytes / audio.lineBytesPerMs());
            socket().ifPresent(s -> s.send(ClientEvents.json(new ClientEvents.Truncate(item.id, heardMs))));
            dropped.add(item.response);
        }
        settleHeard(true);
        current = null;
        handed = Math.max(handed, heard);
        heard = handed; // nothing more is playing
    }

    private java.util.Optional<RealtimeSocket> socket() {
        return java.util.Optional.ofNullable(ready ? socket : null);
    }

    private void runTools(List<String[]> calls) {
        String caller = call.from();
        runtime.runTools(() -> {
            List<String[]> outputs = new ArrayList<>();
            Ending wanted = null;
            for (String[] tool : calls) {
                AgentTools.Outcome outcome =
                        runtime.tools().run(call.companyId(), call.callId(), caller, agent, tool[2], tool[3]);
                outputs.add(new String[] {tool[1], outcome.output()});
                if (outcome.effect() == AgentTools.Effect.HAND_OFF) {
                    wanted = new Ending("escalated: " + outcome.reason(), true);
                } else if (outcome.effect() == AgentTools.Effect.END && wanted == null) {
                    wanted = new Ending(outcome.reason(), false);
                }
                if (!outcome.status().equals("ok")) {
                    synchronized (this) {
                        failedTools++;
                    }
                }
            }
            Ending end = wanted;
            synchronized (this) {
                if (closing) {
                    return;
                }
                int limit = agent.handoffRules().afterFailedAttempts();
                if (end == null && limit > 0 && failedTools >= limit) {
                    end = new Ending("escalated: tools failed " + failedTools + " times", true);
                    String why = "the agent's tools failed " + failedTools + " times";
                    // off this thread: a failing insert must not keep the outputs from the model
                    runtime.background(
                            () -> runtime.journal().escalation(call.companyId(), call.callId(), why, "normal"));
                }
                RealtimeSocket target = socket;
                if (target == null) {
                    return;
                }
                for (String[] output : outputs) {
                    target.send(ClientEvents.json(
                            new ClientEvents.ItemCreate(ClientEvents.Item.functionOutput(output[0], output[1]))));
                }
                if (end != null) {
                    ending = end;
                    timers.add(runtime.timers().schedule(this::endNow, END_AFTER_TOOL_MS, TimeUnit.MILLISECONDS));
                }
                requestResponse();
            }
        });
    }

    /** After a hand-off or goodbye line: end once it has been said and heard. */
    private void maybeEnd() {
        if (ending != null && activeResponse == null && !createQueued && heard >= handed) {
            endNow();
        }
    }

    private synchronized void endNow() {
        Ending end = ending;
        if (end == null || closing) {
            return;
        }
        ending = null;
        endLine(end.reason(), end.toHuman());
    }

    private synchronized void maxLengthReached() {
        if (!closing) {
            runtime.background(() -> runtime.journal()
                    .escalation(call.companyId(), call.callId(), "the call reached its maximum length", "normal"));
            endLine("max_call_length", true);
        }
    }

    private void modelFailed(String why) {
        if (closing) {
            return;
        }
        log.warn(
                "Call {}: the realtime model is unavailable ({}); handing the caller to a person", call.callSid(), why);
        runtime.background(
                () -> runtime.journal().escalation(call.companyId(), call.callId(), "ai_unavailable", "high"));
        endLine("ai_unavailable", true);
    }

    /**
     * Ends the stream from another thread: ending it closes the telephony session, which takes that session's lock
     * and then this one; calling it while holding this lock could deadlock with the caller's audio coming in.
     */
    private void endLine(String reason, boolean toHuman) {
        runtime.timers().execute(() -> line.end(reason, toHuman));
    }

    private void renew() {
        synchronized (this) {
            if (closing) {
                return;
            }
        }
        connect(true);
    }

    // ---- the end

    @Override
    public void close() {
        RealtimeSocket open;
        RealtimeSocket next;
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            timers.forEach(this::cancel);
            cancel(overlapCheck);
            settleHeard(true);
            open = socket;
            next = renewing == null ? null : renewing.socket;
            socket = null;
            live = null;
            renewing = null;
        }
        if (open != null) {
            open.close();
        }
        if (next != null) {
            next.close();
        }
        runtime.journal()
                .finished(
                        call.companyId(),
                        call.callId(),
                        new CallJournal.ConversationStats(
                                interruptions,
                                backchannels,
                                inputText,
                                inputAudio,
                                inputCached,
                                outputText,
                                outputAudio,
                                sessions,
                                malformed,
                                0,
                                0));
    }

    /**
     * Writes the transcript lines of agent speech the caller has heard all of; with {@code cut}, also the ones
     * heard in part (a barge-in, the end of the call), keeping the share of the words that was heard.
     */
    private void settleHeard(boolean cut) {
        while (!unsettled.isEmpty()) {
            AgentItem item = unsettled.get(0);
            boolean finished = !item.response.equals(activeResponse) || item.id.equals("greeting");
            long heardBytes = Math.max(0, Math.min(item.bytes, heard - item.start));
            boolean all = finished && heardBytes >= item.bytes;
            if (!all && !cut) {
                return;
            }
            unsettled.remove(0);
            String text = item.transcript.toString().strip();
            boolean interrupted = !all;
            if (interrupted) {
                item.cut = true;
                text = Prompt.heardPart(text, item.bytes == 0 ? 0 : (double) heardBytes / item.bytes);
            }
            long start = item.startCallMs;
            runtime.journal()
                    .transcript(
                            call.companyId(),
                            call.callId(),
                            transcriptSequence++,
                            "agent",
                            text,
                            start,
                            start + heardBytes / audio.lineBytesPerMs(),
                            interrupted);
        }
    }

    // ---- helpers

    /** The call's millisecond for a millisecond of this session's input audio. */
    private long callMs(long sessionMs) {
        return sessionAudioStartMs + sessionMs;
    }

    /** When the audio at this session millisecond reached the server (searched from the newest: it is recent). */
    private long arrivalOf(long sessionMs) {
        long arrival = System.nanoTime();
        for (var appends = appendTimes.descendingIterator(); appends.hasNext(); ) {
            long[] append = appends.next();
            if (append[0] < sessionMs) {
                break;
            }
            arrival = append[1];
        }
        return arrival;
    }

    private boolean isBackchannel(String words) {
        String said = normalise(words);
        if (said.isEmpty() || said.split(" ").length > 3) {
            return false;
        }
        if (backchannelWords.contains(said)) {
            return true;
        }
        for (String word : said.split(" ")) {
            if (!backchannelWords.contains(word)) {
                return false;
            }
        }
        return true;
    }

    private static String normalise(String words) {
        return words.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} ]", " ")
                .replaceAll("\\s+", " ")
                .strip();
    }

    private void cancel(@Nullable ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
