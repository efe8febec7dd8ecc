package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.shared.live.ManualCallLoop;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The agent's playback on a virtual clock, at 8 kHz: 3,200 bytes play 200 ms, 320 bytes 20 ms. */
class AgentPlaybackTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What went to Exotel, with the loop's millisecond it was sent at. */
    private record Message(long sentAt, JsonNode json) {
        String event() {
            return json.path("event").asString();
        }

        byte[] payload() {
            return Base64.getDecoder().decode(json.path("media").path("payload").asString());
        }

        long timestamp() {
            return Long.parseLong(json.path("media").path("timestamp").asString());
        }

        String mark() {
            return json.path("mark").path("name").asString();
        }
    }

    private final ManualCallLoop loop = new ManualCallLoop(1_000);
    private final List<Message> sent = new ArrayList<>();
    private final List<String> recording = new ArrayList<>();

    private AgentPlayback playback(int chunkBytes) {
        StreamSender sender = (json, audioMillis) -> sent.add(new Message(loop.now(), JSON.readTree(json)));
        AgentPlayback.Recorder recorder = new AgentPlayback.Recorder() {
            @Override
            public void played(byte[] pcm, long atMs) {
                recording.add("played " + pcm.length + " at " + (atMs - 1_000));
            }

            @Override
            public void cut(long atMs) {
                recording.add("cut at " + (atMs - 1_000));
            }
        };
        return new AgentPlayback(loop, sender, "S1", 8_000, false, chunkBytes, recorder);
    }

    /** Audio no stretch of which repeats within a call's test: a count, two bytes a sample. */
    private static byte[] speech(int bytes, int from) {
        byte[] pcm = new byte[bytes];
        for (int i = 0; i < bytes / 2; i++) {
            int sample = from / 2 + i + 1;
            pcm[2 * i] = (byte) sample;
            pcm[2 * i + 1] = (byte) (sample >> 8);
        }
        return pcm;
    }

    private static byte[] join(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private List<Message> media() {
        return sent.stream().filter(m -> m.event().equals("media")).toList();
    }

    private List<String> events() {
        return sent.stream().map(Message::event).toList();
    }

    /** The payloads of the media messages from index {@code from} (inclusive) to {@code to} (exclusive), joined. */
    private byte[] payloads(int from, int to) {
        return join(media().subList(from, to).stream().map(Message::payload).toArray(byte[][]::new));
    }

    private long at() {
        return loop.now() - 1_000;
    }

    @Test
    void sendsAtRealTimePaceAtMostLeadAheadAndBackToBack() {
        AgentPlayback playback = playback(3_200);
        byte[] audio = speech(32_000, 0);
        playback.add(audio);
        assertThat(media()).hasSize(1);

        loop.advance(1_000);
        assertThat(media()).hasSize(6);
        loop.advance(5_000);
        assertThat(media()).hasSize(10);
        for (int i = 0; i < 10; i++) {
            Message chunk = media().get(i);
            assertThat(chunk.timestamp())
                    .as("chunk %d plays after the one before", i)
                    .isEqualTo(200L * i);
            // the stream's own clock starts with the playback
            assertThat(chunk.timestamp() + 1_000 - chunk.sentAt())
                    .as("chunk %d is sent ahead of its time by at most the lead", i)
                    .isBetween(0L, AgentPlayback.LEAD_MS);
        }
        assertThat(payloads(0, 10)).isEqualTo(audio);
    }

    @ParameterizedTest
    @ValueSource(ints = {640, 1_600, 3_200})
    void cutsTheAudioIntoChunksOfTheSetSize(int chunkBytes) {
        AgentPlayback playback = playback(chunkBytes);
        byte[] audio = speech(16_000, 0);
        playback.add(audio);
        loop.advance(2_000);
        assertThat(media())
                .hasSize(16_000 / chunkBytes)
                .allSatisfy(m -> assertThat(m.payload()).hasSize(chunkBytes));
        assertThat(payloads(0, media().size())).isEqualTo(audio);
        long playMs = chunkBytes / 16;
        for (int i = 0; i < media().size(); i++) {
            assertThat(media().get(i).timestamp()).isEqualTo(i * playMs);
        }
    }

    @Test
    void aReplysFirstFramesGoAtOnceAndTheTailIsPaddedToWholeFramesOnceTheAgentsAudioPauses() {
        AgentPlayback playback = playback(3_200);
        byte[] first = speech(1_500, 0);
        playback.add(first);
        // the line is quiet: the whole frames go at once, not after a chunk's worth
        assertThat(media()).hasSize(1);
        assertThat(media().get(0).payload()).hasSize(1_280);
        loop.advance(AgentPlayback.TAIL_AFTER_MS - 1);
        assertThat(media()).hasSize(1);
        loop.advance(1);
        assertThat(media()).hasSize(2);
        Message tail = media().get(1);
        assertThat(tail.sentAt() - 1_000).isEqualTo(AgentPlayback.TAIL_AFTER_MS);
        // 1,500 - 1,280 = 220 bytes, padded to one 320-byte frame (not to 3,200)
        assertThat(tail.payload()).hasSize(320);
        assertThat(join(payloads(0, 2))).startsWith(first);
        assertThat(java.util.Arrays.copyOfRange(tail.payload(), 220, 320)).containsOnly(0);
        assertThat(loop.pendingTimers()).isZero();
    }

    @Test
    void halfAChunkOfAModelStreamingInRealTimeGoesWholeAfterTheTailWaitWithoutPadding() {
        AgentPlayback playback = playback(3_200);
        byte[] first = speech(3_200, 0);
        playback.add(first); // one chunk: 200 ms
        loop.advance(100);
        byte[] second = speech(1_600, 3_200); // half a chunk, as a model streaming in real time sends it
        playback.add(second);
        assertThat(media()).hasSize(1);
        loop.advance(AgentPlayback.TAIL_AFTER_MS - 1);
        assertThat(media()).hasSize(1);
        loop.advance(1); // before the first chunk ends: no gap, and no padding in the middle of speech
        assertThat(media()).hasSize(2);
        assertThat(media().get(1).payload()).hasSize(1_600);
        assertThat(join(payloads(0, 2))).isEqualTo(join(first, second));
    }

    @Test
    void padsTheTailToFramesAboveTheMinimumSizeToo() {
        AgentPlayback playback = playback(3_200);
        playback.add(speech(4_000, 0));
        loop.advance(1_000);
        assertThat(media()).extracting(m -> m.payload().length).containsExactly(3_200, 960);
        // the tail waited for the lead as well as for the pause in the agent's audio
        assertThat(media().get(1).sentAt() - 1_000).isEqualTo(200 - AgentPlayback.LEAD_MS);
        assertThat(media().get(1).timestamp()).isEqualTo(200);
    }

    @Test
    void followsEveryChunkWithAMarkOfWhereItEndsAndLearnsWhatWasHeard() {
        AgentPlayback playback = playback(3_200);
        playback.add(speech(8_000, 0));
        loop.advance(1_000);
        assertThat(events()).containsExactly("media", "mark", "media", "mark", "media", "mark");
        List<String> marks = sent.stream()
                .filter(m -> m.event().equals("mark"))
                .map(Message::mark)
                .toList();
        // the tail's mark names where its real audio ends, not its padding
        assertThat(marks).containsExactly("caly-0-3200", "caly-0-6400", "caly-0-8000");
        assertThat(sent.get(0).json().path("stream_sid").asString()).isEqualTo("S1");
        assertThat(sent.get(0).json().path("streamSid").asString()).isEqualTo("S1");
        assertThat(sent.get(0).json().path("media").path("sequenceNumber").asLong())
                .isEqualTo(1);
        assertThat(sent.get(2).json().path("media").path("chunk").asLong()).isEqualTo(2);

        assertThat(playback.markEchoed("caly-0-6400")).hasValue(6_400);
        assertThat(playback.markEchoed("caly-0-3200")).as("never going back").isEmpty();
        assertThat(playback.markEchoed("utt-4")).isEmpty();
        assertThat(playback.markEchoed("caly-0-99999"))
                .as("beyond the audio handed")
                .isEmpty();
        assertThat(playback.heard()).isEqualTo(6_400);
    }

    @Test
    void trustsMarksSentBeforeAClearOnlyAsFarAsTheAudioHadPlayed() {
        AgentPlayback playback = playback(3_200);
        playback.add(speech(16_000, 0));
        loop.advance(250); // chunk 1 (0-200 ms) has played, chunk 2 is playing, chunk 3 not yet sent
        playback.clear();
        assertThat(events()).endsWith("clear");
        assertThat(recording).endsWith("cut at 250");
        int mediaAtClear = media().size();
        loop.advance(2_000);
        assertThat(media()).as("nothing of the cleared audio is sent").hasSize(mediaAtClear);

        assertThat(playback.markEchoed("caly-0-6400"))
                .as("dropped by the clear")
                .isEmpty();
        assertThat(playback.markEchoed("caly-0-3200")).as("had played").hasValue(3_200);

        // the next audio counts on from all that was handed, the dropped part included
        playback.add(speech(3_200, 16_000));
        assertThat(sent.get(sent.size() - 1).mark()).isEqualTo("caly-1-19200");
        assertThat(playback.markEchoed("caly-1-19200")).hasValue(19_200);
    }

    @Test
    void pauseReturnsTheEndOfThePlayingChunkAndClearsTheLineAtOnce() {
        AgentPlayback playback = playback(3_200);
        playback.add(speech(32_000, 0));
        loop.advance(350); // chunk 2 (200-400 ms) is playing; chunk 3 (400-600 ms) was sent at 300
        assertThat(media()).hasSize(3);

        assertThat(playback.pause()).isEqualTo(6_400);
        assertThat(events()).last().isEqualTo("clear");
        assertThat(recording)
                .as("the recording ends where the caller stops hearing: the end of the playing chunk")
                .containsExactly("played 3200 at 0", "played 3200 at 200", "played 3200 at 400", "cut at 400");
        assertThat(playback.pause()).as("a second pause changes nothing").isEqualTo(6_400);

        loop.advance(2_000);
        assertThat(media()).as("nothing is sent while paused").hasSize(3);
        assertThat(loop.pendingTimers()).isZero();
    }

    @Test
    void resumePlaysOnFromTheHeardPositionByteForByte() {
        AgentPlayback playback = playback(3_200);
        byte[] audio = speech(32_000, 0);
        playback.add(audio);
        loop.advance(350);
        playback.pause();
        int dropped = 3; // chunk 3 was sent ahead and dropped by Exotel with the clear
        loop.advance(650);

        playback.resume();
        loop.advance(5_000);
        List<Message> after = media().subList(dropped, media().size());
        assertThat(after.get(0).timestamp()).as("plays at once").isEqualTo(1_000);
        assertThat(after.get(0).sentAt() - 1_000).isEqualTo(1_000);
        // what the caller heard: the two chunks played before the pause, then all that was resumed
        assertThat(join(payloads(0, 2), payloads(dropped, media().size()))).isEqualTo(audio);
        assertThat(sent.stream().filter(m -> m.event().equals("mark")).map(Message::mark))
                .contains("caly-1-9600")
                .last()
                .isEqualTo("caly-1-32000");
        assertThat(recording.subList(4, 6)).containsExactly("played 3200 at 1000", "played 3200 at 1200");
    }

    @Test
    void resumeBeforeThePlayingChunkEndsFollowsIt() {
        AgentPlayback playback = playback(1_600);
        byte[] audio = speech(16_000, 0);
        playback.add(audio);
        loop.advance(150); // chunk 2 (100-200 ms) is playing; chunk 3 (200-300 ms) was sent at 100
        assertThat(playback.pause()).isEqualTo(3_200);
        loop.advance(20);
        playback.resume();

        Message resumed = media().get(3);
        assertThat(resumed.sentAt() - 1_000).isEqualTo(170);
        assertThat(resumed.timestamp())
                .as("right after the chunk Exotel finishes")
                .isEqualTo(200);
        loop.advance(2_000);
        assertThat(join(payloads(0, 2), payloads(3, media().size()))).isEqualTo(audio);
        assertThat(recording).containsSubsequence("cut at 200", "played 1600 at 200", "played 1600 at 300");
    }

    @Test
    void keepsTheAudioHandedWhilePausedAndPlaysItAfterTheRest() {
        AgentPlayback playback = playback(3_200);
        byte[] first = speech(8_000, 0);
        playback.add(first);
        loop.advance(250); // chunk 2 playing, tail (1,600 bytes) not yet sent
        assertThat(playback.pause()).isEqualTo(6_400);
        byte[] second = speech(4_800, 8_000);
        playback.add(second);
        loop.advance(1_000);
        assertThat(media()).hasSize(2);

        playback.resume();
        loop.advance(2_000);
        assertThat(payloads(0, media().size())).isEqualTo(join(first, second));
        assertThat(media()).extracting(m -> m.payload().length).containsExactly(3_200, 3_200, 3_200, 3_200);
    }

    @Test
    void aClearWhilePausedDropsTheKeptAudioAndPlaysWhatComesNext() {
        AgentPlayback playback = playback(3_200);
        byte[] first = speech(16_000, 0);
        playback.add(first);
        loop.advance(250);
        assertThat(playback.pause()).isEqualTo(6_400);
        playback.add(speech(3_200, 16_000));
        playback.clear();
        assertThat(events().stream().filter("clear"::equals))
                .as("Exotel was told at the pause")
                .hasSize(1);
        loop.advance(1_000);
        assertThat(media()).hasSize(2);

        byte[] next = speech(6_400, 19_200);
        playback.add(next);
        loop.advance(1_000);
        assertThat(payloads(2, media().size())).isEqualTo(next);
        assertThat(sent.get(sent.size() - 1).mark()).isEqualTo("caly-1-25600");
        playback.resume();
        assertThat(media()).as("resume after the clear has nothing to play").hasSize(4);
    }

    @Test
    void pauseOnAQuietLineReturnsAllThatWasHanded() {
        AgentPlayback playback = playback(3_200);
        playback.add(speech(4_000, 0));
        loop.advance(2_000);
        recording.clear();
        assertThat(playback.pause()).isEqualTo(4_000);
        assertThat(recording).containsExactly("cut at " + at());
        playback.resume();
        assertThat(media()).hasSize(2);
    }

    @Test
    void pauseDuringAPaddedTailReturnsWhereItsRealAudioEnds() {
        AgentPlayback playback = playback(3_200);
        playback.add(speech(1_000, 0)); // 960 bytes at once, the 40-byte tail as 320 bytes from 80 ms
        loop.advance(AgentPlayback.TAIL_AFTER_MS + 10);
        assertThat(playback.pause()).isEqualTo(1_000);
        assertThat(recording).containsExactly("played 960 at 0", "played 320 at 80", "cut at 100");
    }

    @Test
    void sendsNothingAfterStop() {
        AgentPlayback playback = playback(3_200);
        playback.add(speech(16_000, 0));
        playback.stop();
        playback.add(speech(3_200, 16_000));
        loop.advance(2_000);
        assertThat(media()).hasSize(1);
        assertThat(loop.pendingTimers()).isZero();
    }
}
