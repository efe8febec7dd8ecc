package com.caly.recordings;

import com.caly.calls.CallId;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Local, durable storage of call audio while the call runs and until it is uploaded. The raw PCM is written as
 * it arrives and encoded to MP3 at the same time, so the MP3 is ready the moment the call ends.
 */
@Component
public class RecordingSpool {

    private static final Logger log = LoggerFactory.getLogger(RecordingSpool.class);

    private final Path directory;
    private final int bitrateKbps;
    private final java.util.Set<CallId> live = java.util.concurrent.ConcurrentHashMap.newKeySet();

    RecordingSpool(RecordingsProperties properties) throws IOException {
        this.directory = properties.spoolDirectory().toAbsolutePath().normalize();
        this.bitrateKbps = properties.bitrateKbps();
        Files.createDirectories(directory);
    }

    /** Starts recording a call's audio: 16-bit little-endian mono PCM at the given rate. */
    public LiveRecording start(CallId callId, int sampleRate) throws IOException {
        // the rate is in the PCM file's name, so a spool left by a crash can still be encoded
        LiveRecording recording = new LiveRecording(
                callId,
                directory.resolve(callId + "." + sampleRate + ".pcm"),
                directory.resolve(callId + ".mp3"),
                sampleRate);
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

    /** A file in the spool for audio fetched from elsewhere (a provider's recording). */
    Path newFile(CallId callId, String suffix) {
        return directory.resolve(callId + suffix);
    }

    /** One call's audio being written. Not thread-safe: one writer per call. */
    public final class LiveRecording implements AutoCloseable {

        private final CallId callId;
        private final Path pcmFile;
        private final Path mp3File;
        private final int sampleRate;
        private final FileChannel pcmChannel;
        private final OutputStream pcm;
        private final FileChannel mp3Channel;
        private Mp3Encoder.Stream mp3;
        private final TwoWayMixer mixer = new TwoWayMixer();
        private final long startedAtMillis = System.currentTimeMillis();
        private boolean encoding = true;
        private boolean finished;

        private LiveRecording(CallId callId, Path pcmFile, Path mp3File, int sampleRate) throws IOException {
            this.callId = callId;
            this.pcmFile = pcmFile;
            this.mp3File = mp3File;
            this.sampleRate = sampleRate;
            this.pcmChannel = FileChannel.open(
                    pcmFile, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            // a crash of this process loses at most what the buffer holds: a fifth of a second of audio
            this.pcm = new BufferedOutputStream(
                    java.nio.channels.Channels.newOutputStream(pcmChannel), sampleRate * 2 / 5);
            this.mp3Channel = FileChannel.open(
                    mp3File, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            this.mp3 = new Mp3Encoder(bitrateKbps)
                    .open(
                            sampleRate,
                            new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(mp3Channel), 8 * 1024));
        }

        /** The caller's audio, as it arrives; the agent's queued audio is mixed into it. */
        public synchronized void append(byte[] audio, int offset, int length) throws IOException {
            byte[] mixed = java.util.Arrays.copyOfRange(audio, offset, offset + length);
            mixer.caller(mixed, 0, mixed.length);
            write(mixed, 0, mixed.length);
        }

        /** Agent audio as it is played, placed at the wall-clock time {@code playedAtMillis}. */
        public synchronized void agent(byte[] audio, long playedAtMillis) {
            mixer.agent(audio, Math.max(0, playedAtMillis - startedAtMillis) * sampleRate / 1000);
        }

        /** The playback was cleared at the wall-clock time {@code atMillis}: agent audio after it was never heard. */
        public synchronized void cutAgent(long atMillis) {
            mixer.cutAgent(Math.max(0, atMillis - startedAtMillis) * sampleRate / 1000);
        }

        private void write(byte[] audio, int offset, int length) throws IOException {
            pcm.write(audio, offset, length);
            if (encoding) {
                try {
                    mp3.write(audio, offset, length);
                } catch (RuntimeException | IOException e) {
                    // the PCM is the record; the upload worker encodes it instead
                    log.warn("Live MP3 encoding stopped; the recording will be encoded from PCM: {}", e.toString());
                    encoding = false;
                }
            }
        }

        public synchronized void append(byte[] audio) throws IOException {
            append(audio, 0, audio.length);
        }

        /**
         * Ends the recording and forces it to disk. Returns the MP3 when live encoding succeeded (the PCM is then
         * removed by the upload worker), else the PCM.
         */
        public synchronized SpooledAudio finish() throws IOException {
            live.remove(callId);
            if (!finished) {
                byte[] tail = mixer.tail();
                if (tail.length > 0) {
                    write(tail, 0, tail.length);
                }
            }
            finished = true;
            pcm.flush();
            pcmChannel.force(true);
            pcm.close();
            if (encoding) {
                try {
                    mp3.finish();
                    mp3Channel.force(true);
                    mp3.close();
                    return new SpooledAudio(mp3File, SpooledAudio.Format.MP3, sampleRate);
                } catch (RuntimeException | IOException e) {
                    log.warn("Finishing the live MP3 failed; the recording will be encoded from PCM: {}", e.toString());
                }
            }
            closeQuietly();
            Files.deleteIfExists(mp3File);
            return new SpooledAudio(pcmFile, SpooledAudio.Format.PCM_S16LE, sampleRate);
        }

        @Override
        public void close() throws IOException {
            if (!finished) {
                finish();
            }
        }

        private void closeQuietly() {
            try {
                mp3.close();
            } catch (Exception ignored) {
                // already failed once; the PCM is what counts
            }
        }
    }
}
