package com.caly.recordings;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** A call's audio, durably on local disk, waiting to be uploaded. */
public record SpooledAudio(
        Path file, Format format, @Nullable Integer sampleRate) {

    public enum Format {
        /** 16-bit signed little-endian mono PCM; encoded to MP3 before upload. */
        PCM_S16LE("pcm_s16le"),
        MP3("mp3");

        final String code;

        Format(String code) {
            this.code = code;
        }

        static Format fromCode(String code) {
            return code.equals("mp3") ? MP3 : PCM_S16LE;
        }
    }

    public SpooledAudio {
        if (format == Format.PCM_S16LE && sampleRate == null) {
            throw new IllegalArgumentException("PCM audio needs its sample rate");
        }
    }
}
