package com.caly.recordings.local;

import com.caly.recordings.RecordingKey;
import com.caly.recordings.RecordingStorage;
import com.caly.shared.openapi.ProblemResponse;
import com.caly.shared.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Serves locally stored recordings to whoever holds a valid, unexpired signed link. */
@RestController
class RecordingDownloadController {

    private final ObjectProvider<LocalDiskRecordingStorage> storage;
    private final ObjectProvider<RecordingLinkSigner> signer;
    private final Clock clock;

    RecordingDownloadController(
            ObjectProvider<LocalDiskRecordingStorage> storage,
            ObjectProvider<RecordingLinkSigner> signer,
            Clock clock) {
        this.storage = storage;
        this.signer = signer;
        this.clock = clock;
    }

    @Operation(summary = "Download a recording through a signed link (local storage)")
    @GetMapping(LocalDiskRecordingStorage.DOWNLOAD_PATH)
    @ApiResponse(
            responseCode = "200",
            description = "The MP3",
            content =
                    @Content(
                            mediaType = RecordingStorage.CONTENT_TYPE,
                            schema = @Schema(type = "string", format = "binary")))
    @ProblemResponse(status = 403, description = "The link is tampered with or expired")
    @ProblemResponse(status = 404, description = "The recording is gone")
    ResponseEntity<Resource> download(
            @RequestParam String key, @RequestParam long expires, @RequestParam String signature) throws IOException {
        LocalDiskRecordingStorage local = storage.getIfAvailable();
        RecordingLinkSigner links = signer.getIfAvailable();
        if (local == null || links == null || !links.verify(key, expires, signature, clock.instant())) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    "invalid-recording-link",
                    "Invalid link",
                    "This download link is invalid or has expired; ask for a new one");
        }
        Path file;
        try {
            file = local.resolve(new RecordingKey(key).value());
        } catch (IOException | IllegalArgumentException e) {
            throw ApiException.notFound("recording-not-found", "The recording");
        }
        if (!Files.isRegularFile(file)) {
            throw ApiException.notFound("recording-not-found", "The recording");
        }
        // a file resource, so that Spring answers Range requests with 206: a player seeks without the whole file
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(RecordingStorage.CONTENT_TYPE))
                .cacheControl(CacheControl.noStore())
                .body(new FileSystemResource(file));
    }
}
