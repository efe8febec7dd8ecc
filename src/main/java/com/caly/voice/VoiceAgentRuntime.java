package com.caly.voice;

import com.caly.calls.HandoffDecision;
import com.caly.shared.live.CallLoop;
import com.caly.telephony.VoiceAgentGateway;
import com.caly.tenants.RedactionSettings;
import com.caly.voice.conversation.ModelLink;
import com.caly.voice.conversation.ToolRound;
import com.caly.voice.realtime.RealtimeConnection;
import com.caly.voice.realtime.ServerEvents;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What every conversation shares: connections to the model on the call's own loop, workers for tools, and the
 * feature's services.
 */
@Component
class VoiceAgentRuntime {

    private static final Logger log = LoggerFactory.getLogger(VoiceAgentRuntime.class);

    private final VoiceProperties properties;
    private final GreetingCache greetings;
    private final AgentTools tools;
    private final CallJournal journal;
    private final VoiceMetrics metrics;
    private final ExecutorService workers = Executors.newFixedThreadPool(8, named("voice-tool"));

    VoiceAgentRuntime(
            VoiceProperties properties,
            GreetingCache greetings,
            AgentTools tools,
            CallJournal journal,
            VoiceMetrics metrics) {
        this.properties = properties;
        this.greetings = greetings;
        this.tools = tools;
        this.journal = journal;
        this.metrics = metrics;
    }

    /** Opens the model's sockets for a call on the call's own event loop: its events need no hand-off. */
    ModelLink.Opener opener(CallLoop loop, String model, Consumer<String> malformed) {
        URI url = properties.realtimeUrl(model);
        String key = properties.apiKey();
        return events -> {
            RealtimeConnection connection = RealtimeConnection.open(
                    loop.eventLoop(), url, key, properties.connectTimeout(), new RealtimeConnection.Handler() {
                        @Override
                        public void opened() {
                            events.opened();
                        }

                        @Override
                        public void text(String json) {
                            events.text(json);
                        }

                        @Override
                        public void malformed(String why) {
                            malformed.accept(why);
                        }

                        @Override
                        public void closed(int code, String reason) {
                            events.closed(code, reason);
                        }

                        @Override
                        public void failed(Throwable cause) {
                            events.failed(cause.toString());
                        }
                    });
            return new ModelLink() {
                @Override
                public void send(String json) {
                    connection.send(json);
                }

                @Override
                public void close() {
                    connection.close();
                }
            };
        };
    }

    /** Runs a response's tools on the workers, one after the other, and reports what they produced. */
    ToolRound.Runner toolRunner(VoiceAgentGateway.CallContext call, AgentSettings agent, RedactionSettings redaction) {
        return (calls, done) -> {
            // on the loop: the model's call of escalate_to_human is the hand-off decision its brief is timed from
            HandoffDecision decided = HandoffDecision.now(HandoffDecision.TOOL, call.loop()::now);
            runTools(() -> runRound(call, agent, redaction, calls, done, decided));
        };
    }

    private void runRound(
            VoiceAgentGateway.CallContext call,
            AgentSettings agent,
            RedactionSettings redaction,
            List<ServerEvents.ToolCall> calls,
            Consumer<ToolRound.Result> done,
            HandoffDecision decided) {
        List<ToolRound.Output> outputs = new ArrayList<>();
        ToolRound.Ending wanted = null;
        int failures = 0;
        for (ServerEvents.ToolCall tool : calls) {
            AgentTools.Outcome outcome;
            try {
                outcome = tools.run(
                        call.companyId(),
                        call.callId(),
                        call.from(),
                        agent,
                        tool.name(),
                        tool.arguments(),
                        decided,
                        redaction);
            } catch (RuntimeException e) {
                log.error("Tool {} failed on call {}", tool.name(), call.callSid(), e);
                outcome =
                        new AgentTools.Outcome("{\"error\":\"the tool failed\"}", "error", AgentTools.Effect.NONE, "");
            }
            outputs.add(new ToolRound.Output(tool.callId(), outcome.output()));
            if (outcome.effect() == AgentTools.Effect.HAND_OFF) {
                wanted = new ToolRound.Ending("escalated: " + outcome.reason(), true);
            } else if (outcome.effect() == AgentTools.Effect.END && wanted == null) {
                wanted = new ToolRound.Ending(outcome.reason(), false);
            }
            if (!outcome.status().equals("ok")) {
                failures++;
            }
        }
        done.accept(new ToolRound.Result(outputs, wanted, failures));
    }

    void runTools(Runnable work) {
        workers.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.error("A tool run failed", e);
            }
        });
    }

    void background(Runnable work) {
        runTools(work);
    }

    VoiceProperties properties() {
        return properties;
    }

    GreetingCache greetings() {
        return greetings;
    }

    AgentTools tools() {
        return tools;
    }

    CallJournal journal() {
        return journal;
    }

    VoiceMetrics metrics() {
        return metrics;
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        workers.shutdown();
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
