package com.caly.recordings;

import com.caly.shared.TenantId;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Where recordings are kept: an S3-compatible bucket or the local disk, with the same behaviour. */
public interface RecordingStorage {

    String CONTENT_TYPE = "audio/mpeg";

    /** Stores an MP3 file under the key, replacing what was there; metadata goes with the object. */
    void put(RecordingKey key, Path mp3, Map<String, String> metadata) throws IOException;

    /** Opens the stored bytes; the caller closes the stream. */
    InputStream open(RecordingKey key) throws IOException;

    /** A link that downloads the recording without credentials until {@code expiresAt}. */
    Link link(RecordingKey key, Duration validFor);

    /** Deletes the object; deleting a missing object is not an error. */
    void delete(RecordingKey key) throws IOException;

    /** The objects under a key prefix. */
    List<StoredObject> list(String prefix) throws IOException;

    /** A company's objects whose key date (the call's UTC day) lies in [from, to], both inclusive. */
    default List<StoredObject> list(TenantId companyId, LocalDate from, LocalDate to) throws IOException {
        return list(RecordingKey.companyPrefix(companyId)).stream()
                .filter(object -> {
                    LocalDate day = RecordingKey.dayOf(object.key());
                    return day != null && !day.isBefore(from) && !day.isAfter(to);
                })
                .toList();
    }

    /** How many objects and bytes are stored under a prefix. */
    default Usage usage(String prefix) throws IOException {
        List<StoredObject> objects = list(prefix);
        return new Usage(
                objects.size(), objects.stream().mapToLong(StoredObject::bytes).sum());
    }

    /** Whether the store answers; for health. */
    void check() throws IOException;

    /** A short name for logs and health: "s3" or "local". */
    String kind();

    record Link(URI url, Instant expiresAt) {}

    record StoredObject(String key, long bytes, Instant lastModified) {}

    record Usage(long objects, long bytes) {}
}
