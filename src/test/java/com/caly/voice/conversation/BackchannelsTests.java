package com.caly.voice.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BackchannelsTests {

    private final Backchannels words =
            new Backchannels(List.of(List.of("haan", "accha", "हाँ", "जी"), List.of("hmm", "ok", "uh huh")));

    @Test
    void knowsShortUtterancesOfBackchannelWordsInAnyCaseAndPunctuation() {
        assertThat(words.isBackchannel("Haan.")).isTrue();
        assertThat(words.isBackchannel("hmm, ok")).isTrue();
        assertThat(words.isBackchannel("uh huh")).isTrue();
        assertThat(words.isBackchannel("हाँ जी")).isTrue();
    }

    @Test
    void aSentenceOrAnotherWordIsNotOne() {
        assertThat(words.isBackchannel("haan but my order is late")).isFalse();
        assertThat(words.isBackchannel("no")).isFalse();
        assertThat(words.isBackchannel("हा")).isFalse(); // the mark matters: not the word listed
        assertThat(words.isBackchannel("   ")).isFalse();
        assertThat(words.isBackchannel("haan haan haan haan")).isFalse();
    }
}
