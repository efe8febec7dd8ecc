package com.caly.shared.web;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.res.StringManager;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the errors Tomcat answers itself as problem+json, in place of its HTML page: requests refused before any
 * servlet runs (a malformed or over-long request line, headers over the limit, characters a target may not hold,
 * an unknown HTTP version) and anything the application's own error handling could not answer. Tomcat makes one
 * instance per host from this class's name, so it needs a public no-argument constructor.
 */
public class ProblemReportValve extends ErrorReportValve {

    private static final Logger log = LoggerFactory.getLogger("com.caly.http");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOO_LARGE =
            StringManager.getManager("org.apache.coyote.http11").getString("iib.requestheadertoolarge.error");

    public ProblemReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, @Nullable Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        if (status == 400 && tooLarge(throwable)) {
            // Tomcat answers both with 400; the request line is still unparsed when the limit cut it short
            status = request.getCoyoteRequest().requestURI().isNull() ? 414 : 431;
        }
        String requestId = requestId(request);
        try {
            response.setStatus(status);
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("X-Request-Id", requestId);
            response.setHeader("Cache-Control", "no-store");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(problem(status, requestId)));
                response.finishResponse();
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Could not write the problem for a refused request", e);
        }
        if (request.getAttribute(RequestLoggingFilter.MDC_KEY) == null) {
            // the request never reached the logging filter: this is its one log line (no target: it may be huge)
            log.info("{} refused by the server before routing", status);
        }
    }

    /** The problem Tomcat answers a request it refused with; the front answers the requests it refuses alike. */
    public static Map<String, Object> problem(int status, String requestId) {
        HttpStatus known = HttpStatus.resolve(status);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ProblemTypes.uri(ProblemTypes.forStatus(status)).toString());
        problem.put("title", known == null ? "Error" : known.getReasonPhrase());
        problem.put("status", status);
        problem.put("detail", detail(status));
        problem.put("requestId", requestId);
        return problem;
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 ->
                "The request is malformed: check the request line, the headers and that the path and query are"
                        + " percent-encoded";
            case 404 -> "No resource at this path";
            case 414 -> "The request line is longer than the server accepts; send long input in a request body";
            case 431 -> "The request headers are larger than the server accepts";
            case 501 -> "The request uses a transfer coding or feature the server does not implement";
            case 505 -> "Only HTTP/1.0, HTTP/1.1 and HTTP/2 are supported";
            default -> status >= 500 ? "Something went wrong on our side" : "The request could not be served";
        };
    }

    private static boolean tooLarge(@Nullable Throwable throwable) {
        return throwable instanceof IllegalArgumentException && TOO_LARGE.equals(throwable.getMessage());
    }

    private static String requestId(Request request) {
        Object id = request.getAttribute(RequestLoggingFilter.MDC_KEY);
        return id instanceof String given ? given : UUID.randomUUID().toString();
    }
}
