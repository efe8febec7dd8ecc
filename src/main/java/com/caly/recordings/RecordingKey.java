package com.caly.recordings;

import com.caly.shared.TenantId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;
import java.util.regex.Pattern;

/** The object key of a recording: {@code recordings/{companyId}/{yyyy}/{mm}/{dd}/{callId}.mp3}, dated in UTC. */
public record RecordingKey(String value) {

    private static final Pattern SHAPE =
            Pattern.compile("recordings/[0-9a-f-]{36}/\\d{4}/\\d{2}/\\d{2}/[0-9a-f-]{36}\\.mp3");

    private static final Pattern DAY =
            Pattern.compile("recordings/[0-9a-f-]{36}/(\\d{4})/(\\d{2})/(\\d{2})/[0-9a-f-]{36}\\.mp3");

    public RecordingKey {
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a recording key: " + value);
        }
    }

    public static RecordingKey of(TenantId companyId, UUID callId, Instant callStartedAt) {
        ZonedDateTime day = callStartedAt.atZone(ZoneOffset.UTC);
        return new RecordingKey("recordings/%s/%04d/%02d/%02d/%s.mp3"
                .formatted(companyId, day.getYear(), day.getMonthValue(), day.getDayOfMonth(), callId));
    }

    /** Reads a stored reference: a bare key or an {@code s3://bucket/key} URI. */
    public static RecordingKey fromReference(String reference) {
        if (reference.startsWith("s3://")) {
            int slash = reference.indexOf('/', "s3://".length());
            return new RecordingKey(reference.substring(slash + 1));
        }
        return new RecordingKey(reference);
    }

    /** The UTC day in a recording key, or null when the key is not one. */
    static java.time.@org.jspecify.annotations.Nullable LocalDate dayOf(String key) {
        java.util.regex.Matcher matcher = DAY.matcher(key);
        return matcher.matches()
                ? java.time.LocalDate.of(
                        Integer.parseInt(matcher.group(1)),
                        Integer.parseInt(matcher.group(2)),
                        Integer.parseInt(matcher.group(3)))
                : null;
    }

    /** The key prefix of one company's recordings. */
    public static String companyPrefix(TenantId companyId) {
        return "recordings/" + companyId + "/";
    }

    @Override
    public String toString() {
        return value;
    }
}
