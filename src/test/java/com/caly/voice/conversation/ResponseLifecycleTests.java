package com.caly.voice.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResponseLifecycleTests {

    private final ResponseLifecycle responses = new ResponseLifecycle();

    @Test
    void aCreateWhileOneIsOnItsWayWaitsForItsEnd() {
        assertThat(responses.request()).isTrue();
        assertThat(responses.request()).isFalse();
        responses.created("resp_1");
        assertThat(responses.takeQueued()).isFalse();
        responses.done("resp_1");
        assertThat(responses.takeQueued()).isTrue();
        assertThat(responses.busy()).isTrue();
    }

    @Test
    void aCancelledResponsesLateEventsAreDropped() {
        responses.request();
        responses.created("resp_1");
        assertThat(responses.cancel()).isEqualTo("resp_1");
        assertThat(responses.accepts("resp_1")).isFalse();
        assertThat(responses.cancel()).isNull(); // once
        responses.done("resp_1");
        assertThat(responses.busy()).isFalse();
    }

    @Test
    void aResponseAnInterruptionOvertookIsCancelledAsSoonAsTheModelNamesIt() {
        responses.request();
        assertThat(responses.cancel()).isNull();
        assertThat(responses.created("resp_2")).isTrue();
        assertThat(responses.accepts("resp_2")).isFalse();
    }

    @Test
    void theModelsActiveResponseErrorQueuesTheCreate() {
        responses.request();
        responses.alreadyActive();
        responses.done("resp_other");
        assertThat(responses.takeQueued()).isTrue();
    }

    @Test
    void aCreateThatCouldNotBeSentWaitsForTheSession() {
        responses.request();
        responses.unsent();
        assertThat(responses.busy()).isTrue();
        assertThat(responses.takeQueued()).isTrue();
    }

    @Test
    void theGreetingIsTheFirstResponseNamedAfterItsCreate() {
        responses.requestGreeting();
        responses.created("resp_g");
        assertThat(responses.isGreeting("resp_g")).isTrue();
        responses.done("resp_g");
        assertThat(responses.isGreeting("resp_g")).isFalse();
    }

    @Test
    void aSessionChangeForgetsWhatWasOnItsWay() {
        responses.request();
        responses.created("resp_1");
        responses.reset();
        assertThat(responses.busy()).isFalse();
        assertThat(responses.request()).isTrue();
    }
}
