package com.caly.recordings.s3;

import com.caly.recordings.RecordingKey;
import com.caly.recordings.RecordingStorage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Recordings in an S3-compatible bucket (Wasabi or AWS S3) through the AWS SDK with an endpoint override. Links are
 * SigV4 pre-signed GETs, or plain URLs under an explicitly configured public bucket URL.
 */
public class S3RecordingStorage implements RecordingStorage {

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final @Nullable String publicUrl;
    private final Clock clock;

    public S3RecordingStorage(
            S3Client s3, S3Presigner presigner, String bucket, @Nullable String publicUrl, Clock clock) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
        this.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.replaceAll("/+$", "");
        this.clock = clock;
    }

    @Override
    public void put(RecordingKey key, Path mp3, Map<String, String> metadata) throws IOException {
        try {
            s3.putObject(
                    request -> request.bucket(bucket)
                            .key(key.value())
                            .contentType(CONTENT_TYPE)
                            .metadata(metadata),
                    RequestBody.fromFile(mp3));
        } catch (SdkException e) {
            throw new IOException("upload of " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(RecordingKey key) throws IOException {
        try {
            return s3.getObject(request -> request.bucket(bucket).key(key.value()));
        } catch (NoSuchKeyException e) {
            throw new java.io.FileNotFoundException(key.value());
        } catch (SdkException e) {
            throw new IOException("download of " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Link link(RecordingKey key, Duration validFor) {
        if (publicUrl != null) {
            // an explicitly public bucket: the link does not expire, so say so with a far date
            return new Link(
                    URI.create(publicUrl + "/" + key.value()), clock.instant().plus(Duration.ofDays(36500)));
        }
        var presigned = presigner.presignGetObject(request -> request.signatureDuration(validFor)
                .getObjectRequest(get -> get.bucket(bucket).key(key.value())));
        return new Link(URI.create(presigned.url().toString()), presigned.expiration());
    }

    @Override
    public void delete(RecordingKey key) throws IOException {
        try {
            s3.deleteObject(request -> request.bucket(bucket).key(key.value()));
        } catch (NoSuchKeyException e) {
            // already gone
        } catch (SdkException e) {
            throw new IOException("delete of " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        List<StoredObject> objects = new ArrayList<>();
        try {
            String token = null;
            do {
                ListObjectsV2Request.Builder request =
                        ListObjectsV2Request.builder().bucket(bucket).prefix(prefix);
                if (token != null) {
                    request.continuationToken(token);
                }
                ListObjectsV2Response page = s3.listObjectsV2(request.build());
                for (S3Object object : page.contents()) {
                    objects.add(new StoredObject(object.key(), object.size(), object.lastModified()));
                }
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw new IOException("listing " + prefix + " failed: " + e.getMessage(), e);
        }
        return objects;
    }

    @Override
    public void check() throws IOException {
        try {
            s3.headBucket(request -> request.bucket(bucket));
        } catch (SdkException e) {
            throw new IOException("bucket " + bucket + " is not reachable: " + e.getMessage(), e);
        }
    }

    @Override
    public String kind() {
        return "s3";
    }

    /** Makes objects under {@code recordings/} expire {@code days} after they were written. */
    public void applyExpiryRule(int days) throws IOException {
        LifecycleRule rule = LifecycleRule.builder()
                .id("caly-recordings-expiry")
                .filter(LifecycleRuleFilter.builder().prefix("recordings/").build())
                .expiration(LifecycleExpiration.builder().days(days).build())
                .status(ExpirationStatus.ENABLED)
                .build();
        try {
            s3.putBucketLifecycleConfiguration(request -> request.bucket(bucket)
                    .lifecycleConfiguration(
                            BucketLifecycleConfiguration.builder().rules(rule).build()));
        } catch (SdkException e) {
            throw new IOException("setting the lifecycle rule of " + bucket + " failed: " + e.getMessage(), e);
        }
    }

    /** The expiry in days of the rule set by {@link #applyExpiryRule}, if any. */
    public @Nullable Integer expiryRuleDays() {
        return s3.getBucketLifecycleConfiguration(request -> request.bucket(bucket)).rules().stream()
                .filter(rule -> "caly-recordings-expiry".equals(rule.id()))
                .map(rule -> rule.expiration().days())
                .findFirst()
                .orElse(null);
    }
}
