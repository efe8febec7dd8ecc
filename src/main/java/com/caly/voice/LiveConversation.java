package com.caly.voice;

import com.caly.calls.HandoffDecision;
import com.caly.shared.live.CallLoop;
import com.caly.telephony.VoiceAgentGateway;
import com.caly.tenants.RedactionSettings;
import com.caly.voice.conversation.AgentSpeech;
import com.caly.voice.conversation.Backchannels;
import com.caly.voice.conversation.CallCounts;
import com.caly.voice.conversation.CallerInput;
import com.caly.voice.conversation.HandOffRecording;
import com.caly.voice.conversation.ModelSession;
import com.caly.voice.conversation.ResponseLifecycle;
import com.caly.voice.conversation.ToolRound;
import com.caly.voice.conversation.TurnLatency;
import com.caly.voice.conversation.TurnTaking;
import com.caly.voice.realtime.ClientEvents;
import com.caly.voice.realtime.ServerEvents;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's conversation with the realtime model, on the call's loop: it wires the parts in
 * {@code voice.conversation} to the line and the model and holds no decisions of its own. The caller's frames,
 * the line's marks, the model's events, timers and tool results all arrive here on the loop, one at a time.
 */
final class LiveConversation
        implements VoiceAgentGateway.Conversation,
                ModelSession.Listener,
                TurnTaking.Decisions,
                ToolRound.Listener,
                AgentSpeech.Transcript {

    private static final Logger log = LoggerFactory.getLogger(LiveConversation.class);
    private static final long END_AFTER_TOOL_MS = 10_000;
    /** Talking through: how long short speech over the agent waits for its words before it counts as a turn. */
    private static final long BACKCHANNEL_WORDS_WAIT_MS = 1_500;
    /** The longest a hand-off's line waits for its escalation and brief to be written before it ends anyway. */
    static final long HANDOFF_RECORD_WAIT_MS = 2_000;

    private record Line(String role, String text) {}

    private final VoiceAgentGateway.CallContext call;
    private final VoiceAgentGateway.Listener line;
    private final AgentSettings agent;
    private final RedactionSettings redaction;
    private final VoiceAgentRuntime runtime;
    private final CallLoop loop;
    private final AudioPath audio;
    private final ModelSession model;
    private final CallerInput input;
    private final TurnTaking turns;
    private final AgentSpeech speech;
    private final ResponseLifecycle responses = new ResponseLifecycle();
    private final ToolRound tools;
    private final TurnLatency latency;
    private final CallCounts counts = new CallCounts();
    private final HandOffRecording handOffs;
    private final @Nullable byte[] cachedGreeting;
    private final List<Line> history = new ArrayList<>();
    private final Map<String, long[]> speechBounds = new HashMap<>();
    private final List<CallLoop.Timer> timers = new ArrayList<>();
    private @Nullable ByteArrayOutputStream greetingAudio;
    private boolean greetingCut;
    private @Nullable String firstAudioOf;
    private long pausedAt = -1;
    private long speechEndedSessionMs;
    private boolean callerSpeaking;
    private ToolRound.@Nullable Ending ending;
    private int transcriptSequence;
    private boolean closed;

    LiveConversation(
            VoiceAgentGateway.CallContext call,
            VoiceAgentGateway.Listener line,
            AgentSettings agent,
            RedactionSettings redaction,
            VoiceAgentRuntime runtime,
            @Nullable byte[] cachedGreeting) {
        this.call = call;
        this.line = line;
        this.agent = agent;
        this.redaction = redaction;
        this.runtime = runtime;
        this.loop = call.loop();
        this.audio = new AudioPath(call.sampleRate());
        this.cachedGreeting = cachedGreeting;
        this.model = new ModelSession(
                loop,
                runtime.opener(loop, agent.model(), why -> counts.malformedEvent()),
                runtime.properties().sessionMaxAge().toMillis(),
                this);
        this.input = new CallerInput(
                loop,
                model,
                audio::toModel,
                audio.lineBytesPerMs(),
                Math.max(500, agent.turnDetection().silenceDurationMs() + 300L));
        AgentSettings.Interruptions interruptions = agent.interruptions();
        this.turns = new TurnTaking(
                loop,
                new TurnTaking.Policy(
                        TurnTaking.Mode.of(interruptions.mode()),
                        runtime.properties().backchannelMaxMs(),
                        interruptions.resumeAfterMs(),
                        interruptions.echoGuardMs(),
                        BACKCHANNEL_WORDS_WAIT_MS),
                new Backchannels(agent.backchannels().values()),
                this);
        this.speech = new AgentSpeech(audio.lineBytesPerMs(), this);
        this.tools = new ToolRound(
                loop,
                runtime.toolRunner(call, agent, redaction),
                agent.handoffRules().afterFailedAttempts(),
                this);
        this.latency = new TurnLatency(loop);
        this.handOffs = new HandOffRecording(loop, HANDOFF_RECORD_WAIT_MS);
    }

    /** Plays the cached greeting, if there is one, and opens the model session. On the loop. */
    void start() {
        if (closed) {
            return;
        }
        if (cachedGreeting != null) {
            byte[] pcm = audio.toLine(cachedGreeting);
            speech.handedWithWords("greeting", pcm.length, agent.greeting(), 0);
            turns.agentTurnStarted();
            line.agentAudio(pcm);
        }
        timers.add(loop.schedule(agent.maxCallSeconds() * 1000L, this::maxLengthReached));
        model.start();
    }

    // ---- the line

    @Override
    public void callerAudio(byte[] pcm) {
        if (closed) {
            return;
        }
        boolean loud = input.frame(pcm);
        turns.callerFrame(loud, agentAudible());
    }

    @Override
    public void dtmf(String digit) {
        if (closed || !model.ready() || !digit.matches("[0-9*#]")) {
            return;
        }
        input.flush();
        model.send(ClientEvents.json(new ClientEvents.ItemCreate(
                ClientEvents.Item.userText("[The caller pressed the key " + digit + " on the phone]"))));
        requestResponse();
    }

    @Override
    public void heard(long agentBytes) {
        if (closed) {
            return;
        }
        speech.heard(agentBytes);
        afterChange();
    }

    // ---- the model session

    @Override
    public String configuration() {
        return ClientEvents.json(new ClientEvents.SessionUpdate(RealtimeSessionConfig.session(agent, audio, runtime)));
    }

    @Override
    public void ready(ModelSession.Start start) {
        input.sessionStarted(model.waitingMs());
        if (start != ModelSession.Start.FIRST) {
            responses.reset();
            history.forEach(said -> model.send(ClientEvents.json(new ClientEvents.ItemCreate(
                    said.role().equals("user")
                            ? ClientEvents.Item.userText(said.text())
                            : ClientEvents.Item.assistantText(said.text())))));
        } else if (cachedGreeting != null) {
            // greeted from the cache: the model should know it already did
            model.send(
                    ClientEvents.json(new ClientEvents.ItemCreate(ClientEvents.Item.assistantText(agent.greeting()))));
        } else if (!agent.greeting().isBlank()) {
            greetingAudio = new ByteArrayOutputStream();
            responses.requestGreeting();
            model.send(ClientEvents.json(new ClientEvents.ResponseCreate(new ClientEvents.ResponseOptions(
                    "Greet the caller with exactly these words: " + agent.greeting(), null))));
        }
        if (responses.takeQueued()) {
            sendCreate();
        }
    }

    @Override
    public void event(ServerEvents.ServerEvent event) {
        if (closed) {
            return;
        }
        if (event instanceof ServerEvents.AudioDelta delta) {
            audioDelta(delta);
        } else if (event instanceof ServerEvents.SpeechStarted started) {
            callerSpeaking = true;
            speechBounds.put(started.itemId(), new long[] {input.callMs(started.audioStartMs()), -1});
            log.debug(
                    "Call {}: speech started ({}), agent audible {}", call.callSid(), started.itemId(), agentAudible());
            turns.speechStarted(started.itemId(), agentAudible());
        } else if (event instanceof ServerEvents.SpeechStopped stopped) {
            speechStopped(stopped);
        } else if (event instanceof ServerEvents.InputTranscribed words) {
            transcribed(words);
        } else if (event instanceof ServerEvents.ResponseCreated created && created.responseId() != null) {
            if (responses.created(created.responseId())) {
                model.send(ClientEvents.json(new ClientEvents.ResponseCancel(created.responseId())));
            }
        } else if (event instanceof ServerEvents.TranscriptDelta delta) {
            if (responses.accepts(delta.responseId())) {
                speech.wordsDelta(delta.itemId(), delta.delta());
            }
        } else if (event instanceof ServerEvents.TranscriptDone done) {
            if (responses.accepts(done.responseId())) {
                speech.words(done.itemId(), done.transcript());
            }
        } else if (event instanceof ServerEvents.ToolCall tool) {
            tools.called(tool);
        } else if (event instanceof ServerEvents.ResponseDone done) {
            responseDone(done);
        } else if (event instanceof ServerEvents.ApiError error) {
            apiError(error);
        } else if (event instanceof ServerEvents.Malformed malformed) {
            counts.malformedEvent();
            log.debug("Call {}: skipped a malformed event from the model ({})", call.callSid(), malformed.why());
        }
    }

    @Override
    public void gaveUp(String why) {
        if (closed) {
            return;
        }
        log.warn(
                "Call {}: the realtime model is unavailable ({}); handing the caller to a person", call.callSid(), why);
        escalate("ai_unavailable", "high", HandoffDecision.MODEL_FAILURE);
        endLine("ai_unavailable", true);
    }

    @Override
    public void renewalReady() {
        afterChange();
    }

    private void audioDelta(ServerEvents.AudioDelta delta) {
        if (!responses.accepts(delta.responseId())) {
            return; // late audio of a cancelled response
        }
        long receivedAt = loop.now();
        byte[] pcm = audio.toLine(delta.audio());
        if (responses.isGreeting(delta.responseId()) && greetingAudio != null) {
            greetingAudio.writeBytes(delta.audio());
        }
        boolean first = !delta.responseId().equals(firstAudioOf);
        speech.handed(
                delta.itemId(),
                delta.responseId(),
                pcm.length,
                audio.modelMillis(delta.audio().length),
                input.callerMs());
        line.agentAudio(pcm);
        if (first) {
            firstAudioOf = delta.responseId();
            turns.agentTurnStarted();
            TurnLatency.Turn turn = latency.audioHanded(receivedAt);
            if (turn != null) {
                runtime.metrics().turn(turn.voiceToVoiceMs(), turn.modelMs(), turn.serverMs());
                runtime.journal()
                        .turn(
                                call.companyId(),
                                call.callId(),
                                turn.number(),
                                turn.speechEndedCallMs(),
                                turn.voiceToVoiceMs(),
                                turn.modelMs(),
                                turn.serverMs());
            }
        }
    }

    private void speechStopped(ServerEvents.SpeechStopped stopped) {
        callerSpeaking = false;
        long[] bounds = speechBounds.computeIfAbsent(
                stopped.itemId(), item -> new long[] {input.callMs(stopped.audioEndMs()), -1});
        bounds[1] = input.callMs(stopped.audioEndMs());
        speechEndedSessionMs = stopped.audioEndMs();
        long spoken = bounds[1] - bounds[0] - agent.turnDetection().prefixPaddingMs();
        log.debug("Call {}: speech stopped ({}) after {} ms", call.callSid(), stopped.itemId(), spoken);
        turns.speechStopped(stopped.itemId(), spoken);
        afterChange();
    }

    private void transcribed(ServerEvents.InputTranscribed said) {
        String words = said.transcript().strip();
        // never the words themselves: logs go where transcripts may not, and they are not redacted
        log.debug("Call {}: the caller said {} characters ({})", call.callSid(), words.length(), said.itemId());
        turns.transcribed(said.itemId(), words);
        if (words.isEmpty()) {
            return;
        }
        long[] bounds = speechBounds.getOrDefault(said.itemId(), new long[] {input.callerMs(), input.callerMs()});
        history.add(new Line("user", words));
        runtime.journal()
                .transcript(
                        call.companyId(),
                        call.callId(),
                        transcriptSequence++,
                        "caller",
                        words,
                        bounds[0],
                        bounds[1] < 0 ? input.callerMs() : bounds[1],
                        false,
                        redaction);
    }

    private void responseDone(ServerEvents.ResponseDone done) {
        counts.usage(done.usage());
        String id = done.responseId() == null ? "" : done.responseId();
        boolean completed = done.completed() && responses.accepts(id);
        if (responses.isGreeting(id) && greetingAudio != null) {
            if (completed && !greetingCut && greetingAudio.size() > 0) {
                byte[] spoken = greetingAudio.toByteArray();
                runtime.background(() -> runtime.greetings()
                        .store(call.companyId(), GreetingCache.fingerprint(agent), audio.formatName(), spoken));
            }
            greetingAudio = null;
        }
        responses.done(id);
        speech.responseFinished(id);
        boolean toolsStarted = tools.responseDone(id, completed);
        if (!toolsStarted && responses.takeQueued()) {
            sendCreate();
        }
        afterChange();
    }

    private void apiError(ServerEvents.ApiError error) {
        String code = error.code() == null ? "" : error.code();
        switch (code) {
            case "conversation_already_has_active_response" -> responses.alreadyActive();
            case "response_cancel_not_active" -> {} // the response ended on its own: nothing to cancel
            default -> log.info("Call {}: the realtime model reported {} ({})", call.callSid(), code, error.message());
        }
    }

    // ---- turn taking's decisions

    @Override
    public void pause() {
        counts.pause();
        pausedAt = line.pause();
        log.debug("Call {}: paused the agent at {} bytes", call.callSid(), pausedAt);
    }

    @Override
    public void resume(boolean backchannel) {
        counts.resume();
        log.debug("Call {}: resumed the agent (backchannel {})", call.callSid(), backchannel);
        pausedAt = -1;
        if (backchannel) {
            counts.backchannel();
        }
        line.resume();
    }

    @Override
    public void interrupt() {
        counts.interruption();
        log.debug("Call {}: the caller interrupted the agent", call.callSid());
        long position = pausedAt >= 0 ? pausedAt : line.pause();
        pausedAt = -1;
        line.clear();
        String cancel = responses.cancel();
        if (cancel != null) {
            model.send(ClientEvents.json(new ClientEvents.ResponseCancel(cancel)));
        }
        AgentSpeech.Cut cut = speech.cut(position);
        if (cut != null) {
            if (responses.isGreeting(cut.response())) {
                greetingCut = true;
            }
            model.send(ClientEvents.json(new ClientEvents.Truncate(cut.item(), cut.heardMs())));
        }
    }

    @Override
    public void ignoredBackchannel() {
        log.debug("Call {}: went on over a backchannel", call.callSid());
        counts.backchannel();
    }

    @Override
    public void respond() {
        input.flush();
        latency.callerTurnEnded(input.arrivalOf(speechEndedSessionMs), input.callMs(speechEndedSessionMs));
        requestResponse();
    }

    // ---- tools

    @Override
    public void toolsDone(List<ToolRound.Output> outputs, ToolRound.@Nullable Ending wanted) {
        if (closed) {
            return;
        }
        for (ToolRound.Output output : outputs) {
            model.send(ClientEvents.json(
                    new ClientEvents.ItemCreate(ClientEvents.Item.functionOutput(output.callId(), output.output()))));
        }
        if (wanted != null) {
            ending = wanted;
            if (wanted.reason().startsWith("escalated: tools failed")) {
                escalate("the agent's tools failed " + tools.failures() + " times", "normal", HandoffDecision.RULE);
            }
            timers.add(loop.schedule(END_AFTER_TOOL_MS, this::endNow));
        }
        requestResponse();
    }

    // ---- the agent's transcript

    @Override
    public void said(AgentSpeech.Said said) {
        history.add(new Line("assistant", said.text()));
        runtime.journal()
                .transcript(
                        call.companyId(),
                        call.callId(),
                        transcriptSequence++,
                        "agent",
                        said.text(),
                        said.startCallMs(),
                        said.endCallMs(),
                        said.interrupted(),
                        redaction);
    }

    // ---- the end

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timers.forEach(CallLoop.Timer::cancel);
        turns.reset();
        speech.close();
        tools.close();
        model.close();
        runtime.journal()
                .finished(
                        call.companyId(),
                        call.callId(),
                        new CallJournal.ConversationStats(
                                counts.interruptions(),
                                counts.backchannels(),
                                counts.inputText(),
                                counts.inputAudio(),
                                counts.inputCached(),
                                counts.outputText(),
                                counts.outputAudio(),
                                model.sessions(),
                                counts.malformed(),
                                counts.pauses(),
                                counts.resumes()));
    }

    private boolean agentAudible() {
        return speech.audible() || responses.busy();
    }

    private void requestResponse() {
        if (responses.request()) {
            sendCreate();
        }
    }

    private void sendCreate() {
        if (!model.send(ClientEvents.json(new ClientEvents.ResponseCreate((ClientEvents.ResponseOptions) null)))) {
            responses.unsent();
            return;
        }
        latency.createSent();
    }

    /** After anything that may end a turn: end the call after a goodbye, or let a renewed session take over. */
    private void afterChange() {
        if (closed) {
            return;
        }
        boolean quiet = !responses.busy() && !speech.audible() && !turns.paused();
        if (ending != null && quiet) {
            endNow();
            return;
        }
        if (quiet && !callerSpeaking && !tools.running()) {
            input.flush(); // to the old session: the new one's offsets start now
            model.quietMoment();
        }
    }

    private void endNow() {
        ToolRound.Ending end = ending;
        if (end == null || closed) {
            return;
        }
        ending = null;
        endLine(end.reason(), end.toHuman());
    }

    private void maxLengthReached() {
        if (closed) {
            return;
        }
        escalate("the call reached its maximum length", "normal", HandoffDecision.MAX_LENGTH);
        endLine("max_call_length", true);
    }

    /**
     * Records an escalation, with its brief, off the loop; decided now on the loop's clock. The line's end waits
     * for it (bounded), so the person's phone rings after the brief exists.
     */
    private void escalate(String reason, String urgency, String source) {
        HandoffDecision decided = HandoffDecision.now(source, loop::now);
        handOffs.recording();
        runtime.background(() -> {
            try {
                runtime.journal().escalation(call.companyId(), call.callId(), reason, urgency, decided);
            } catch (RuntimeException e) {
                log.error("Call {}: could not record the escalation; handing off all the same", call.callSid(), e);
            } finally {
                loop.post(handOffs::recorded);
            }
        });
    }

    /**
     * Ends the line from a task of its own (ending it closes this conversation, which must not happen mid-event),
     * once the hand-off's escalation is recorded.
     */
    private void endLine(String reason, boolean toHuman) {
        handOffs.endWhenRecorded(() -> loop.post(() -> {
            if (!closed) {
                line.end(reason, toHuman);
            }
        }));
    }
}
