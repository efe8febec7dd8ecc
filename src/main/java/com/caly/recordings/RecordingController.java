package com.caly.recordings;

import com.caly.calls.CallId;
import com.caly.shared.CurrentUser;
import com.caly.shared.Role;
import com.caly.shared.query.TimeWindow;
import com.caly.shared.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@RequestMapping("/api/recordings")
class RecordingController {

    private final RecordingService recordings;
    private final RecordingsProperties properties;
    private final Clock clock;

    RecordingController(RecordingService recordings, RecordingsProperties properties, Clock clock) {
        this.recordings = recordings;
        this.properties = properties;
        this.clock = clock;
    }

    @Operation(summary = "A download link for a call's recording")
    @GetMapping("/{callId}")
    LinkResponse link(
            CurrentUser user,
            @PathVariable UUID callId,
            @RequestParam(required = false) @Min(1) @Max(604_800) @Nullable Integer expiresInSeconds) {
        RecordingService.RecordingLink link = recordings.link(
                user.companyId(),
                new CallId(callId),
                expiresInSeconds == null ? null : Duration.ofSeconds(expiresInSeconds));
        URI url = link.link().url();
        if (!url.isAbsolute()) {
            url = URI.create(
                    ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString() + url);
        }
        return new LinkResponse(callId.toString(), url.toString(), link.link().expiresAt());
    }

    @Operation(summary = "The company's recordings in a period")
    @GetMapping
    PageResponse list(
            CurrentUser user,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        Instant end = to == null ? clock.instant() : parse("to", to, true);
        Instant start = from == null ? end.minus(Duration.ofDays(30)) : parse("from", from, false);
        if (!start.isBefore(end)) {
            throw ApiException.badRequest("invalid-range", "Invalid range", "from must be before to");
        }
        if (Duration.between(start, end).compareTo(Duration.ofDays(properties.maxRangeDays())) > 0) {
            throw ApiException.badRequest(
                    "invalid-range",
                    "Invalid range",
                    "The range may span at most " + properties.maxRangeDays() + " days");
        }
        RecordingService.Page result = recordings.list(user.companyId(), start, end, page, size);
        return new PageResponse(
                result.items().stream().map(RecordingView::of).toList(),
                start,
                end,
                result.page(),
                result.size(),
                result.total());
    }

    @Operation(summary = "Delete a call's recording (owners and admins)")
    @DeleteMapping("/{callId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(CurrentUser user, @PathVariable UUID callId) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        recordings.delete(user, new CallId(callId));
    }

    @Operation(summary = "How much the company stores, and what it costs")
    @GetMapping("/storage/stats")
    RecordingService.Stats stats(CurrentUser user) {
        return recordings.stats(user.companyId());
    }

    /** An ISO-8601 instant, or a date (the start of that UTC day; for {@code to}, the end of it). */
    private static Instant parse(String name, String value, boolean endOfDay) {
        try {
            return TimeWindow.parse(value, ZoneOffset.UTC, endOfDay);
        } catch (TimeWindow.YearOutOfRange e) {
            throw ApiException.badRequest(
                            "invalid-date",
                            "Invalid date",
                            name + " must lie in the years " + TimeWindow.FIRST_YEAR + " to " + TimeWindow.LAST_YEAR)
                    .with("parameter", name);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(
                            "invalid-date",
                            "Invalid date",
                            name + " must be a date (2026-11-24) or a date-time with offset (2026-11-24T10:00:00Z)")
                    .with("parameter", name);
        }
    }

    record LinkResponse(String callId, String url, Instant expiresAt) {}

    record RecordingView(
            String callId,
            Instant startedAt,
            @Nullable String fromNumber,
            @Nullable String toNumber,
            String direction,
            String status,
            @Nullable Integer callDurationSeconds,
            long bytes,
            long durationMs,
            @Nullable Instant storedAt) {
        static RecordingView of(RecordingCatalog.Recording r) {
            return new RecordingView(
                    r.callId().toString(),
                    r.callStartedAt(),
                    r.fromNumber(),
                    r.toNumber(),
                    r.direction(),
                    r.status(),
                    r.callDurationSeconds(),
                    r.bytes(),
                    r.durationMs(),
                    r.storedAt());
        }
    }

    record PageResponse(List<RecordingView> items, Instant from, Instant to, int page, int size, long total) {}
}
