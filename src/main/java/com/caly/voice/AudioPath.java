package com.caly.voice;

import com.caly.voice.audio.MuLaw;
import com.caly.voice.audio.Resampler;
import com.caly.voice.realtime.ClientEvents;

/**
 * One call's audio between the phone line and the model. An 8 kHz line goes as G.711 μ-law with no resampling;
 * 16 and 24 kHz lines go as 24 kHz PCM through resamplers that keep their state from chunk to chunk.
 */
final class AudioPath {

    private final int lineRate;
    private final boolean ulaw;
    private final Resampler up;
    private final Resampler down;

    AudioPath(int lineRate) {
        this.lineRate = lineRate;
        this.ulaw = lineRate == 8000;
        this.up = new Resampler(lineRate, 24_000);
        this.down = new Resampler(24_000, lineRate);
    }

    ClientEvents.Format format() {
        return ulaw ? ClientEvents.Format.PCMU : ClientEvents.Format.PCM_24K;
    }

    String formatName() {
        return formatName(lineRate);
    }

    /** The model's audio format on a line of this rate, as the greeting cache names it. */
    static String formatName(int lineRate) {
        return lineRate == 8000 ? "pcmu" : "pcm24k";
    }

    /** The line's PCM as the model's base64 audio. */
    byte[] toModel(byte[] pcm) {
        return ulaw ? MuLaw.fromPcm(pcm) : up.process(pcm);
    }

    /** The model's audio bytes (decoded from base64) as the line's PCM. */
    byte[] toLine(byte[] model) {
        return ulaw ? MuLaw.toPcm(model) : down.process(model);
    }

    /** Bytes of the line's 16-bit PCM per millisecond. */
    int lineBytesPerMs() {
        return lineRate * 2 / 1000;
    }

    /** Milliseconds of model audio in so many bytes of it. */
    long modelMillis(long modelBytes) {
        return ulaw ? modelBytes / 8 : modelBytes / 48;
    }
}
