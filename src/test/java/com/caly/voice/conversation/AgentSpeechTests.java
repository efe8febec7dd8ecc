package com.caly.voice.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentSpeechTests {

    private static final int BYTES_PER_MS = 16; // 8 kHz, 16-bit

    private final List<AgentSpeech.Said> said = new ArrayList<>();
    private final AgentSpeech speech = new AgentSpeech(BYTES_PER_MS, said::add);

    @Test
    void writesALineOnceItsResponseIsDoneAndTheCallerHeardAllOfIt() {
        speech.handed("item_1", "resp_1", 8_000, 500, 1_000);
        speech.wordsDelta("item_1", "Your order ");
        speech.handed("item_1", "resp_1", 8_000, 500, 1_000);
        speech.words("item_1", "Your order ships today.");
        speech.heard(16_000);
        assertThat(said).isEmpty(); // the response may still add to it
        speech.responseFinished("resp_1");
        assertThat(said)
                .containsExactly(new AgentSpeech.Said("Your order ships today.", 1_000, 2_000, false, "resp_1"));
        assertThat(speech.audible()).isFalse();
    }

    @Test
    void aCutKeepsTheShareOfTheWordsHeardAndNamesTheItemAndMillisecondsForTheTruncation() {
        speech.handed("item_1", "resp_1", 16_000, 1_000, 2_000);
        speech.words("item_1", "one two three four five six seven eight");
        speech.heard(3_200);
        AgentSpeech.Cut cut = speech.cut(8_000);
        assertThat(cut).isEqualTo(new AgentSpeech.Cut("item_1", "resp_1", 500));
        assertThat(said).containsExactly(new AgentSpeech.Said("one two three four", 2_000, 2_500, true, "resp_1"));
        assertThat(speech.audible()).isFalse();
        assertThat(speech.handed()).isEqualTo(16_000); // positions go on from what was handed
    }

    @Test
    void theCachedGreetingIsSettledByTheMarksAndIsNeverTruncatedAtTheModel() {
        speech.handedWithWords("greeting", 3_200, "Namaste, how can I help?", 0);
        assertThat(speech.audible()).isTrue();
        assertThat(speech.cut(1_600)).isNull();
        assertThat(said).containsExactly(new AgentSpeech.Said("Namaste, how", 0, 100, true, "greeting"));
    }

    @Test
    void linesAreWrittenInOrderAndLaterPiecesWaitForEarlierOnes() {
        speech.handed("item_1", "resp_1", 1_600, 100, 0);
        speech.words("item_1", "First.");
        speech.handed("item_2", "resp_1", 1_600, 100, 0);
        speech.words("item_2", "Second.");
        speech.responseFinished("resp_1");
        speech.heard(1_600);
        assertThat(said).extracting(AgentSpeech.Said::text).containsExactly("First.");
        speech.heard(3_200);
        assertThat(said).extracting(AgentSpeech.Said::text).containsExactly("First.", "Second.");
    }

    @Test
    void atTheEndOfTheCallWhatWasHeardIsWritten() {
        speech.handed("item_1", "resp_1", 1_600, 100, 0);
        speech.words("item_1", "Goodbye and thank you");
        speech.heard(800);
        speech.close();
        assertThat(said).containsExactly(new AgentSpeech.Said("Goodbye", 0, 50, true, "resp_1"));
    }

    @Test
    void keepsTheHeardShareOfTheWordsCutAtAWord() {
        String said = "We are open from nine to nine every day";
        assertThat(AgentSpeech.heardPart(said, 1.0)).isEqualTo(said);
        assertThat(AgentSpeech.heardPart(said, 0.5)).isEqualTo("We are open from");
        assertThat(AgentSpeech.heardPart(said, 0.0)).isEmpty();
        assertThat(AgentSpeech.heardPart(said, 0.05)).isEmpty();
    }
}
