package com.caly.telephony.exotel;

import com.caly.shared.CurrentUser;
import com.caly.shared.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web console's test call: a signed-in member talks to the company's agent from the browser. API keys cannot
 * start one (keys only read, and a call needs a person at the microphone).
 */
@RestController
@RequestMapping("/api/web-calls")
class WebCallController {

    /** The line's format, which the browser converts its microphone to: 16-bit PCM at 8 kHz, as Exotel's. */
    static final int SAMPLE_RATE = 8000;

    private final WebCalls webCalls;
    private final ExotelSetup setup;

    WebCallController(WebCalls webCalls, ExotelSetup setup) {
        this.webCalls = webCalls;
        this.setup = setup;
    }

    /**
     * @param streamUrl where the browser opens the call's media stream, with {@code ?ticket=} and the ticket added
     * @param ticket opens the stream once, until {@code expiresAt}
     */
    record WebCallStarted(
            String callId,

            @Schema(example = "wss://caly.example.com/media/web")
            String streamUrl,

            String ticket,
            Instant expiresAt,

            @Schema(minimum = "8000", maximum = "8000", description = "Always 8000: the line's rate")
            int sampleRate) {}

    @Operation(
            summary = "Start a test call with the company's agent from the browser (any member)",
            description = "Records the call (channel web) and returns a one-time ticket for its media stream, which"
                    + " speaks Exotel's stream protocol: open streamUrl?ticket=… from a page of this deployment,"
                    + " send connected, start, media (base64 16-bit LE PCM at 8 kHz) and stop; the agent's audio"
                    + " comes back as media, mark and clear. The call ends when the socket closes or the agent hangs"
                    + " up.")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @ProblemResponse(
            status = 429,
            description = "The member has web calls waiting for their stream already, or the company has as many"
                    + " live calls as its limit allows")
    @ProblemResponse(status = 503, description = "This instance is at its live-call limit")
    ResponseEntity<WebCallStarted> startWebCall(CurrentUser user, HttpServletRequest request) {
        WebCalls.Started started = webCalls.start(user.companyId(), user.userId());
        String ws = setup.base(request).replaceFirst("^https://", "wss://").replaceFirst("^http://", "ws://");
        return ResponseEntity.created(
                        URI.create("/api/calls/" + started.callId().value()))
                .body(new WebCallStarted(
                        started.callId().value().toString(),
                        ws + WebCallAdmission.PATH,
                        started.ticket(),
                        started.expiresAt(),
                        SAMPLE_RATE));
    }
}
