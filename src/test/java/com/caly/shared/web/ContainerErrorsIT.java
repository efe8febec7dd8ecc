package com.caly.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.shared.query.QueryParameters;
import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.RawConnection;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * Requests the servlet container refuses before any controller sees them, sent as raw bytes (Java's HTTP client
 * refuses to send most of them): each answer is still a problem+json with a type, never the container's page.
 */
class ContainerErrorsIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    /** An HTTP/1.1 response read off the socket until the server closes it or the body is complete. */
    record RawResponse(int status, Map<String, String> headers, String body) {

        JsonNode json() {
            return ApiClient.JSON.readTree(body);
        }

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        void isProblem(int expectedStatus, String slug) {
            assertThat(status).as(this::toString).isEqualTo(expectedStatus);
            assertThat(contentType()).as(this::toString).startsWith("application/problem+json");
            JsonNode problem = json();
            assertThat(problem.path("type").asString()).isEqualTo("/problems/" + slug);
            assertThat(problem.path("status").asInt()).isEqualTo(expectedStatus);
            assertThat(problem.path("title").asString()).isNotBlank();
            assertThat(body).doesNotContain("<html", "Apache Tomcat", "Exception");
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + body;
        }
    }

    private RawResponse send(String head) throws IOException {
        return sendBytes(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    private RawResponse sendBytes(byte[] request) throws IOException {
        try (RawConnection connection = new RawConnection(port)) {
            RawConnection.Response response = connection.send(request).read();
            return new RawResponse(response.status(), response.headers(), response.text());
        }
    }

    private static String get(String target, String... headerLines) {
        String[] lines = java.util.Arrays.copyOf(headerLines, headerLines.length + 1);
        lines[headerLines.length] = "Connection: close";
        return RawConnection.get(target, lines);
    }

    @Test
    void answersARequestLineOverTheLimitWithAProblem() throws IOException {
        RawResponse response = send(get("/api/calls?q=" + "a".repeat(9 * 1024)));
        response.isProblem(414, "uri-too-long");
    }

    @Test
    void answersHeadersOverTheLimitWithAProblem() throws IOException {
        RawResponse response = send(get("/api/calls", "X-Padding: " + "b".repeat(9 * 1024)));
        response.isProblem(431, "headers-too-large");
    }

    @Test
    void answersUnencodedCharactersThatAreNeverAllowedInATargetWithAProblem() throws IOException {
        for (String target :
                new String[] {"/api/calls?q=a{b}", "/api/calls?q=a|b", "/api/calls?q=a\"b", "/api/ca\\lls"}) {
            RawResponse response = send(get(target));
            response.isProblem(400, "bad-request");
        }
    }

    @Test
    void takesUnencodedBracketsInTheQueryAsTheirEncodedForms() throws IOException {
        // many clients send filter[x]= as it is; the query is read as if the brackets were percent-encoded
        String bearer = "Authorization: "
                + new TenantFixture(tenants, passwordEncoder)
                        .company(api, "Brackets Co")
                        .owner()
                        .bearer();
        RawResponse unknown = send(get("/api/calls?filter[status]=completed", bearer));
        unknown.isProblem(400, QueryParameters.UNKNOWN_PARAMETER);
        assertThat(unknown.json().path("parameter").asString()).isEqualTo("filter[status]");
        RawResponse known = send(get("/api/calls?q=[draft]", bearer));
        assertThat(known.status()).as(known::toString).isEqualTo(200);
        assertThat(known.json().path("items").isArray()).isTrue();
    }

    @Test
    void answersAMalformedMethodOrRequestLineWithAProblem() throws IOException {
        send("GE(T /api/calls HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .isProblem(400, "bad-request");
        send("GET /api/calls HTTP/1.1 extra\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .isProblem(400, "bad-request");
        send("GET /api/ca\u0001lls HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .isProblem(400, "bad-request");
    }

    @Test
    void answersAnUnsupportedHttpVersionWithAProblem() throws IOException {
        send("GET /api/calls HTTP/2.5\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .isProblem(505, "http-version-not-supported");
    }

    @Test
    void answersATransferCodingItDoesNotImplementWithAProblem() throws IOException {
        send("POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n"
                        + "Content-Type: application/json\r\nConnection: close\r\n\r\n")
                .isProblem(501, "not-implemented");
    }

    @Test
    void answersAMalformedHeaderWithAProblem() throws IOException {
        send("GET /api/calls HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header: x\r\nConnection: close\r\n\r\n")
                .isProblem(400, "bad-request");
        send("GET /api/calls HTTP/1.1\r\nConnection: close\r\n\r\n").isProblem(400, "bad-request");
    }

    @Test
    void answersAPathTheContainerCannotNormaliseWithAProblem() throws IOException {
        send(get("/api/%2e%2e/%2e%2e/etc/passwd")).isProblem(400, "bad-request");
        send(get("/api/calls%00")).isProblem(400, "bad-request");
    }

    @Test
    void answersTheErrorPathAskedForDirectlyAsNotFound() throws IOException {
        for (String method : new String[] {"GET", "POST", "PUT", "DELETE", "PATCH"}) {
            ApiClient.Response response = api.send(method, "/error", method.equals("GET") ? null : "{}");
            assertThat(response.status()).as(method + " " + response).isEqualTo(404);
            assertThat(response.problemType()).isEqualTo(ProblemTypes.NOT_FOUND);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        }
        send("OPTIONS /error HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .isProblem(404, ProblemTypes.NOT_FOUND);
        ApiClient.Response head = api.send("HEAD", "/error", null);
        assertThat(head.status()).isEqualTo(404);
    }
}
