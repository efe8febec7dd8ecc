package com.caly.telephony.exotel;

import com.caly.shared.TenantId;
import com.caly.shared.web.ApiException;
import com.caly.shared.web.PublicEndpoints;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Exotel's webhooks, at the paths its flows call: GET with a query string, or POST with a form or JSON body.
 * Passthru applets branch on the status: 200 continues, 302 takes the other branch.
 */
@RestController
@RequestMapping("/webhooks/exotel")
class ExotelWebhookController {

    private final ExotelWebhookGuard guard;
    private final ExotelWebhookService webhooks;
    private final StreamTokens streamTokens;
    private final ExotelSetup setup;

    ExotelWebhookController(
            ExotelWebhookGuard guard, ExotelWebhookService webhooks, StreamTokens streamTokens, ExotelSetup setup) {
        this.guard = guard;
        this.webhooks = webhooks;
        this.streamTokens = streamTokens;
        this.setup = setup;
    }

    @RequestMapping(
            path = {"/call-start", "/call-end", "/recording", "/after-bot"},
            method = {RequestMethod.GET, RequestMethod.POST})
    ResponseEntity<String> passthru(HttpServletRequest request) throws IOException {
        Optional<TenantId> onlyFor = guard.check(request);
        ExotelParameters parameters = parameters(request);
        String path = request.getRequestURI().substring(request.getRequestURI().lastIndexOf('/') + 1);
        ExotelWebhookService.Event event =
                ExotelWebhookService.Event.ofPath(path).orElseThrow();
        int status = webhooks.handle(event, callSid(parameters), parameters, onlyFor);
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(status == 200 ? "OK" : "FALLBACK");
    }

    /** The Voicebot applet's dynamic URL: where to open the media stream for this call. */
    @RequestMapping(
            path = "/stream-url",
            method = {RequestMethod.GET, RequestMethod.POST})
    Map<String, String> streamUrl(HttpServletRequest request) throws IOException {
        Optional<TenantId> onlyFor = guard.check(request);
        ExotelParameters parameters = parameters(request);
        String callSid = callSid(parameters);
        com.caly.telephony.PhoneNumberService.Route route = webhooks.dialledRoute(parameters)
                .orElseThrow(() -> ApiException.notFound("unknown-number", "The dialled number"));
        if (onlyFor.isPresent() && !onlyFor.get().equals(route.companyId())) {
            throw ExotelWebhookGuard.forbidden();
        }
        if (webhooks.refusedAtStart(route.companyId(), callSid)) {
            // Exotel's flow takes the fallback branch after a 302; a stream asked for anyway is not given one
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "call-refused",
                    "Call refused",
                    "This call was refused at call-start (the company's limit of simultaneous calls) and has no stream");
        }
        String rate = parameters.get("sample-rate", "sample_rate", "SampleRate");
        int sampleRate = "16000".equals(rate) || "24000".equals(rate) ? Integer.parseInt(rate) : 8000;
        String base = setup.base(request);
        String ws = base.replaceFirst("^https://", "wss://").replaceFirst("^http://", "ws://");
        return Map.of(
                "url",
                ws + "/media/exotel?sample-rate=" + sampleRate + "&token="
                        + streamTokens.issue(callSid, route.companyId()));
    }

    private static ExotelParameters parameters(HttpServletRequest request) {
        try {
            return ExotelParameters.from(request);
        } catch (IOException e) {
            throw ApiException.badRequest("malformed-webhook", "Malformed webhook", "The body is not valid JSON");
        }
    }

    private static String callSid(ExotelParameters parameters) {
        String sid = parameters.get("CallSid", "call_sid", "Sid");
        if (sid == null || sid.length() > 128 || !sid.matches("[A-Za-z0-9._-]+")) {
            throw ApiException.badRequest("malformed-webhook", "Malformed webhook", "CallSid is missing or invalid");
        }
        return sid;
    }

    @Configuration(proxyBeanMethods = false)
    static class Endpoints {

        @Bean
        PublicEndpoints exotelWebhooks() {
            return PublicEndpoints.of("/webhooks/exotel/**");
        }
    }
}
