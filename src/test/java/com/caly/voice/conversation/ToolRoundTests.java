package com.caly.voice.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.shared.live.ManualCallLoop;
import com.caly.voice.realtime.ServerEvents.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ToolRoundTests {

    private final ManualCallLoop loop = new ManualCallLoop();
    private final List<List<ToolCall>> runs = new ArrayList<>();
    private final List<Consumer<ToolRound.Result>> pending = new ArrayList<>();
    private final List<String> done = new ArrayList<>();
    private final ToolRound tools = new ToolRound(
            loop,
            (calls, finished) -> {
                runs.add(calls);
                pending.add(finished);
            },
            2,
            (outputs, ending) -> done.add(outputs.size() + " outputs" + (ending == null ? "" : ", " + ending)));

    @Test
    void runsAResponsesToolsTogetherOnceItCompletedAndHandsTheOutputsBackOnTheLoop() {
        tools.called(new ToolCall("resp_1", "call_1", "lookup_order", "{\"order\":\"A1\"}"));
        tools.called(new ToolCall("resp_1", "call_2", "lookup_order", "{\"order\":\"A2\"}"));
        tools.called(new ToolCall("resp_2", "call_3", "end_call", "{}"));
        assertThat(tools.responseDone("resp_1", true)).isTrue();
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0)).extracting(ToolCall::callId).containsExactly("call_1", "call_2");
        assertThat(tools.running()).isTrue();
        pending.get(0)
                .accept(new ToolRound.Result(
                        List.of(new ToolRound.Output("call_1", "{}"), new ToolRound.Output("call_2", "{}")), null, 0));
        assertThat(done).isEmpty(); // posted to the loop, not run on the tool's thread
        loop.runPending();
        assertThat(done).containsExactly("2 outputs");
        assertThat(tools.running()).isFalse();
    }

    @Test
    void aCancelledResponsesToolsDoNotRun() {
        tools.called(new ToolCall("resp_1", "call_1", "create_return_request", "{}"));
        assertThat(tools.responseDone("resp_1", false)).isFalse();
        assertThat(runs).isEmpty();
    }

    @Test
    void aResultAfterTheCallEndedIsDropped() {
        tools.called(new ToolCall("resp_1", "call_1", "lookup_order", "{}"));
        tools.responseDone("resp_1", true);
        tools.close();
        pending.get(0).accept(new ToolRound.Result(List.of(new ToolRound.Output("call_1", "{}")), null, 0));
        loop.runPending();
        assertThat(done).isEmpty();
    }

    @Test
    void failuresPastTheLimitHandTheCallerToAPerson() {
        tools.called(new ToolCall("resp_1", "call_1", "lookup_order", "{}"));
        tools.responseDone("resp_1", true);
        pending.get(0).accept(new ToolRound.Result(List.of(new ToolRound.Output("call_1", "{}")), null, 1));
        tools.called(new ToolCall("resp_2", "call_2", "lookup_order", "{}"));
        tools.responseDone("resp_2", true);
        pending.get(1).accept(new ToolRound.Result(List.of(new ToolRound.Output("call_2", "{}")), null, 1));
        loop.runPending();
        assertThat(done)
                .containsExactly(
                        "1 outputs", "1 outputs, Ending[reason=escalated: tools failed 2 times, toHuman=true]");
    }
}
