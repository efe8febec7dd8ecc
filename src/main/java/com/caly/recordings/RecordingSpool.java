package com.caly.recordings;

import com.caly.calls.CallId;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Local, durable storage of call audio while the call runs and until it is uploaded. The raw PCM is written as it
 * arrives, so a call's memory stays small and constant whatever its length.
 */
@Component
public class RecordingSpool {

    private final Path directory;
    private final java.util.Set<CallId> live = java.util.concurrent.ConcurrentHashMap.newKeySet();

    RecordingSpool(RecordingsProperties properties) throws IOException {
        this.directory = properties.spoolDirectory().toAbsolutePath().normalize();
        Files.createDirectories(directory);
    }

    /** Starts recording a call's audio: 16-bit little-endian mono PCM at the given rate. */
    public LiveRecording start(CallId callId, int sampleRate) throws IOException {
        // the rate is in the PCM file's name, so a spool left by a crash can still be encoded
        LiveRecording recording =
                new LiveRecording(callId, directory.resolve(callId + "." + sampleRate + ".pcm"), sampleRate);
        live.add(callId);
        return recording;
    }

    /** Whether this instance is recording the call right now. */
    boolean isLive(CallId callId) {
        return live.contains(callId);
    }

    /** Deletes every spool file of a call that turned out to have nothing worth keeping. */
    public void discard(CallId callId) throws IOException {
        try (var files = Files.newDirectoryStream(directory, callId + ".*")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    Path directory() {
        return directory;
    }

    /**
     * What the spool holds now: audio that is not yet stored anywhere else. {@code oldestWrite} is when the least
     * recently written file was last written (a live call's file is written several times a second), so its age is
     * how long finished audio has waited; null when the spool is empty.
     */
    record Contents(long files, long bytes, @Nullable Instant oldestWrite) {}

    /** Reads the spool directory (a few hundred files at most: one per live call and per upload waiting). */
    Contents contents() throws IOException {
        long files = 0;
        long bytes = 0;
        Instant oldest = null;
        try (var entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue; // uploaded and deleted meanwhile
                }
                if (!attributes.isRegularFile()) {
                    continue;
                }
                files++;
                bytes += attributes.size();
                Instant written = attributes.lastModifiedTime().toInstant();
                if (oldest == null || written.isBefore(oldest)) {
                    oldest = written;
                }
            }
        }
        return new Contents(files, bytes, oldest);
    }

    /** A file in the spool for audio fetched from elsewhere (a provider's recording). */
    Path newFile(CallId callId, String suffix) {
        return directory.resolve(callId + suffix);
    }

    /**
     * One call's audio being written: raw PCM, the agent's audio mixed in. It is encoded to MP3 by the upload
     * worker once the call has ended; an encoder per live call would hold most of a megabyte for the whole call.
     *
     * <p>Not thread-safe, and needs not be: it is used by one thread at a time, the call's loop while the call is
     * live, then the worker the loop hands the ended call to (the hand-off through the executor orders the two).
     */
    public final class LiveRecording implements AutoCloseable {

        private final CallId callId;
        private final Path pcmFile;
        private final int sampleRate;
        private final FileChannel pcmChannel;
        private final OutputStream pcm;
        private final TwoWayMixer mixer = new TwoWayMixer();
        private final long startedAtMillis = System.currentTimeMillis();
        private boolean finished;

        private LiveRecording(CallId callId, Path pcmFile, int sampleRate) throws IOException {
            this.callId = callId;
            this.pcmFile = pcmFile;
            this.sampleRate = sampleRate;
            this.pcmChannel = FileChannel.open(
                    pcmFile, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            // a crash of this process loses at most what the buffer holds: a fifth of a second of audio
            this.pcm = new BufferedOutputStream(
                    java.nio.channels.Channels.newOutputStream(pcmChannel), sampleRate * 2 / 5);
        }

        /** The caller's audio, as it arrives; the agent's queued audio is mixed into it. */
        public void append(byte[] audio, int offset, int length) throws IOException {
            byte[] mixed = java.util.Arrays.copyOfRange(audio, offset, offset + length);
            mixer.caller(mixed, 0, mixed.length);
            pcm.write(mixed, 0, mixed.length);
        }

        public void append(byte[] audio) throws IOException {
            append(audio, 0, audio.length);
        }

        /** Agent audio as it is played, placed at the wall-clock time {@code playedAtMillis}. */
        public void agent(byte[] audio, long playedAtMillis) {
            mixer.agent(audio, Math.max(0, playedAtMillis - startedAtMillis) * sampleRate / 1000);
        }

        /** The playback was cleared at the wall-clock time {@code atMillis}: agent audio after it was never heard. */
        public void cutAgent(long atMillis) {
            mixer.cutAgent(Math.max(0, atMillis - startedAtMillis) * sampleRate / 1000);
        }

        /** Ends the recording, with the agent's last words, and forces it to disk. */
        public SpooledAudio finish() throws IOException {
            live.remove(callId);
            if (!finished) {
                finished = true;
                byte[] tail = mixer.tail();
                pcm.write(tail);
                pcm.flush();
                pcmChannel.force(true);
                pcm.close();
            }
            return new SpooledAudio(pcmFile, SpooledAudio.Format.PCM_S16LE, sampleRate);
        }

        @Override
        public void close() throws IOException {
            finish();
        }
    }
}
