package com.caly.shared.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach a controller (unmapped paths, errors raised by the servlet container) are forwarded to
 * /error; this answers them with the same problem+json as everything else instead of the container's page.
 */
@RestController
class ProblemErrorController implements ErrorController {

    /** Without this, Spring answers OPTIONS itself (200 and an Allow header) for a mapping of every method. */
    @RequestMapping(path = "/error", method = RequestMethod.OPTIONS)
    ResponseEntity<ProblemDetail> options(HttpServletRequest request) {
        return error(request);
    }

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        boolean direct = request.getDispatcherType() != DispatcherType.ERROR;
        HttpStatus status;
        if (direct) {
            // asked for directly: there is no resource at /error, whatever the method
            status = HttpStatus.NOT_FOUND;
        } else {
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            status = HttpStatus.resolve(code instanceof Integer i ? i : 500);
            if (status == null || status.value() < 400) {
                status = HttpStatus.INTERNAL_SERVER_ERROR;
            }
        }
        String slug = ProblemTypes.forStatus(status.value());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail(status));
        problem.setType(ProblemTypes.uri(slug));
        problem.setTitle(status.getReasonPhrase());
        Object path = direct ? request.getRequestURI() : request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (path instanceof String uri) {
            try {
                problem.setInstance(URI.create(uri));
            } catch (IllegalArgumentException ignored) {
                // a path that is not a valid URI is left out rather than echoed
            }
        }
        Object requestId = request.getAttribute(RequestLoggingFilter.MDC_KEY);
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static String detail(HttpStatus status) {
        return switch (status.value()) {
            case 404 -> "No resource at this path";
            case 405 -> "This path does not accept that method";
            case 413 -> "The request body is too large";
            default -> status.is5xxServerError() ? "Something went wrong on our side" : status.getReasonPhrase();
        };
    }
}
