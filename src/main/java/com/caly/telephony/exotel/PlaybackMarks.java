package com.caly.telephony.exotel;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;

/**
 * The marks that follow the agent's chunks, {@code caly-<generation>-<end>}, and what their echoes prove. Exotel
 * echoes a mark once everything before it has played, so an echo says the caller has heard up to its {@code end}.
 * A clear starts a new generation: a mark sent before it is trusted only as far as the audio had played by the
 * time of the clear, since an echo of audio the clear dropped is no proof it was heard (Exotel may flush marks).
 */
final class PlaybackMarks {

    /** Marks not yet echoed that are remembered; Exotel echoes them in order, so older ones are only history. */
    static final int MAX_UNCONFIRMED = 512;

    private static final String PREFIX = "caly-";

    private record Unconfirmed(long end, long playedBy) {}

    private final Deque<Unconfirmed> unconfirmed = new ArrayDeque<>();
    private long heard;
    private int generation;
    private long clearedBound = Long.MAX_VALUE;

    /** The name of the mark after a chunk ending at {@code end} that has played by {@code playedBy}. */
    String sent(long end, long playedBy) {
        unconfirmed.addLast(new Unconfirmed(end, playedBy));
        if (unconfirmed.size() > MAX_UNCONFIRMED) {
            unconfirmed.removeFirst();
        }
        return PREFIX + generation + "-" + end;
    }

    /** The line was cleared at {@code now}. */
    void cleared(long now) {
        long bound = heard;
        for (Unconfirmed sent : unconfirmed) {
            if (sent.playedBy() <= now) {
                bound = sent.end();
            }
        }
        clearedBound = bound;
        unconfirmed.clear();
        generation++;
    }

    /**
     * Exotel echoed a mark. Returns the position now known to have been heard, when the mark is one of ours and
     * moves that position on (never past {@code handed}, the audio there is).
     */
    OptionalLong echoed(String name, long handed) {
        if (!name.startsWith(PREFIX)) {
            return OptionalLong.empty();
        }
        int dash = name.indexOf('-', PREFIX.length());
        long end;
        int markGeneration;
        try {
            markGeneration = Integer.parseInt(name.substring(PREFIX.length(), dash));
            end = Long.parseLong(name.substring(dash + 1));
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
        boolean trusted = markGeneration == generation || (markGeneration < generation && end <= clearedBound);
        if (!trusted || end <= heard || end > handed) {
            return OptionalLong.empty();
        }
        heard = end;
        while (!unconfirmed.isEmpty() && unconfirmed.peekFirst().end() <= end) {
            unconfirmed.removeFirst();
        }
        return OptionalLong.of(end);
    }

    long heard() {
        return heard;
    }
}
