package com.caly.shared.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Holds every JSON request body to {@link TextInputPolicy} before it is bound: each string and property name, at any
 * depth and whatever the target type (list elements, map keys, properties the endpoint ignores). A body that breaks
 * it is a {@code validation-failed} problem naming each field by its JSON path ({@code instructions},
 * {@code backchannels.hi[0]}). The body is read once here and handed on as bytes; its size is already bounded by
 * {@link RequestSizeLimitFilter}.
 */
@ControllerAdvice
class JsonBodyTextCheck extends RequestBodyAdviceAdapter {

    private static final int MAX_ERRORS = 20;

    // unescaped control characters are read too, so that they are named like escaped ones rather than being a
    // malformed body
    private static final JsonMapper SCANNER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();

    @Override
    public boolean supports(
            MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(
            HttpInputMessage message,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType)
            throws IOException {
        MediaType type = message.getHeaders().getContentType();
        if (type == null || !isJson(type)) {
            return message;
        }
        byte[] body;
        try (InputStream in = message.getBody()) {
            body = in.readAllBytes();
        }
        List<Map<String, String>> errors = scan(body, type.getCharset());
        if (!errors.isEmpty()) {
            throw new ApiException(
                            HttpStatus.BAD_REQUEST,
                            ProblemTypes.VALIDATION_FAILED,
                            "Validation failed",
                            "Invalid fields: "
                                    + String.join(
                                            ", ",
                                            errors.stream()
                                                    .map(e -> e.get("field"))
                                                    .toList()))
                    .with("errors", errors);
        }
        HttpHeaders headers = message.getHeaders();
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    private static boolean isJson(MediaType type) {
        return MediaType.APPLICATION_JSON.isCompatibleWith(type)
                || type.getSubtype().endsWith("+json");
    }

    /** The fields that break the policy, in body order; empty when there are none or the body is not JSON. */
    static List<Map<String, String>> scan(byte[] body, @Nullable Charset charset) {
        List<Map<String, String>> errors = new ArrayList<>();
        try (JsonParser parser = charset == null || isUnicode(charset)
                ? SCANNER.createParser(body)
                : SCANNER.createParser(new String(body, charset))) {
            JsonToken token;
            while ((token = parser.nextToken()) != null && errors.size() < MAX_ERRORS) {
                String text = token == JsonToken.PROPERTY_NAME
                        ? parser.currentName()
                        : token == JsonToken.VALUE_STRING ? parser.getString() : null;
                if (text == null) {
                    continue;
                }
                int at = TextInputPolicy.firstForbidden(text);
                if (at >= 0) {
                    Map<String, String> error = new LinkedHashMap<>();
                    error.put("field", path(parser.streamReadContext()));
                    error.put("message", TextInputPolicy.describe(text, at));
                    errors.add(error);
                }
            }
        } catch (JacksonException e) {
            // not JSON: the message converter reads it again and answers malformed-json
        }
        return errors;
    }

    private static boolean isUnicode(Charset charset) {
        return charset.equals(StandardCharsets.UTF_8)
                || charset.equals(StandardCharsets.UTF_16)
                || charset.equals(StandardCharsets.UTF_16BE)
                || charset.equals(StandardCharsets.UTF_16LE);
    }

    /** {@code items[0].name}: the path of the current token, property names shown with U+FFFD for what is forbidden. */
    static String path(TokenStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.currentName() != null) {
                parts.push("." + TextInputPolicy.printable(c.currentName()));
            }
        }
        String path = String.join("", parts);
        return path.isEmpty() ? "body" : path.startsWith(".") ? path.substring(1) : path;
    }
}
