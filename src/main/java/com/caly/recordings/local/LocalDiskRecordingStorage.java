package com.caly.recordings.local;

import com.caly.recordings.RecordingKey;
import com.caly.recordings.RecordingStorage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Recordings on the local disk, for single-machine installations and development. Writes are atomic (a temporary
 * file moved into place); links point at this service, which checks their HMAC signature and expiry.
 */
public class LocalDiskRecordingStorage implements RecordingStorage {

    public static final String DOWNLOAD_PATH = "/recordings/download";

    private final Path root;
    private final RecordingLinkSigner signer;
    private final Clock clock;

    public LocalDiskRecordingStorage(Path root, RecordingLinkSigner signer, Clock clock) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.signer = signer;
        this.clock = clock;
        Files.createDirectories(this.root);
    }

    @Override
    public void put(RecordingKey key, Path mp3, Map<String, String> metadata) throws IOException {
        Path target = resolve(key.value());
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
        try {
            Files.copy(mp3, temporary, StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public InputStream open(RecordingKey key) throws IOException {
        Path file = resolve(key.value());
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException(key.value());
        }
        return Files.newInputStream(file);
    }

    @Override
    public Link link(RecordingKey key, Duration validFor) {
        Instant expiresAt =
                clock.instant().plus(validFor).plusMillis(999).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String url = DOWNLOAD_PATH + "?key=" + URLEncoder.encode(key.value(), StandardCharsets.UTF_8)
                + "&expires=" + expiresAt.getEpochSecond()
                + "&signature=" + signer.sign(key.value(), expiresAt);
        return new Link(URI.create(url), expiresAt);
    }

    @Override
    public void delete(RecordingKey key) throws IOException {
        try {
            Files.deleteIfExists(resolve(key.value()));
        } catch (NoSuchFileException e) {
            // already gone
        }
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith("."))
                    .map(file -> root.relativize(file).toString().replace('\\', '/'))
                    .filter(key -> key.startsWith(prefix))
                    .sorted()
                    .map(key -> {
                        Path file = root.resolve(key);
                        try {
                            return new StoredObject(
                                    key,
                                    Files.size(file),
                                    Files.getLastModifiedTime(file).toInstant());
                        } catch (IOException e) {
                            return null;
                        }
                    })
                    .filter(java.util.Objects::nonNull)
                    .toList();
        }
    }

    @Override
    public void check() throws IOException {
        if (!Files.isDirectory(root) || !Files.isWritable(root)) {
            throw new IOException("recording directory " + root + " is not writable");
        }
    }

    @Override
    public String kind() {
        return "local";
    }

    /** The file of a key; a key that would leave the recordings directory is refused. */
    Path resolve(String key) throws IOException {
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IOException("invalid key");
        }
        return file;
    }
}
