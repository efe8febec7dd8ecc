package com.caly.shared.front;

import com.caly.shared.web.ProblemReportValve;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/** The answers the front gives itself: requests it could not parse, and a Tomcat it could not reach. */
final class FrontAnswers {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] BAD_GATEWAY =
            "{\"type\":\"about:blank\",\"title\":\"Bad Gateway\",\"status\":502}".getBytes(StandardCharsets.UTF_8);

    private FrontAnswers() {}

    static FullHttpResponse badGateway(ByteBufAllocator alloc) {
        return answer(alloc, HttpResponseStatus.BAD_GATEWAY, BAD_GATEWAY, null);
    }

    /** What Tomcat would have answered to a request its parser refused, as the same problem. */
    static FullHttpResponse refused(ByteBufAllocator alloc, Throwable cause) {
        HttpResponseStatus status = cause instanceof TooLongHttpLineException
                ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException
                        ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                        : HttpResponseStatus.BAD_REQUEST;
        String requestId = UUID.randomUUID().toString();
        byte[] body = JSON.writeValueAsBytes(ProblemReportValve.problem(status.code(), requestId));
        return answer(alloc, status, body, requestId);
    }

    private static FullHttpResponse answer(
            ByteBufAllocator alloc, HttpResponseStatus status, byte[] body, @Nullable String id) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, alloc.buffer(body.length).writeBytes(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (id != null) {
            response.headers().set("X-Request-Id", id);
        }
        return response;
    }
}
