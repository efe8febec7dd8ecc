package com.caly.voice.conversation;

import com.caly.shared.live.CallLoop;
import com.caly.voice.realtime.ServerEvents.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The tools a response called: gathered as the model names them, run together once the response is done (off the
 * loop: they reach databases and companies' endpoints), their outputs handed back on the loop. A result that comes
 * after the call ended is dropped. Tool failures are counted: past the company's limit the caller goes to a person.
 */
public final class ToolRound {

    /** How a tool asked the call to end, if it did. */
    public record Ending(String reason, boolean toHuman) {}

    public record Output(String callId, String output) {}

    /** What one round of tools produced. */
    public record Result(List<Output> outputs, @Nullable Ending ending, int failures) {}

    /** Runs tools off the loop; calls {@code done} once, from any thread. */
    public interface Runner {
        void run(List<ToolCall> calls, Consumer<Result> done);
    }

    public interface Listener {
        void toolsDone(List<Output> outputs, @Nullable Ending ending);
    }

    private final CallLoop loop;
    private final Runner runner;
    private final int failureLimit;
    private final Listener listener;
    private final List<ToolCall> called = new ArrayList<>();
    private int running;
    private int failures;
    private boolean closed;

    /** @param failureLimit tool failures in a call that hand the caller to a person (0: never) */
    public ToolRound(CallLoop loop, Runner runner, int failureLimit, Listener listener) {
        this.loop = loop;
        this.runner = runner;
        this.failureLimit = failureLimit;
        this.listener = listener;
    }

    public void called(ToolCall call) {
        called.add(call);
    }

    /**
     * The response is done. Its tools run when it completed (not cancelled, not dropped); returns whether any did
     * start.
     */
    public boolean responseDone(String responseId, boolean completed) {
        List<ToolCall> calls = new ArrayList<>();
        called.removeIf(call -> {
            if (call.responseId().equals(responseId)) {
                calls.add(call);
                return true;
            }
            return false;
        });
        if (!completed || calls.isEmpty() || closed) {
            return false;
        }
        running++;
        runner.run(calls, result -> loop.post(() -> finished(result)));
        return true;
    }

    /** Tools are running: the call's session should not change under them. */
    public boolean running() {
        return running > 0;
    }

    public int failures() {
        return failures;
    }

    public void close() {
        closed = true;
        called.clear();
    }

    private void finished(Result result) {
        running--;
        if (closed) {
            return;
        }
        failures += result.failures();
        Ending ending = result.ending();
        if (ending == null && failureLimit > 0 && failures >= failureLimit && result.failures() > 0) {
            ending = new Ending("escalated: tools failed " + failures + " times", true);
        }
        listener.toolsDone(result.outputs(), ending);
    }
}
