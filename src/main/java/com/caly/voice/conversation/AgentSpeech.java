package com.caly.voice.conversation;

import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * The agent's speech on the line, in bytes of line audio handed over since the call began: how much went to the
 * line, how much the caller is known to have heard (from the line's marks), and each piece of speech with its
 * words. A piece is written to the transcript once the caller heard all of it, or, when it was cut (an
 * interruption, the end of the call), with the share of its words that was heard.
 */
public final class AgentSpeech {

    /** A transcript line of the agent's, ready to be written. */
    public record Said(String text, long startCallMs, long endCallMs, boolean interrupted, String responseId) {}

    public interface Transcript {
        void said(Said line);
    }

    /** One piece of agent speech: one model item, or the cached greeting. */
    static final class Piece {
        final String item;
        final String response;
        final long start;
        final long startCallMs;
        long bytes;
        long modelMs;
        final StringBuilder words = new StringBuilder();
        boolean finished;
        boolean fromModel = true;

        Piece(String item, String response, long start, long startCallMs) {
            this.item = item;
            this.response = response;
            this.start = start;
            this.startCallMs = startCallMs;
        }
    }

    private final int lineBytesPerMs;
    private final Transcript transcript;
    private final Deque<Piece> unsettled = new ArrayDeque<>();
    private @Nullable Piece current;
    private long handed;
    private long heard;

    public AgentSpeech(int lineBytesPerMs, Transcript transcript) {
        this.lineBytesPerMs = lineBytesPerMs;
        this.transcript = transcript;
    }

    /** Audio of a model item went to the line: {@code lineBytes} of line audio, {@code modelMs} of model audio. */
    public void handed(String item, String response, int lineBytes, long modelMs, long callMs) {
        Piece piece = current;
        if (piece == null || !piece.item.equals(item)) {
            piece = new Piece(item, response, handed, callMs);
            unsettled.addLast(piece);
            current = piece;
        }
        piece.bytes += lineBytes;
        piece.modelMs += modelMs;
        handed += lineBytes;
    }

    /** Speech whose words are known already (the greeting played from the cache). */
    public void handedWithWords(String item, int lineBytes, String words, long callMs) {
        handed(item, item, lineBytes, lineBytes / lineBytesPerMs, callMs);
        Piece piece = unsettled.peekLast();
        piece.words.append(words);
        piece.finished = true;
        piece.fromModel = false;
        current = null;
    }

    public void wordsDelta(String item, String delta) {
        if (current != null && current.item.equals(item)) {
            current.words.append(delta);
        }
    }

    /** The item's full words: they replace the deltas, unless the piece was cut already. */
    public void words(String item, String words) {
        for (Piece piece : unsettled) {
            if (piece.item.equals(item)) {
                piece.words.setLength(0);
                piece.words.append(words);
            }
        }
    }

    /** The response will add nothing more to its pieces. */
    public void responseFinished(String response) {
        for (Piece piece : unsettled) {
            if (piece.response.equals(response)) {
                piece.finished = true;
            }
        }
        if (current != null && current.response.equals(response)) {
            current = null;
        }
        settle(false);
    }

    /** The caller has heard up to this position. */
    public void heard(long position) {
        heard = Math.min(handed, Math.max(heard, position));
        settle(false);
    }

    /**
     * The caller stopped hearing the agent at {@code position} for good (an interruption): the pieces heard in part
     * are written with the share heard, and nothing after it will play. Returns the item that was playing and the
     * milliseconds of it heard, for the model's truncation, or null when no model item was cut.
     */
    public @Nullable Cut cut(long position) {
        heard = Math.min(handed, Math.max(heard, position));
        Cut cut = null;
        for (Piece piece : unsettled) {
            long heardBytes = heardOf(piece);
            if (heardBytes < piece.bytes && cut == null && piece.fromModel) {
                cut = new Cut(piece.item, piece.response, Math.min(piece.modelMs, heardBytes / lineBytesPerMs));
            }
        }
        settle(true);
        current = null;
        heard = handed; // what was not heard never will be: nothing is playing now
        return cut;
    }

    /** The item cut and how much of it the caller heard. */
    public record Cut(String item, String response, long heardMs) {}

    /** Agent audio is on its way to the caller or playing. */
    public boolean audible() {
        return heard < handed;
    }

    public long handed() {
        return handed;
    }

    public long heard() {
        return heard;
    }

    /** The call ends: whatever was heard of each piece is written. */
    public void close() {
        settle(true);
    }

    private long heardOf(Piece piece) {
        return Math.max(0, Math.min(piece.bytes, heard - piece.start));
    }

    private void settle(boolean cut) {
        while (!unsettled.isEmpty()) {
            Piece piece = unsettled.peekFirst();
            long heardBytes = heardOf(piece);
            boolean all = piece.finished && heardBytes >= piece.bytes;
            if (!all && !cut) {
                return;
            }
            unsettled.removeFirst();
            String text = piece.words.toString().strip();
            if (!all) {
                text = heardPart(text, piece.bytes == 0 ? 0 : (double) heardBytes / piece.bytes);
            }
            if (!text.isEmpty()) {
                transcript.said(new Said(
                        text,
                        piece.startCallMs,
                        piece.startCallMs + heardBytes / lineBytesPerMs,
                        !all,
                        piece.response));
            }
        }
    }

    /** The words of a line the caller heard this share of, cut at a word boundary. */
    static String heardPart(String text, double share) {
        if (share >= 1) {
            return text;
        }
        int end = (int) Math.floor(text.length() * Math.max(0, share));
        while (end > 0 && end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end--;
        }
        return text.substring(0, end).strip();
    }
}
