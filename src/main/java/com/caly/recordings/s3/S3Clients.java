package com.caly.recordings.s3;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Builds the SDK's client and presigner for an S3-compatible endpoint. */
public final class S3Clients {

    private S3Clients() {}

    public record Settings(
            String endpoint, String region, String accessKeyId, String secretAccessKey, boolean pathStyle) {

        @Override
        public String toString() {
            return "Settings[" + endpoint + ", " + region + "]";
        }
    }

    public static S3Client client(Settings settings) {
        return S3Client.builder()
                .endpointOverride(URI.create(settings.endpoint()))
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .forcePathStyle(settings.pathStyle())
                // Wasabi and other S3-compatible servers do not all accept the SDK's newer default checksums.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(config ->
                        config.apiCallTimeout(Duration.ofMinutes(5)).apiCallAttemptTimeout(Duration.ofMinutes(2)))
                .build();
    }

    public static S3Presigner presigner(Settings settings) {
        return S3Presigner.builder()
                .endpointOverride(URI.create(settings.endpoint()))
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(settings.pathStyle())
                        .build())
                .build();
    }

    private static StaticCredentialsProvider credentials(Settings settings) {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
    }
}
