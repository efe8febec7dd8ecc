package com.caly.voice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromptTests {

    @Test
    void keepsTheHeardShareOfTheWordsCutAtAWord() {
        String said = "We are open from nine to nine every day";
        assertThat(Prompt.heardPart(said, 1.0)).isEqualTo(said);
        assertThat(Prompt.heardPart(said, 0.5)).isEqualTo("We are open from");
        assertThat(Prompt.heardPart(said, 0.0)).isEmpty();
        assertThat(Prompt.heardPart(said, 0.05)).isEmpty();
    }
}
