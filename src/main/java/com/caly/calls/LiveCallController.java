package com.caly.calls;

import com.caly.shared.CurrentUser;
import com.caly.shared.openapi.ProblemResponse;
import com.caly.shared.query.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The live view: the company's calls in progress, and their events as they happen, on every instance. */
@RestController
class LiveCallController {

    private final LiveCalls calls;
    private final LiveCallStreams streams;

    LiveCallController(LiveCalls calls, LiveCallStreams streams) {
        this.calls = calls;
        this.streams = streams;
    }

    @Operation(summary = "The company's calls in progress, newest first, each with its transcript so far")
    @ProblemResponse(status = 400, description = "A query parameter was given: the list takes none")
    @GetMapping("/api/calls/live")
    LiveCalls.LiveCallList live(CurrentUser user, @RequestParam MultiValueMap<String, String> query) {
        QueryParameters.of(query, Set.of());
        return calls.list(user.companyId());
    }

    @Operation(
            summary = "The company's live events as Server-Sent Events: call.started, transcript, call.escalated,"
                    + " call.ended",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "An event stream; a comment line every 15 seconds keeps it open",
                            content =
                                    @Content(
                                            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                                            schema = @Schema(type = "string"))))
    @Parameter(
            name = "callId",
            in = ParameterIn.QUERY,
            description = "Only this call's events",
            schema = @Schema(type = "string", format = "uuid"))
    @ProblemResponse(status = 429, description = "As many streams are open as the company or this server may hold")
    @GetMapping(value = "/api/calls/live/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter liveEvents(CurrentUser user, @RequestParam MultiValueMap<String, String> query) {
        UUID call = QueryParameters.of(query, Set.of("callId")).uuid("callId");
        return streams.open(user.companyId(), call == null ? null : new CallId(call));
    }
}
