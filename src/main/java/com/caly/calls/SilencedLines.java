package com.caly.calls;

import java.util.List;

/**
 * The stretches of a call's recording to be silenced: the transcript lines from which the company's redaction took
 * something, while its silencing was on. A line's offsets are the whole line's: the transcript has no word times.
 *
 * @param lines in order of their start
 * @param transcriptClosed the conversation has written its last line (and its counts); until then more may come
 */
public record SilencedLines(List<Stretch> lines, boolean transcriptClosed) {

    public SilencedLines {
        lines = List.copyOf(lines);
    }

    /** @param startMs milliseconds from the start of the call's stream, which is where the recording starts */
    public record Stretch(long startMs, long endMs) {}
}
