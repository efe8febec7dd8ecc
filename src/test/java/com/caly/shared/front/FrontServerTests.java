package com.caly.shared.front;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.RawConnection;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The front against a stand-in for Tomcat that the test drives byte by byte. */
class FrontServerTests {

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ServerSocket backend = newBackend();
    private FrontServer front;

    private static ServerSocket newBackend() {
        try {
            ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            socket.setSoTimeout(10_000);
            return socket;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void startFront(String trustedProxies, int tomcatPort) {
        front = new FrontServer(
                loops,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                List.of(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), tomcatPort),
                new ForwardedHeaders(trustedProxies));
        front.start();
    }

    @AfterEach
    void stop() throws IOException {
        if (front != null) {
            front.close();
        }
        backend.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void tellsTomcatADirectClientsAddressInPlaceOfWhatTheClientClaims() throws Exception {
        startFront("10\\.\\d+\\.\\d+\\.\\d+", backend.getLocalPort());
        try (RawConnection client = new RawConnection(front.port())) {
            client.send(RawConnection.get(
                    "/x", "X-Forwarded-For: 203.0.113.1", "X-Forwarded-Proto: https", "Forwarded: for=203.0.113.1"));
            try (Socket tomcat = backend.accept()) {
                String request = head(tomcat.getInputStream());
                assertThat(request)
                        .startsWith("GET /x HTTP/1.1\r\n")
                        .contains("X-Forwarded-For: 127.0.0.1\r\n")
                        .doesNotContain("203.0.113.1", "X-Forwarded-Proto", "Forwarded:");
                tomcat.getOutputStream()
                        .write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
                RawConnection.Response response = client.read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.text()).isEqualTo("ok");
            }
        }
    }

    @Test
    void answersBadGatewayWhenTomcatCannotBeReached() throws Exception {
        int closedPort = backend.getLocalPort();
        backend.close();
        startFront("", closedPort);
        try (RawConnection client = new RawConnection(front.port())) {
            RawConnection.Response response =
                    client.send(RawConnection.get("/x")).read();
            assertThat(response.status()).isEqualTo(502);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(response.text())
                    .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Bad Gateway\",\"status\":502}");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void answersBadGatewayWhenTomcatClosesBeforeAnswering() throws Exception {
        startFront("", backend.getLocalPort());
        try (RawConnection client = new RawConnection(front.port())) {
            client.send(RawConnection.get("/x"));
            try (Socket tomcat = backend.accept()) {
                head(tomcat.getInputStream());
            }
            RawConnection.Response response = client.read();
            assertThat(response.status()).isEqualTo(502);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void closesTheClientsConnectionWhenTomcatClosesInTheMiddleOfAResponse() throws Exception {
        startFront("", backend.getLocalPort());
        try (RawConnection client = new RawConnection(front.port())) {
            client.send(RawConnection.get("/x"));
            try (Socket tomcat = backend.accept()) {
                head(tomcat.getInputStream());
                tomcat.getOutputStream()
                        .write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf"
                                .getBytes(StandardCharsets.ISO_8859_1));
            }
            byte[] answer = client.readBytes(1024);
            assertThat(new String(answer, StandardCharsets.ISO_8859_1))
                    .startsWith("HTTP/1.1 200 OK")
                    .endsWith("\r\n\r\nhalf");
        }
    }

    @Test
    void answersARequestLineOverTheLimitWithTheContainersProblem() throws Exception {
        startFront("", backend.getLocalPort());
        try (RawConnection client = new RawConnection(front.port())) {
            RawConnection.Response response =
                    client.send(RawConnection.get("/" + "a".repeat(9000))).read();
            assertThat(response.status()).isEqualTo(414);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(response.text()).contains("\"type\":\"/problems/uri-too-long\"", "\"status\":414");
        }
    }
}
