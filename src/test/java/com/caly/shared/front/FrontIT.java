package com.caly.shared.front;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.RawConnection;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

/** The public port is the front's: Tomcat answers behind it, and a route takes the connections it serves. */
@ExtendWith(OutputCaptureExtension.class)
// a context of its own (it has a test route): closed after the class, so its connection pool does not linger
@DirtiesContext
class FrontIT extends IntegrationTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class TestRouteConfig {

        /** Answers /test-route itself, naming the thread it runs on. */
        @Bean
        FrontRoute testRoute() {
            return new FrontRoute() {
                @Override
                public boolean serves(HttpRequest request) {
                    return request.uri().startsWith("/test-route");
                }

                @Override
                public void take(Channel channel, FullHttpRequest request) {
                    byte[] body = ("taken on " + Thread.currentThread().getName() + " with "
                                    + channel.pipeline().names().stream()
                                            .filter(name -> !name.startsWith("DefaultChannelPipeline$"))
                                            .toList())
                            .getBytes(StandardCharsets.UTF_8);
                    request.release();
                    FullHttpResponse response = new DefaultFullHttpResponse(
                            HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
                    response.headers()
                            .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                            .set(HttpHeaderNames.CONNECTION, "close");
                    channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                }
            };
        }
    }

    @Autowired
    WebServerApplicationContext context;

    private int tomcatPort() {
        return ((FrontedWebServer) context.getWebServer()).tomcatPort();
    }

    @Test
    void servesTheApiOnThePublicPortAndTomcatOnlyOnTheLoopback() {
        assertThat(context.getWebServer()).isInstanceOf(FrontedWebServer.class);
        assertThat(port).isNotEqualTo(tomcatPort());
        assertThat(api.get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void tellsTomcatTheClientAProxyForwarded(CapturedOutput output) {
        String client = randomIp();
        ApiClient.Response response = new ApiClient(port).from(client).get("/api/calls");
        assertThat(response.status()).isEqualTo(401);
        assertThat(output.getAll()).contains("GET /api/calls -> 401").contains("from " + client);
    }

    @Test
    void servesRequestsOneAfterTheOtherAndPipelinedOnOneConnection() throws Exception {
        try (RawConnection connection = new RawConnection(port)) {
            assertThat(connection
                            .send(RawConnection.get("/actuator/health"))
                            .read()
                            .status())
                    .isEqualTo(200);
            assertThat(connection
                            .send(RawConnection.get("/actuator/health/readiness"))
                            .read()
                            .status())
                    .isEqualTo(200);
            connection.send(RawConnection.get("/actuator/health")
                    + RawConnection.get("/api/calls")
                    + RawConnection.get("/actuator/health"));
            assertThat(connection.read().status()).isEqualTo(200);
            RawConnection.Response second = connection.read();
            assertThat(second.status()).isEqualTo(401);
            assertThat(second.header("Content-Type")).startsWith("application/problem+json");
            assertThat(connection.read().status()).isEqualTo(200);
        }
    }

    @Test
    void passesTheApplicationsRefusalOfABodyOverTheLimit() {
        String body = "{\"email\":\"" + "a".repeat(1_200_000) + "\"}";
        ApiClient.Response response = api.post("/api/auth/login", body);
        assertThat(response.status()).as(response::toString).isEqualTo(413);
        assertThat(response.problemType()).isEqualTo("payload-too-large");
    }

    @Test
    void anAnswerGivenBeforeTheBodyIsSentReachesAClientStillSendingIt() throws Exception {
        // Tomcat refuses the request on its declared length and the front closes the connection while the client is
        // still sending: the client must still read the refusal, not a reset
        int length = 1_200_000;
        String head = "POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + length + "\r\n\r\n";
        try (RawConnection connection = new RawConnection(port)) {
            connection.send(head);
            java.util.concurrent.CompletableFuture<Void> sending =
                    java.util.concurrent.CompletableFuture.runAsync(() -> {
                        try {
                            byte[] piece = new byte[16 * 1024];
                            java.util.Arrays.fill(piece, (byte) 'a');
                            for (int sent = 0; sent < length; sent += piece.length) {
                                connection.send(java.util.Arrays.copyOf(piece, Math.min(piece.length, length - sent)));
                            }
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
            RawConnection.Response answer = connection.read();
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(connection.closedByServer()).isTrue();
            sending.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void streamsALargeResponseIntact() throws Exception {
        String request = RawConnection.get("/v3/api-docs", "Connection: close");
        byte[] direct;
        try (RawConnection tomcat = new RawConnection(tomcatPort())) {
            direct = tomcat.send(request).read().body();
        }
        try (RawConnection front = new RawConnection(port)) {
            RawConnection.Response proxied = front.send(request).read();
            assertThat(proxied.status()).isEqualTo(200);
            assertThat(direct.length).isGreaterThan(128 * 1024);
            assertThat(proxied.body()).isEqualTo(direct);
            assertThat(front.closedByServer()).isTrue();
        }
    }

    @Test
    void handsAConnectionWhoseFirstRequestARouteServesToTheRoute() throws Exception {
        try (RawConnection connection = new RawConnection(port)) {
            RawConnection.Response response =
                    connection.send(RawConnection.get("/test-route?x=1")).read();
            assertThat(response.status()).isEqualTo(200);
            // on the live calls' loops, with only the HTTP codec of the front's handlers left
            assertThat(response.text()).startsWith("taken on call-loop").endsWith("with [http]");
        }
    }

    @Test
    void offersOnlyTheFirstRequestOfAConnectionToTheRoutes() throws Exception {
        try (RawConnection connection = new RawConnection(port)) {
            assertThat(connection
                            .send(RawConnection.get("/actuator/health"))
                            .read()
                            .status())
                    .isEqualTo(200);
            RawConnection.Response tomcat =
                    connection.send(RawConnection.get("/test-route")).read();
            assertThat(tomcat.text()).doesNotContain("taken on");
            assertThat(tomcat.status()).isIn(401, 404);
        }
    }

    @Test
    void relaysAWebSocketHandshakeAfterAnOrdinaryRequestToTomcat() throws Exception {
        try (RawConnection connection = new RawConnection(port)) {
            assertThat(connection
                            .send(RawConnection.get("/actuator/health"))
                            .read()
                            .status())
                    .isEqualTo(200);
            RawConnection.Response refused = connection.send(upgrade()).read();
            assertThat(refused.status()).as(refused::toString).isEqualTo(403);
        }
    }

    @Test
    void relaysTheBytesOfAWebSocketTomcatAcceptsAfterAnOrdinaryRequest() throws Exception {
        String basic = "Authorization: Basic "
                + Base64.getEncoder()
                        .encodeToString("test-exotel-sid:test-exotel-token".getBytes(StandardCharsets.UTF_8));
        try (RawConnection connection = new RawConnection(port)) {
            assertThat(connection
                            .send(RawConnection.get("/actuator/health"))
                            .read()
                            .status())
                    .isEqualTo(200);
            RawConnection.Response switched = connection.send(upgrade(basic)).read();
            assertThat(switched.status()).as(switched::toString).isEqualTo(101);
            assertThat(switched.header("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            // a masked close frame (code 1000); the server answers with its own close frame
            connection.send(new byte[] {(byte) 0x88, (byte) 0x82, 1, 2, 3, 4, 0x03 ^ 1, (byte) (0xE8 ^ 2)});
            byte[] frame = connection.readBytes(2);
            assertThat(frame[0] & 0xFF).isEqualTo(0x88);
            int length = frame[1] & 0x7F;
            byte[] payload = connection.readBytes(length);
            assertThat(length).isGreaterThanOrEqualTo(2);
            assertThat(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF)).isEqualTo(1000);
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    private static String upgrade(String... headers) {
        String[] all = new String[headers.length + 4];
        all[0] = "Upgrade: websocket";
        all[1] = "Connection: Upgrade";
        all[2] = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==";
        all[3] = "Sec-WebSocket-Version: 13";
        System.arraycopy(headers, 0, all, 4, headers.length);
        return RawConnection.get("/media/exotel", all);
    }
}
