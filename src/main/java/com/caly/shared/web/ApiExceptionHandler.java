package com.caly.shared.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.exc.MismatchedInputException;

/** The one place where failures become RFC 9457 problem+json responses with a stable type. */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private static final Map<Class<? extends Exception>, String> SLUGS = new LinkedHashMap<>();

    static {
        SLUGS.put(HttpRequestMethodNotSupportedException.class, "method-not-allowed");
        SLUGS.put(HttpMediaTypeNotSupportedException.class, "unsupported-media-type");
        SLUGS.put(HttpMediaTypeNotAcceptableException.class, "not-acceptable");
        SLUGS.put(NoResourceFoundException.class, ProblemTypes.NOT_FOUND);
        SLUGS.put(NoHandlerFoundException.class, ProblemTypes.NOT_FOUND);
        SLUGS.put(MissingServletRequestParameterException.class, "missing-parameter");
        SLUGS.put(TypeMismatchException.class, "invalid-parameter");
        SLUGS.put(ServletRequestBindingException.class, "bad-request");
        SLUGS.put(MaxUploadSizeExceededException.class, ProblemTypes.PAYLOAD_TOO_LARGE);
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> handleApiException(ApiException ex, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.status(), ex.getMessage());
        problem.setType(ProblemTypes.uri(ex.slug()));
        problem.setTitle(ex.title());
        ex.properties().forEach(problem::setProperty);
        decorate(problem, request);
        HttpHeaders headers = new HttpHeaders();
        if (ex.retryAfterDuration() != null) {
            long seconds = Math.max(1, (ex.retryAfterDuration().toMillis() + 999) / 1000);
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            problem.setProperty("retryAfterSeconds", seconds);
        }
        return problemResponse(problem, headers, ex.status());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> handleAccessDenied(AccessDeniedException ex, HttpServletRequest request) {
        return handleApiException(
                new ApiException(
                        HttpStatus.FORBIDDEN,
                        ProblemTypes.FORBIDDEN,
                        "Forbidden",
                        "Your role does not allow this action"),
                request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, HttpServletRequest request) {
        log.error("Unhandled error on {} {}", request.getMethod(), request.getRequestURI(), ex);
        return handleApiException(
                new ApiException(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        ProblemTypes.INTERNAL_ERROR,
                        "Internal error",
                        "Something went wrong on our side; the request id identifies it in our logs"),
                request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        ex.getBindingResult().getFieldErrors().stream()
                .sorted(Comparator.comparing(FieldError::getField))
                .forEach(error -> errors.add(fieldError(error.getField(), error.getDefaultMessage())));
        ex.getBindingResult()
                .getGlobalErrors()
                .forEach(error -> errors.add(fieldError(error.getObjectName(), error.getDefaultMessage())));
        return validationProblem(errors, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            result.getResolvableErrors()
                    .forEach(error -> errors.add(fieldError(String.valueOf(name), error.getDefaultMessage())));
        });
        return validationProblem(errors, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem;
        HttpStatus httpStatus;
        MismatchedInputException wrongType = wrongTypeField(ex);
        if (hasCause(ex, PayloadTooLargeException.class)) {
            httpStatus = HttpStatus.CONTENT_TOO_LARGE;
            problem = ProblemDetail.forStatusAndDetail(httpStatus, "The request body is too large");
            problem.setType(ProblemTypes.uri(ProblemTypes.PAYLOAD_TOO_LARGE));
            problem.setTitle("Payload too large");
        } else if (wrongType != null) {
            return validationProblem(
                    List.of(fieldError(JsonFields.path(wrongType), JsonFields.expected(wrongType))), headers, request);
        } else {
            httpStatus = HttpStatus.BAD_REQUEST;
            problem = ProblemDetail.forStatusAndDetail(
                    httpStatus, "The request body is missing or is not valid JSON of the expected shape");
            problem.setType(ProblemTypes.uri(ProblemTypes.MALFORMED_JSON));
            problem.setTitle("Malformed request body");
        }
        decorate(problem, ((ServletWebRequest) request).getRequest());
        return problemResponse(problem, headers, httpStatus);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, @Nullable Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body == null && ex instanceof ErrorResponse errorResponse) {
            // the base class only builds the problem after this method; build it here to give it a type
            body = errorResponse.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
        }
        if (body instanceof ProblemDetail problem && request instanceof ServletWebRequest servletRequest) {
            if (problem.getType() == null
                    || "about:blank".equals(problem.getType().toString())) {
                problem.setType(ProblemTypes.uri(slugFor(ex, status)));
            }
            decorate(problem, servletRequest.getRequest());
            headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        return super.handleExceptionInternal(ex, body, headers, status, request);
    }

    private ResponseEntity<Object> validationProblem(
            List<Map<String, String>> errors, HttpHeaders headers, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "Invalid fields: "
                        + String.join(
                                ", ",
                                errors.stream()
                                        .map(e -> e.get("field"))
                                        .distinct()
                                        .toList()));
        problem.setType(ProblemTypes.uri(ProblemTypes.VALIDATION_FAILED));
        problem.setTitle("Validation failed");
        problem.setProperty("errors", errors);
        decorate(problem, ((ServletWebRequest) request).getRequest());
        return problemResponse(problem, headers, HttpStatus.BAD_REQUEST);
    }

    private static Map<String, String> fieldError(String field, @Nullable String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message == null ? "is invalid" : message);
        return error;
    }

    private static ResponseEntity<Object> problemResponse(
            ProblemDetail problem, HttpHeaders headers, HttpStatusCode status) {
        HttpHeaders responseHeaders = new HttpHeaders();
        responseHeaders.addAll(headers);
        responseHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(problem, responseHeaders, status);
    }

    private static void decorate(ProblemDetail problem, HttpServletRequest request) {
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        String requestId = MDC.get("requestId");
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
    }

    private static String slugFor(Exception ex, HttpStatusCode status) {
        for (Map.Entry<Class<? extends Exception>, String> entry : SLUGS.entrySet()) {
            if (entry.getKey().isInstance(ex)) {
                return entry.getValue();
            }
        }
        return status.value() == 400
                ? "bad-request"
                : status.is5xxServerError() ? ProblemTypes.INTERNAL_ERROR : "http-" + status.value();
    }

    /** A JSON value of the wrong type for a named field ({@code "name": 42}), rather than a body that is not JSON. */
    private static @Nullable MismatchedInputException wrongTypeField(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof MismatchedInputException mismatch
                    && !mismatch.getPath().isEmpty()
                    && mismatch.getTargetType() != null) {
                return mismatch;
            }
        }
        return null;
    }

    private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
