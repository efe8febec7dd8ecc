package com.caly.recordings;

import com.caly.recordings.local.LocalDiskRecordingStorage;
import com.caly.recordings.local.RecordingLinkSigner;
import com.caly.recordings.s3.S3Clients;
import com.caly.recordings.s3.S3RecordingStorage;
import com.caly.shared.web.MediaSources;
import com.caly.shared.web.PublicEndpoints;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the store: the bucket when WASABI_ENABLED=true, the local disk otherwise. */
@Configuration(proxyBeanMethods = false)
class RecordingStorageConfig {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "app.recordings.wasabi.enabled", havingValue = "true")
    static class Bucket {

        @Bean(destroyMethod = "close")
        software.amazon.awssdk.services.s3.S3Client s3Client(RecordingsProperties properties) {
            return S3Clients.client(settings(properties));
        }

        @Bean(destroyMethod = "close")
        software.amazon.awssdk.services.s3.presigner.S3Presigner s3Presigner(RecordingsProperties properties) {
            return S3Clients.presigner(settings(properties));
        }

        @Bean
        S3RecordingStorage recordingStorage(
                software.amazon.awssdk.services.s3.S3Client s3,
                software.amazon.awssdk.services.s3.presigner.S3Presigner presigner,
                RecordingsProperties properties,
                Clock clock) {
            return new S3RecordingStorage(
                    s3,
                    presigner,
                    properties.wasabi().bucket(),
                    properties.wasabi().publicUrl(),
                    clock);
        }

        /** The console's audio player plays the signed links, which point at the bucket's host. */
        @Bean
        MediaSources bucketMediaSources(RecordingsProperties properties) {
            RecordingsProperties.Wasabi wasabi = properties.wasabi();
            List<String> origins = new ArrayList<>();
            if (wasabi.endpoint() == null || wasabi.endpoint().isBlank()) {
                origins.add("https://*.amazonaws.com");
            } else {
                URI endpoint = URI.create(wasabi.endpoint());
                String port = endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort();
                origins.add(endpoint.getScheme() + "://" + endpoint.getHost() + port);
                if (!wasabi.pathStyle()) {
                    origins.add(endpoint.getScheme() + "://*." + endpoint.getHost() + port);
                }
            }
            if (wasabi.publicUrl() != null && !wasabi.publicUrl().isBlank()) {
                URI publicUrl = URI.create(wasabi.publicUrl());
                String port = publicUrl.getPort() < 0 ? "" : ":" + publicUrl.getPort();
                origins.add(publicUrl.getScheme() + "://" + publicUrl.getHost() + port);
            }
            return new MediaSources(origins);
        }

        private static S3Clients.Settings settings(RecordingsProperties properties) {
            RecordingsProperties.Wasabi wasabi = properties.wasabi();
            return new S3Clients.Settings(
                    wasabi.endpoint(),
                    wasabi.region(),
                    wasabi.accessKeyId(),
                    wasabi.secretAccessKey(),
                    wasabi.pathStyle());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "app.recordings.wasabi.enabled", havingValue = "false", matchIfMissing = true)
    static class LocalDisk {

        @Bean
        RecordingLinkSigner recordingLinkSigner(RecordingsProperties properties) {
            return new RecordingLinkSigner(properties.linkSecret());
        }

        @Bean
        LocalDiskRecordingStorage recordingStorage(
                RecordingsProperties properties, RecordingLinkSigner signer, Clock clock) throws IOException {
            return new LocalDiskRecordingStorage(properties.localDirectory(), signer, clock);
        }

        @Bean
        PublicEndpoints recordingDownloads() {
            return PublicEndpoints.of(LocalDiskRecordingStorage.DOWNLOAD_PATH);
        }
    }
}
