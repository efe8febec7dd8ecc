package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class MediaMessageTests {

    @Test
    void readsMediaWithTheTimestampAsStringOrNumber() {
        String payload = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4});
        MediaMessage asString =
                MediaMessage.parse("{\"event\":\"media\",\"sequence_number\":\"3\",\"stream_sid\":\"s\","
                        + "\"media\":{\"chunk\":\"2\",\"timestamp\":\"40\",\"payload\":\"" + payload + "\"}}");
        MediaMessage asNumber = MediaMessage.parse(
                "{\"event\":\"media\",\"media\":{\"timestamp\":60,\"payload\":\"" + payload + "\"}}");

        assertThat(asString).isInstanceOfSatisfying(MediaMessage.Media.class, media -> {
            assertThat(media.audio()).containsExactly(1, 2, 3, 4);
            assertThat(media.timestampMs()).isEqualTo(40);
        });
        assertThat(asNumber)
                .isInstanceOfSatisfying(
                        MediaMessage.Media.class,
                        media -> assertThat(media.timestampMs()).isEqualTo(60));
    }

    @Test
    void readsAMessageFromItsUtf8BytesAsFromItsText() {
        String payload = Base64.getEncoder().encodeToString(new byte[] {9, 8, 7});
        java.util.List<String> messages = java.util.List.of(
                "{\"event\":\"media\",\"stream_sid\":\"s\",\"media\":{\"timestamp\":\"80\",\"payload\":\"" + payload
                        + "\"}}",
                "{\"event\":\"start\",\"start\":{\"stream_sid\":\"S\",\"call_sid\":\"C\",\"from\":\"अमित\","
                        + "\"media_format\":{\"encoding\":\"audio/x-mulaw\"},"
                        + "\"custom_parameters\":{\"exophone\":\"08012345678\"}}}",
                "{\"event\":\"mark\",\"mark\":{\"name\":\"ü-3\"}}",
                "{\"event\":\"media\",\"media\":{\"payload\":\"%%%\"}}",
                "{\"event\":\"media\"} trailing",
                "[1,2]",
                "not json");
        for (String message : messages) {
            MediaMessage fromBytes = MediaMessage.parse(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            MediaMessage fromText = MediaMessage.parse(message);
            if (fromText instanceof MediaMessage.Media media) {
                assertThat(fromBytes).isInstanceOfSatisfying(MediaMessage.Media.class, bytes -> {
                    assertThat(bytes.audio()).isEqualTo(media.audio());
                    assertThat(bytes.timestampMs()).isEqualTo(media.timestampMs());
                });
            } else {
                assertThat(fromBytes).as(message).isEqualTo(fromText);
            }
        }
        assertThat(MediaMessage.parse(messages.get(1).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MediaMessage.Start.class, start -> {
                    assertThat(start.from()).isEqualTo("अमित");
                    assertThat(start.exophone()).isEqualTo("08012345678");
                    assertThat(start.muLaw()).isTrue();
                });
    }

    @Test
    void readsStartInEitherKeyStyleAndSkipsWhatItDoesNotNeed() {
        MediaMessage snake =
                MediaMessage.parse("{\"event\":\"start\",\"start\":{\"stream_sid\":\"S1\",\"call_sid\":\"C1\","
                        + "\"from\":\"+919800000000\",\"media_format\":{\"encoding\":\"raw/slin\",\"sample_rate\":\"8000\"},"
                        + "\"custom_parameters\":[1,{\"a\":2}]}}");
        MediaMessage camel = MediaMessage.parse(
                "{\"event\":\"start\",\"streamSid\":\"S2\",\"start\":{\"callSid\":\"C2\",\"to\":\"08012345678\"}}");

        assertThat(snake).isEqualTo(new MediaMessage.Start("S1", "C1", "+919800000000", null, null, false));
        assertThat(camel).isEqualTo(new MediaMessage.Start("S2", "C2", null, "08012345678", null, false));
    }

    @Test
    void readsTheFlatStartAndStopOfExotelsRobustnessClient() {
        MediaMessage start = MediaMessage.parse("{\"event\":\"start\",\"stream_sid\":\"S3\",\"call_sid\":\"C3\","
                + "\"account_sid\":\"A3\",\"from\":\"+1111111111\",\"to\":\"+2222222222\","
                + "\"media_format\":{\"encoding\":\"raw/slin\",\"sample_rate\":\"8000\",\"bit_rate\":\"16\"}}");
        MediaMessage stop = MediaMessage.parse("{\"event\":\"stop\",\"call_sid\":\"C3\",\"account_sid\":\"A3\","
                + "\"reason\":\"stopped\",\"sequence_number\":7}");

        assertThat(start).isEqualTo(new MediaMessage.Start("S3", "C3", "+1111111111", "+2222222222", null, false));
        assertThat(stop).isEqualTo(new MediaMessage.Stop("stopped"));
    }

    @Test
    void readsTheEventKeyWithACapitalEAndClosedAsStop() {
        assertThat(MediaMessage.parse("{\"Event\":\"dtmf\",\"dtmf\":{\"digit\":\"4\"}}"))
                .isEqualTo(new MediaMessage.Dtmf("4"));
        assertThat(MediaMessage.parse("{\"Event\":\"Stop\",\"stop\":{\"reason\":\"callended\"}}"))
                .isEqualTo(new MediaMessage.Stop("callended"));
        assertThat(MediaMessage.parse("{\"event\":\"closed\"}")).isEqualTo(new MediaMessage.Stop(null));
    }

    @Test
    void takesAClearFromExotelsSideAsNothingToDoRatherThanAMalformedMessage() {
        assertThat(MediaMessage.parse("{\"event\":\"clear\",\"stream_sid\":\"S\",\"sequence_number\":2}"))
                .isEqualTo(new MediaMessage.Ignored("clear"));
    }

    @Test
    void takesAMissingOrNonNumericTimestampAsUnknown() {
        String payload = Base64.getEncoder().encodeToString(new byte[] {1, 2});
        for (String media : new String[] {
            "{\"payload\":\"" + payload + "\"}",
            "{\"timestamp\":\"soon\",\"payload\":\"" + payload + "\"}",
            "{\"timestamp\":\"12.5\",\"payload\":\"" + payload + "\"}",
            "{\"timestamp\":{\"ms\":3},\"payload\":\"" + payload + "\"}"
        }) {
            assertThat(MediaMessage.parse("{\"event\":\"media\",\"media\":" + media + "}"))
                    .as(media)
                    .isInstanceOfSatisfying(MediaMessage.Media.class, read -> {
                        assertThat(read.timestampMs()).isEqualTo(-1);
                        assertThat(read.audio()).containsExactly(1, 2);
                    });
        }
    }

    @Test
    void switchesToMuLawWhenTheMediaFormatNamesIt() {
        for (String encoding : new String[] {"audio/x-mulaw", "ulaw", "MULAW", "PCMU", "audio/x-mulaw;rate=8000"}) {
            assertThat(startWith(encoding).muLaw()).as(encoding).isTrue();
        }
        for (String encoding : new String[] {"raw/slin", "audio/x-raw", "raw", "linear16"}) {
            assertThat(startWith(encoding).muLaw()).as(encoding).isFalse();
        }
        MediaMessage flat = MediaMessage.parse("{\"event\":\"start\",\"stream_sid\":\"S\",\"call_sid\":\"C\","
                + "\"media_format\":{\"encoding\":\"audio/x-mulaw\"}}");
        assertThat(((MediaMessage.Start) flat).muLaw()).isTrue();
    }

    @Test
    void readsTheExophoneCustomParameterNestedOrFlat() {
        MediaMessage nested = MediaMessage.parse("{\"event\":\"start\",\"start\":{\"stream_sid\":\"S\","
                + "\"call_sid\":\"C\",\"custom_parameters\":{\"exophone\":\"08041234567\",\"other\":\"x\"}}}");
        MediaMessage flat = MediaMessage.parse("{\"event\":\"start\",\"stream_sid\":\"S\",\"call_sid\":\"C\","
                + "\"custom_parameters\":{\"exophone\":\"08041234568\"}}");

        assertThat(((MediaMessage.Start) nested).exophone()).isEqualTo("08041234567");
        assertThat(((MediaMessage.Start) flat).exophone()).isEqualTo("08041234568");
    }

    @Test
    void keepsOnlyTheStopReasonsExotelDefines() {
        assertThat(MediaStreams.stopReason("callended")).isEqualTo("callended");
        assertThat(MediaStreams.stopReason("caller_hangup")).isEqualTo("callended");
        assertThat(MediaStreams.stopReason("stopped")).isEqualTo("stopped");
        assertThat(MediaStreams.stopReason(null)).isEqualTo("stop");
        assertThat(MediaStreams.stopReason("enhanced_test_completed")).isEqualTo("stop");
        assertThat(MediaStreams.stopReason("x".repeat(500))).isEqualTo("stop");
    }

    private static MediaMessage.Start startWith(String encoding) {
        return (MediaMessage.Start) MediaMessage.parse("{\"event\":\"start\",\"start\":{\"stream_sid\":\"S\","
                + "\"call_sid\":\"C\",\"media_format\":{\"encoding\":\"" + encoding + "\"}}}");
    }

    @Test
    void readsMarkDtmfStopAndConnected() {
        assertThat(MediaMessage.parse("{\"event\":\"mark\",\"mark\":{\"name\":\"caly-1-3200\"}}"))
                .isEqualTo(new MediaMessage.Mark("caly-1-3200"));
        assertThat(MediaMessage.parse("{\"event\":\"dtmf\",\"dtmf\":{\"digit\":5}}"))
                .isEqualTo(new MediaMessage.Dtmf("5"));
        assertThat(MediaMessage.parse("{\"event\":\"stop\",\"stop\":{\"reason\":\"callended\"}}"))
                .isEqualTo(new MediaMessage.Stop("callended"));
        assertThat(MediaMessage.parse("{\"event\":\"stop\"}")).isEqualTo(new MediaMessage.Stop(null));
        assertThat(MediaMessage.parse("{\"event\":\"connected\"}")).isInstanceOf(MediaMessage.Connected.class);
    }

    @Test
    void namesWhatIsWrongWithAMessageItCannotRead() {
        assertThat(why("not json")).isEqualTo("not JSON");
        assertThat(why("{\"event\":\"media\"} trailing")).isEqualTo("not JSON");
        assertThat(why("{\"event\":\"media\"")).isEqualTo("not JSON");
        assertThat(why("[1,2]")).isEqualTo("not a JSON object");
        assertThat(why("{\"sequence_number\":1}")).isEqualTo("no event");
        assertThat(why("{\"event\":null}")).isEqualTo("no event");
        assertThat(why("{\"event\":\"media\",\"media\":{\"payload\":\"\"}}")).isEqualTo("media without payload");
        assertThat(why("{\"event\":\"media\",\"media\":{\"payload\":\"***\"}}")).isEqualTo("payload is not base64");
        assertThat(why("{\"event\":\"start\",\"start\":{\"stream_sid\":\"S\"}}"))
                .isEqualTo("start without stream or call id");
        assertThat(why("{\"event\":\"mark\",\"mark\":{}}")).isEqualTo("mark without name");
        assertThat(why("{\"event\":\"dtmf\"}")).isEqualTo("dtmf without digit");
        assertThat(why("{\"event\":\"bogus\"}")).isEqualTo("unknown event bogus");
    }

    @Test
    void aPayloadNestedDeeperThanItsPlaceIsNotTaken() {
        assertThat(why("{\"event\":\"media\",\"media\":{\"inner\":{\"payload\":\"AAAA\"}}}"))
                .isEqualTo("media without payload");
    }

    private static String why(String text) {
        MediaMessage parsed = MediaMessage.parse(text);
        assertThat(parsed).isInstanceOf(MediaMessage.Malformed.class);
        return ((MediaMessage.Malformed) parsed).why();
    }
}
