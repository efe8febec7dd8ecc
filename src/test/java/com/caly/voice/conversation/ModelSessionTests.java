package com.caly.voice.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.shared.live.ManualCallLoop;
import com.caly.voice.realtime.ServerEvents;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model session's connect, retry, renewal and ending, on a virtual clock with scripted connections. */
class ModelSessionTests {

    private static final String UPDATED = "{\"type\":\"session.updated\",\"event_id\":\"e1\",\"session\":{}}";
    private static final String SPEECH =
            "{\"type\":\"input_audio_buffer.speech_started\",\"event_id\":\"e2\",\"audio_start_ms\":10,\"item_id\":\"i1\"}";
    private static final long MAX_AGE = 60_000;

    /** A scripted connection: the test plays the model's side. */
    static final class Link implements ModelLink {
        final ModelLink.Events events;
        final List<String> sent = new ArrayList<>();
        boolean closed;

        Link(ModelLink.Events events) {
            this.events = events;
        }

        @Override
        public void send(String json) {
            sent.add(json);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final ManualCallLoop loop = new ManualCallLoop();
    private final List<Link> links = new ArrayList<>();
    private final List<String> heard = new ArrayList<>();
    private final ModelSession session = new ModelSession(
            loop,
            events -> {
                Link link = new Link(events);
                links.add(link);
                return link;
            },
            MAX_AGE,
            new ModelSession.Listener() {
                @Override
                public String configuration() {
                    return "{\"type\":\"session.update\"}";
                }

                @Override
                public void ready(ModelSession.Start start) {
                    heard.add("ready " + start);
                }

                @Override
                public void event(ServerEvents.ServerEvent event) {
                    heard.add(event.getClass().getSimpleName());
                }

                @Override
                public void gaveUp(String why) {
                    heard.add("gave up: " + why);
                }

                @Override
                public void renewalReady() {
                    heard.add("renewal ready");
                }
            });

    private Link readyLink() {
        session.start();
        Link link = links.get(links.size() - 1);
        link.events.opened();
        link.events.text(UPDATED);
        return link;
    }

    @Test
    void configuresTheSessionAndSendsTheCallerAudioThatWaitedOnceItIsReady() {
        session.start();
        Link link = links.get(0);
        assertThat(session.append("a1", 20)).isFalse();
        link.events.opened();
        assertThat(link.sent).containsExactly("{\"type\":\"session.update\"}");
        assertThat(session.append("a2", 20)).isFalse();
        link.events.text(UPDATED);
        assertThat(heard).containsExactly("ready FIRST");
        assertThat(link.sent).containsExactly("{\"type\":\"session.update\"}", "a1", "a2");
        assertThat(session.append("a3", 20)).isTrue();
        link.events.text(SPEECH);
        assertThat(heard).containsExactly("ready FIRST", "SpeechStarted");
    }

    @Test
    void keepsOnlyTheLastTenSecondsOfAudioWhileConnecting() {
        session.start();
        for (int i = 0; i < 600; i++) {
            session.append("a" + i, 20);
        }
        assertThat(session.waitingMs()).isEqualTo(10_000);
        links.get(0).events.opened();
        links.get(0).events.text(UPDATED);
        assertThat(links.get(0).sent).hasSize(1 + 500).element(1).isEqualTo("a100");
    }

    @Test
    void oneLossOfTheModelIsRetriedAndASecondGivesUp() {
        readyLink().events.closed(1011, "server error");
        assertThat(links).hasSize(2);
        assertThat(session.ready()).isFalse();
        links.get(1).events.opened();
        links.get(1).events.text(UPDATED);
        assertThat(heard).containsExactly("ready FIRST", "ready RECONNECTED");
        links.get(1).events.closed(-1, "reset");
        assertThat(heard).last().isEqualTo("gave up: closed -1 reset");
        assertThat(links).hasSize(2);
    }

    @Test
    void aRefusedConnectIsRetriedOnceThenGivesUp() {
        session.start();
        links.get(0).events.failed("refused");
        links.get(1).events.failed("refused");
        assertThat(heard).containsExactly("gave up: connect failed: refused");
    }

    @Test
    void aHangUpWhileConnectingClosesTheConnectionAndNothingMoreIsReported() {
        session.start();
        session.close();
        assertThat(links.get(0).closed).isTrue();
        links.get(0).events.opened();
        links.get(0).events.text(UPDATED);
        links.get(0).events.closed(1000, "bye");
        assertThat(heard).isEmpty();
        assertThat(links.get(0).sent).isEmpty();
        session.close(); // a second close changes nothing
        assertThat(links).hasSize(1);
    }

    @Test
    void aRenewedSessionTakesOverOnlyAtAQuietMomentAndTheOldOnesLastWordsAreIgnored() {
        Link first = readyLink();
        loop.advance(MAX_AGE);
        assertThat(links).hasSize(2);
        Link renewed = links.get(1);
        renewed.events.opened();
        renewed.events.text(UPDATED);
        renewed.events.text(SPEECH); // its early events are not the call's yet
        first.events.text(SPEECH); // the agent is still speaking on the first
        assertThat(heard).containsExactly("ready FIRST", "renewal ready", "SpeechStarted");
        session.quietMoment();
        assertThat(heard).containsExactly("ready FIRST", "renewal ready", "SpeechStarted", "ready RENEWED");
        assertThat(first.closed).isTrue();
        first.events.text(SPEECH);
        first.events.closed(1000, "closed by us");
        assertThat(heard).hasSize(4);
        assertThat(session.send("x")).isTrue();
        assertThat(renewed.sent).last().isEqualTo("x");
        loop.advance(MAX_AGE);
        assertThat(links).hasSize(3); // and it is renewed in its turn
    }

    @Test
    void aFailedRenewalLeavesTheCurrentSessionRunning() {
        Link first = readyLink();
        loop.advance(MAX_AGE);
        links.get(1).events.failed("refused");
        session.quietMoment();
        assertThat(session.send("x")).isTrue();
        assertThat(first.sent).last().isEqualTo("x");
        assertThat(heard).containsExactly("ready FIRST");
    }

    @Test
    void aCloseDuringARenewalClosesBothConnections() {
        readyLink();
        loop.advance(MAX_AGE);
        session.close();
        assertThat(links).allMatch(link -> link.closed);
        assertThat(loop.pendingTimers()).isZero();
    }
}
