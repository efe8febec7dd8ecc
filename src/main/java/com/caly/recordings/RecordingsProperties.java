package com.caly.recordings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where recordings go and how they get there.
 *
 * @param wasabi the S3-compatible bucket, used when {@code enabled} (WASABI_*)
 * @param linkSecret signs the download links of locally stored recordings (SESSION_SECRET)
 * @param localDirectory where recordings are kept when Wasabi is off
 * @param spoolDirectory where call audio waits, durably, until it is uploaded
 * @param spoolQuiet how long a spool file must go unwritten before it counts as left behind by a crash (a live
 *     call writes its spool several times a second; instances that share a spool directory see each other's
 *     files)
 * @param linkTtl how long a download link works by default
 * @param bitrateKbps MP3 bit rate (constant); at most 64, the highest LAME encodes at 8 kHz
 * @param upload the upload queue
 * @param maxRangeDays the longest date range the list endpoint accepts
 * @param pricing prices for the storage cost estimate
 * @param providerFetch how a telephony provider's recording is fetched
 */
@Validated
@ConfigurationProperties("app.recordings")
public record RecordingsProperties(
        @Valid @NotNull Wasabi wasabi,

        @NotNull @jakarta.validation.constraints.Size(min = 32)
        String linkSecret,

        @NotNull Path localDirectory,
        @NotNull Path spoolDirectory,
        @NotNull Duration spoolQuiet,
        @NotNull Duration linkTtl,
        @Min(8) @Max(64) int bitrateKbps,
        @Valid @NotNull Upload upload,
        @Min(1) @Max(3660) int maxRangeDays,
        @Valid @NotNull Pricing pricing,
        @Valid @NotNull ProviderFetch providerFetch) {

    static final Duration MAX_LINK_TTL = Duration.ofDays(7);

    @AssertTrue(message = "link-ttl must be between 1 second and 7 days")
    boolean isLinkTtlValid() {
        return linkTtl == null || (!linkTtl.isNegative() && !linkTtl.isZero() && linkTtl.compareTo(MAX_LINK_TTL) <= 0);
    }

    /**
     * @param enabled store recordings in the bucket (WASABI_ENABLED)
     * @param endpoint e.g. https://s3.ap-southeast-1.wasabisys.com, or an AWS S3 endpoint
     * @param pathStyle address the bucket in the path (safe with an endpoint override) rather than the host name
     * @param publicUrl base URL of an explicitly public bucket; links then point there instead of being signed
     */
    public record Wasabi(
            boolean enabled,
            @Nullable String endpoint,
            @Nullable String region,
            @Nullable String bucket,
            @Nullable String accessKeyId,
            @Nullable String secretAccessKey,
            boolean pathStyle,
            @Nullable String publicUrl) {

        @Override
        public String toString() {
            return "Wasabi[enabled=" + enabled + ", endpoint=" + endpoint + ", bucket=" + bucket + "]";
        }
    }

    /**
     * @param workers uploads running at once in this instance
     * @param pollInterval how often the queue is checked for due jobs (new jobs of this instance start at once)
     * @param maxAttempts tries before a job is marked failed
     * @param initialBackoff the wait after the first failure; it doubles with each failure, with jitter
     * @param maxBackoff the longest wait between tries
     * @param failedRetryAfter when a failed job is tried again
     * @param autoStart run the workers and the spool recovery on a schedule (off in tests that drive them by hand)
     * @param busyLiveCalls from this many live calls on the instance, recordings wait for the calls (see
     *     {@link UploadPriority})
     * @param maxWaitWhileBusy how long a recording waits at most for a busy instance before it is encoded anyway
     */
    public record Upload(
            @Min(1) @Max(32) int workers,
            @NotNull Duration pollInterval,
            @Min(1) int maxAttempts,
            @NotNull Duration initialBackoff,
            @NotNull Duration maxBackoff,
            @NotNull Duration failedRetryAfter,
            boolean autoStart,
            @Min(1) int busyLiveCalls,
            @NotNull Duration maxWaitWhileBusy) {}

    /**
     * @param wasabiPerTbMonth Wasabi pay-as-you-go price per TB-month (USD)
     * @param wasabiMinimumTb the monthly minimum charge, in TB of active storage
     * @param wasabiMinimumDays minimum storage duration: an object deleted earlier is billed until this age
     * @param s3PerGbMonth AWS S3 Standard price per GB-month
     * @param s3EgressPerGb AWS data transfer out per GB
     * @param s3PutPer1000 AWS PUT request price per 1,000
     * @param s3GetPer1000 AWS GET request price per 1,000
     * @param downloadsPerRecording how often a recording is expected to be downloaded in a month (egress, GETs)
     */
    public record Pricing(
            @NotNull @DecimalMin("0") BigDecimal wasabiPerTbMonth,
            @NotNull @DecimalMin("0") BigDecimal wasabiMinimumTb,
            @Min(0) int wasabiMinimumDays,
            @NotNull @DecimalMin("0") BigDecimal s3PerGbMonth,
            @NotNull @DecimalMin("0") BigDecimal s3EgressPerGb,
            @NotNull @DecimalMin("0") BigDecimal s3PutPer1000,
            @NotNull @DecimalMin("0") BigDecimal s3GetPer1000,
            @NotNull @DecimalMin("0") BigDecimal downloadsPerRecording) {}

    @AssertTrue(
            message =
                    "WASABI_ENDPOINT, WASABI_REGION, WASABI_BUCKET_NAME, WASABI_ACCESS_KEY_ID and WASABI_SECRET_ACCESS_KEY are required when WASABI_ENABLED=true")
    boolean isWasabiComplete() {
        return wasabi == null
                || !wasabi.enabled()
                || (present(wasabi.endpoint())
                        && present(wasabi.region())
                        && present(wasabi.bucket())
                        && present(wasabi.accessKeyId())
                        && present(wasabi.secretAccessKey()));
    }

    private static boolean present(@Nullable String value) {
        return value != null && !value.isBlank();
    }

    /**
     * The provider's credentials go only where these settings allow.
     *
     * @param allowedHosts where a provider recording may be fetched from (EXOTEL_RECORDING_HOSTS): a host name is
     *     fetched over https on port 443 only; an origin ({@code https://host:port}) exactly as written. A name
     *     that resolves to a loopback, private or link-local address is refused all the same; only an origin
     *     whose host is a loopback address literal ({@code http://127.0.0.1:8089}, for a local stand-in) reaches
     *     one, and only there is http allowed
     * @param maxSize the largest recording accepted
     * @param timeout how long the whole download may take, redirects included
     * @param maxRedirects redirects followed, each to an allowed host
     */
    public record ProviderFetch(
            @NotNull List<String> allowedHosts,
            @NotNull DataSize maxSize,
            @NotNull Duration timeout,
            @Min(0) @Max(5) int maxRedirects) {

        public ProviderFetch {
            allowedHosts = allowedHosts == null
                    ? List.of()
                    : allowedHosts.stream()
                            .map(String::trim)
                            .filter(host -> !host.isEmpty())
                            .toList();
        }
    }
}
