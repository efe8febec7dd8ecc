package com.caly.voice.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.shared.live.ManualCallLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scripted timelines of a caller speaking over the agent, on a virtual clock, with the exact decision times. */
class TurnTakingTests {

    private static final long FRAME = 20;
    private static final Backchannels WORDS =
            new Backchannels(Map.of("hi", List.of("haan", "accha", "हाँ"), "en", List.of("hmm", "ok"))
                    .values());

    private final ManualCallLoop loop = new ManualCallLoop(5_000);
    private final List<String> decisions = new ArrayList<>();
    private boolean agentAudible = true;

    private TurnTaking turns(TurnTaking.Mode mode) {
        return new TurnTaking(
                loop, new TurnTaking.Policy(mode, 500, 700, 200, 1_500), WORDS, new TurnTaking.Decisions() {
                    @Override
                    public void pause() {
                        decisions.add(loop.now() + " pause");
                    }

                    @Override
                    public void resume(boolean backchannel) {
                        decisions.add(loop.now() + (backchannel ? " resume after a backchannel" : " resume"));
                    }

                    @Override
                    public void interrupt() {
                        decisions.add(loop.now() + " interrupt");
                    }

                    @Override
                    public void ignoredBackchannel() {
                        decisions.add(loop.now() + " backchannel ignored");
                    }

                    @Override
                    public void respond() {
                        decisions.add(loop.now() + " respond");
                    }
                });
    }

    /** The caller is loud for {@code ms} from now, one frame every 20 ms, then quiet frames follow. */
    private void speak(TurnTaking turns, long ms) {
        for (long t = 0; t < ms; t += FRAME) {
            turns.callerFrame(true, agentAudible);
            loop.advance(FRAME);
        }
    }

    private void quiet(TurnTaking turns, long ms) {
        for (long t = 0; t < ms; t += FRAME) {
            turns.callerFrame(false, agentAudible);
            loop.advance(FRAME);
        }
    }

    @Test
    void haanOverTheAgentPausesItWithinTheFrameAndResumesWhenTheWordsAreABackchannel() {
        TurnTaking turns = turns(TurnTaking.Mode.PAUSE_RESUME);
        turns.agentTurnStarted();
        loop.advance(1_000);
        turns.callerFrame(true, agentAudible);
        assertThat(decisions).containsExactly("6000 pause"); // within the first loud frame
        loop.advance(FRAME);
        turns.speechStarted("item_1", agentAudible);
        speak(turns, 280);
        turns.speechStopped("item_1", 300);
        quiet(turns, 240);
        turns.transcribed("item_1", "Haan.");
        assertThat(decisions).containsExactly("6000 pause", "6540 resume after a backchannel");
        assertThat(turns.paused()).isFalse();
    }

    @Test
    void hindiBackchannelsInDevanagariAreKnown() {
        TurnTaking turns = turns(TurnTaking.Mode.PAUSE_RESUME);
        loop.advance(1_000);
        speak(turns, 300);
        turns.speechStarted("item_1", agentAudible);
        turns.speechStopped("item_1", 300);
        turns.transcribed("item_1", "हाँ");
        assertThat(decisions).containsExactly("6000 pause", "6300 resume after a backchannel");
    }

    @Test
    void speechThatOutlastsABackchannelInterruptsAtTheBackchannelLimitAndIsAnsweredWhenItStops() {
        TurnTaking turns = turns(TurnTaking.Mode.PAUSE_RESUME);
        loop.advance(1_000);
        turns.callerFrame(true, agentAudible);
        loop.advance(FRAME);
        turns.speechStarted("item_1", agentAudible);
        speak(turns, 580);
        assertThat(decisions).containsExactly("6000 pause", "6500 interrupt");
        agentAudible = false; // the interruption cut the agent
        turns.speechStopped("item_1", 600);
        assertThat(decisions).containsExactly("6000 pause", "6500 interrupt", "6600 respond");
    }

    @Test
    void shortSpeechWithWordsThatAreNotABackchannelInterruptsAndIsAnswered() {
        TurnTaking turns = turns(TurnTaking.Mode.PAUSE_RESUME);
        loop.advance(1_000);
        speak(turns, 400);
        turns.speechStarted("item_1", agentAudible);
        turns.speechStopped("item_1", 400);
        loop.advance(300);
        turns.transcribed("item_1", "wait, no");
        assertThat(decisions).containsExactly("6000 pause", "6700 interrupt", "6700 respond");
    }

    @Test
    void shortSpeechWithNoWordsInTimeResumesAfterTheResumeTime() {
        TurnTaking turns = turns(TurnTaking.Mode.PAUSE_RESUME);
        loop.advance(1_000);
        speak(turns, 300);
        turns.speechStarted("item_1", agentAudible);
        turns.speechStopped("item_1", 300);
        loop.advance(2_000);
        turns.transcribed("item_1", "haan"); // too late: it changes nothing
        assertThat(decisions).containsExactly("6000 pause", "7000 resume");
    }

    @Test
    void aBlipTheModelNeverTakesForSpeechResumesOnceTheLineWasQuietForTheResumeTime() {
        TurnTaking turns = turns(TurnTaking.Mode.PAUSE_RESUME);
        loop.advance(1_000);
        speak(turns, 60);
        quiet(turns, 1_000);
        assertThat(decisions).containsExactly("6000 pause", "6740 resume");
    }

    @Test
    void speechInTheEchoGuardAtTheStartOfTheAgentsTurnIsIgnored() {
        TurnTaking turns = turns(TurnTaking.Mode.PAUSE_RESUME);
        turns.agentTurnStarted();
        speak(turns, 100);
        turns.speechStarted("echo", agentAudible);
        assertThat(decisions).isEmpty();
        loop.advance(100);
        turns.callerFrame(true, agentAudible);
        assertThat(decisions).containsExactly("5200 pause");
    }

    @Test
    void immediateModeInterruptsOnTheFirstLoudFrameAndAnswersWhenTheCallerStops() {
        TurnTaking turns = turns(TurnTaking.Mode.IMMEDIATE);
        loop.advance(1_000);
        turns.callerFrame(true, agentAudible);
        assertThat(decisions).containsExactly("6000 interrupt");
        agentAudible = false;
        speak(turns, 300);
        turns.speechStarted("item_1", agentAudible);
        turns.speechStopped("item_1", 300);
        assertThat(decisions).containsExactly("6000 interrupt", "6300 respond");
    }

    @Test
    void talkThroughGoesOnOverABackchannelAndStopsForLongSpeech() {
        TurnTaking turns = turns(TurnTaking.Mode.TALK_THROUGH);
        loop.advance(1_000);
        turns.speechStarted("item_1", agentAudible);
        speak(turns, 300);
        turns.speechStopped("item_1", 300);
        turns.transcribed("item_1", "hmm ok");
        assertThat(decisions).containsExactly("6300 backchannel ignored");

        quiet(turns, 500);
        turns.speechStarted("item_2", agentAudible);
        speak(turns, 700);
        assertThat(decisions).containsExactly("6300 backchannel ignored", "7300 interrupt");
    }

    @Test
    void talkThroughTakesShortSpeechWhoseWordsNeverComeForATurn() {
        TurnTaking turns = turns(TurnTaking.Mode.TALK_THROUGH);
        loop.advance(1_000);
        turns.speechStarted("item_1", agentAudible);
        speak(turns, 300);
        turns.speechStopped("item_1", 300);
        loop.advance(2_000);
        assertThat(decisions).containsExactly("7800 interrupt", "7800 respond");
    }

    @Test
    void speechWhileTheAgentIsQuietIsAnOrdinaryTurn() {
        agentAudible = false;
        TurnTaking turns = turns(TurnTaking.Mode.PAUSE_RESUME);
        speak(turns, 800);
        turns.speechStarted("item_1", agentAudible);
        turns.speechStopped("item_1", 800);
        assertThat(decisions).containsExactly("5800 respond");
    }

    @Test
    void aBackchannelNearlyAsLongAsTheLimitStillResumes() {
        TurnTaking turns = turns(TurnTaking.Mode.PAUSE_RESUME);
        turns.agentTurnStarted();
        loop.advance(1_000);
        speak(turns, 40);
        turns.speechStarted("item_1", agentAudible);
        speak(turns, 440); // 480 ms of "haan", the last loud frame at 6460
        quiet(turns, 500);
        turns.speechStopped("item_1", 480);
        quiet(turns, 40);
        turns.transcribed("item_1", "haan");
        assertThat(decisions).containsExactly("6000 pause", "7020 resume after a backchannel");
    }

    @Test
    void talkingThroughANearlyLimitLongBackchannelGoesOn() {
        TurnTaking turns = turns(TurnTaking.Mode.TALK_THROUGH);
        turns.agentTurnStarted();
        loop.advance(1_000);
        speak(turns, 100);
        turns.speechStarted("item_1", agentAudible); // the model's VAD, a round trip after the first loud frame
        speak(turns, 380);
        quiet(turns, 500);
        turns.speechStopped("item_1", 480);
        turns.transcribed("item_1", "accha");
        assertThat(decisions).containsExactly("6980 backchannel ignored");
    }

    @Test
    void speechThatBeganBeforeTheAgentSpokeCountsOnlyFromTheAgentsFirstAudibleMoment() {
        TurnTaking turns = turns(TurnTaking.Mode.PAUSE_RESUME);
        loop.advance(1_000);
        agentAudible = false;
        speak(turns, 1_000); // the caller is already talking when the agent's reply starts
        agentAudible = true;
        turns.agentTurnStarted();
        speak(turns, 200); // the echo guard
        assertThat(decisions).isEmpty();
        speak(turns, 520);
        assertThat(decisions).containsExactly("7200 pause", "7700 interrupt");
    }
}
