package com.caly.voice.realtime;

import static com.caly.voice.realtime.ScriptedWebSocketServer.WAIT_SECONDS;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.caly.voice.realtime.ScriptedWebSocketServer.Close;
import com.caly.voice.realtime.ScriptedWebSocketServer.Peer;
import com.caly.voice.realtime.ScriptedWebSocketServer.Pong;
import com.caly.voice.realtime.ScriptedWebSocketServer.Raw;
import com.caly.voice.realtime.ScriptedWebSocketServer.Text;
import io.netty.buffer.Unpooled;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RealtimeConnectionTests {

    private static final String KEY = "sk-test-123";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);
    private static final int MAX = RealtimeConnection.MAX_MESSAGE_BYTES;

    private MultiThreadIoEventLoopGroup group;
    private EventLoop loop;
    private ScriptedWebSocketServer server;
    private final List<RealtimeConnection> connections = new ArrayList<>();
    private final List<Recorder> recorders = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        // two threads, so that "the given loop" is not merely "a loop of the group"
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        loop = group.next();
        server = new ScriptedWebSocketServer();
    }

    @AfterEach
    void stop() {
        connections.forEach(RealtimeConnection::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(WAIT_SECONDS, TimeUnit.SECONDS);
        server.close();
        recorders.forEach(recorder ->
                assertThat(recorder.offLoop).as("callbacks off the given loop").isEmpty());
    }

    @Test
    void reportsOpenedThenEachTextInOrderOnTheGivenLoop() throws Exception {
        server.onUpgrade(peer -> peer.sendText("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"));
        Recorder handler = new Recorder();

        open(server.url("/v1/realtime"), handler);

        assertThat(handler.nextText()).isEqualTo("{\"n\":1}");
        assertThat(handler.nextText()).isEqualTo("{\"n\":2}");
        assertThat(handler.nextText()).isEqualTo("{\"n\":3}");
        assertThat(handler.events).containsExactly("opened", "text {\"n\":1}", "text {\"n\":2}", "text {\"n\":3}");
        assertThat(handler.onLoop).containsExactly(true, true, true, true);
    }

    @Test
    void upgradesWithTheBearerKeyAndTheUrlsPathAndQuery() throws Exception {
        Recorder handler = new Recorder();

        open(server.url("/v1/realtime?model=gpt-realtime&note=a%20b"), handler);

        await(handler.opened);
        ScriptedWebSocketServer.Request request = await(server.peer().request);
        assertThat(request.uri()).isEqualTo("/v1/realtime?model=gpt-realtime&note=a%20b");
        assertThat(request.headers().getAll(HttpHeaderNames.AUTHORIZATION)).containsExactly("Bearer " + KEY);
        assertThat(request.headers().get(HttpHeaderNames.UPGRADE)).isEqualToIgnoringCase("websocket");
        assertThat(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION)).isEqualTo("13");
        assertThat(request.headers().contains(HttpHeaderNames.ORIGIN)).isFalse();
    }

    @Test
    void dropsSendsBeforeTheUpgradeAndSendsMaskedTextFramesFromAnyThreadAfterIt() throws Exception {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        server.answerWhen(answer);
        Recorder handler = new Recorder();
        List<RealtimeConnection> self = new CopyOnWriteArrayList<>();
        handler.whenOpened = () -> self.get(0).send("from opened");

        RealtimeConnection connection = open(server.url("/"), handler);
        self.add(connection);
        connection.send("before the socket");
        Peer peer = server.peer();
        await(peer.request);
        connection.send("before the upgrade");
        settle();
        answer.complete(null);
        await(handler.opened);
        connection.send("one");
        CompletableFuture.runAsync(() -> connection.send("two")).get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertThat(peer.next()).isEqualTo(new Text("from opened"));
        assertThat(peer.next()).isEqualTo(new Text("one"));
        assertThat(peer.next()).isEqualTo(new Text("two"));
        assertThat(peer.raw).containsExactly(new Raw(1, true, true), new Raw(1, true, true), new Raw(1, true, true));
        assertThat(onLoop(connection::isOpen)).isTrue();
    }

    @Test
    void joinsFragmentsIntoOneTextEvenWhenACharacterOrAPingFallsBetweenThem() throws Exception {
        byte[] word = "{\"say\":\"namasté\"}".getBytes(UTF_8);
        int split = indexOf(word, (byte) 0xC3) + 1; // inside the two bytes of é
        server.onUpgrade(peer -> peer.send(
                new TextWebSocketFrame(false, 0, "{\"a\":"),
                new ContinuationWebSocketFrame(false, 0, "1,"),
                new ContinuationWebSocketFrame(true, 0, "\"b\":2}"),
                new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(Arrays.copyOfRange(word, 0, split))),
                new PingWebSocketFrame(Unpooled.copiedBuffer("between", UTF_8)),
                new ContinuationWebSocketFrame(
                        true, 0, Unpooled.wrappedBuffer(Arrays.copyOfRange(word, split, word.length)))));
        Recorder handler = new Recorder();

        open(server.url("/"), handler);

        assertThat(handler.nextText()).isEqualTo("{\"a\":1,\"b\":2}");
        assertThat(handler.nextText()).isEqualTo("{\"say\":\"namasté\"}");
        assertThat(server.peer().next()).isEqualTo(new Pong("between"));
        assertThat(handler.events).containsExactly("opened", "text {\"a\":1,\"b\":2}", "text {\"say\":\"namasté\"}");
    }

    @Test
    void reportsABinaryFrameAsMalformedAndStaysOpen() throws Exception {
        server.onUpgrade(peer -> {
            peer.send(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));
            peer.sendText("{\"after\":true}");
        });
        Recorder handler = new Recorder();

        RealtimeConnection connection = open(server.url("/"), handler);

        assertThat(handler.nextText()).isEqualTo("{\"after\":true}");
        assertThat(handler.events).containsExactly("opened", "malformed binary frame", "text {\"after\":true}");
        assertThat(onLoop(connection::isOpen)).isTrue();
        connection.send("still sending");
        assertThat(server.peer().next()).isEqualTo(new Text("still sending"));
    }

    @Test
    void takesAMessageOfExactlyEightMebibytesWholeOrInFragments() throws Exception {
        String whole = "w".repeat(MAX);
        String half = "f".repeat(MAX / 2);
        server.onUpgrade(peer -> peer.send(
                new TextWebSocketFrame(whole),
                new TextWebSocketFrame(false, 0, half),
                new ContinuationWebSocketFrame(true, 0, half)));
        Recorder handler = new Recorder();

        RealtimeConnection connection = open(server.url("/"), handler);

        assertThat(handler.nextText()).isEqualTo(whole);
        assertThat(handler.nextText()).isEqualTo(half + half);
        assertThat(onLoop(connection::isOpen)).isTrue();
    }

    @Test
    void closesWith1009OnAFrameOverEightMebibytes() throws Exception {
        server.onUpgrade(peer -> peer.sendText("x".repeat(MAX + 1)));
        Recorder handler = new Recorder();

        RealtimeConnection connection = open(server.url("/"), handler);

        assertThat(await(handler.closed))
                .isEqualTo(new Closed(1009, "Max frame length of " + MAX + " has been exceeded."));
        server.peer().awaitClosed();
        settle();
        assertThat(handler.events)
                .containsExactly("opened", "closed 1009 Max frame length of " + MAX + " has been exceeded.");
        assertThat(onLoop(connection::isOpen)).isFalse();
    }

    @Test
    void closesWith1009OnFragmentsThatAddUpToOverEightMebibytes() throws Exception {
        String third = "x".repeat(MAX / 3 + 1);
        server.onUpgrade(peer -> peer.send(
                new TextWebSocketFrame(false, 0, third),
                new ContinuationWebSocketFrame(false, 0, third),
                new ContinuationWebSocketFrame(true, 0, third + "x")));
        Recorder handler = new Recorder();

        open(server.url("/"), handler);

        assertThat(await(handler.closed)).isEqualTo(new Closed(1009, "message over " + MAX + " bytes"));
        server.peer().awaitClosed();
        settle();
        assertThat(handler.events).containsExactly("opened", "closed 1009 message over " + MAX + " bytes");
    }

    @Test
    void reportsTheModelsCloseCodeAndReasonOnceAndEchoesTheCloseFrame() throws Exception {
        server.onUpgrade(peer -> peer.send(new CloseWebSocketFrame(1011, "bye")));
        Recorder handler = new Recorder();

        RealtimeConnection connection = open(server.url("/"), handler);

        assertThat(await(handler.closed)).isEqualTo(new Closed(1011, "bye"));
        Peer peer = server.peer();
        assertThat(peer.next()).isEqualTo(new Close(1011, "bye"));
        peer.awaitClosed();
        settle();
        assertThat(handler.events).containsExactly("opened", "closed 1011 bye");
        assertThat(onLoop(connection::isOpen)).isFalse();
    }

    @Test
    void reports1005ForACloseFrameWithoutACode() throws Exception {
        server.onUpgrade(peer -> peer.send(new CloseWebSocketFrame()));
        Recorder handler = new Recorder();

        open(server.url("/"), handler);

        assertThat(await(handler.closed)).isEqualTo(new Closed(1005, ""));
        server.peer().awaitClosed();
        settle();
        assertThat(handler.events).containsExactly("opened", "closed 1005 ");
    }

    @Test
    void reportsMinusOneOnceWhenTheConnectionDrops() throws Exception {
        server.onUpgrade(Peer::drop);
        Recorder handler = new Recorder();

        RealtimeConnection connection = open(server.url("/"), handler);

        assertThat(await(handler.closed)).isEqualTo(new Closed(-1, "connection lost"));
        settle();
        assertThat(handler.events).containsExactly("opened", "closed -1 connection lost");
        assertThat(onLoop(connection::isOpen)).isFalse();
        connection.send("into the void");
        settle();
        assertThat(handler.events).hasSize(2);
    }

    @Test
    void failsOnceAndNeverOpensWhenTheUpgradeIsRefused() throws Exception {
        server.refuseWith(503);
        Recorder handler = new Recorder();

        RealtimeConnection connection = open(server.url("/"), handler);

        assertThat(await(handler.failed))
                .isInstanceOf(WebSocketHandshakeException.class)
                .hasMessageContaining("503");
        server.peer().awaitClosed();
        settle();
        assertThat(handler.events).containsExactly("failed WebSocketClientHandshakeException");
        assertThat(onLoop(connection::isOpen)).isFalse();
    }

    @Test
    void failsWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, server.address())) {
            port = probe.getLocalPort();
        }
        Recorder handler = new Recorder();

        open(URI.create("ws://" + server.address().getHostAddress() + ":" + port + "/"), handler);

        assertThat(await(handler.failed)).isInstanceOf(ConnectException.class);
        settle();
        assertThat(handler.events).hasSize(1);
    }

    @Test
    void failsAfterTheConnectTimeoutWhenTheUpgradeIsNeverAnswered() throws Exception {
        server.answerWhen(new CompletableFuture<>());
        Recorder handler = new Recorder();
        long started = System.nanoTime();

        open(server.url("/"), SHORT_TIMEOUT, handler);

        assertThat(await(handler.failed))
                .isInstanceOf(ConnectTimeoutException.class)
                .hasMessage("the realtime socket did not open within 300 ms");
        assertThat(Duration.ofNanos(handler.failedAt - started)).isGreaterThanOrEqualTo(SHORT_TIMEOUT);
        Peer peer = server.peer();
        assertThat(peer.request).isDone();
        peer.awaitClosed();
        settle();
        assertThat(handler.events).containsExactly("failed ConnectTimeoutException");
    }

    @Test
    void failsWhenTheSocketClosesBeforeTheUpgrade() throws Exception {
        server.dropOnRequest();
        Recorder handler = new Recorder();

        open(server.url("/"), handler);

        assertThat(await(handler.failed))
                .isInstanceOf(IOException.class)
                .hasMessage("the realtime socket closed before the upgrade");
        settle();
        assertThat(handler.events).containsExactly("failed IOException");
    }

    @Test
    void opensByHostName() throws Exception {
        assumeThat(InetAddress.getByName("localhost")).isEqualTo(server.address());
        server.onUpgrade(peer -> peer.sendText("{}"));
        Recorder handler = new Recorder();

        open(URI.create("ws://localhost:" + server.port() + "/"), handler);

        assertThat(handler.nextText()).isEqualTo("{}");
        assertThat(handler.events).containsExactly("opened", "text {}");
    }

    @Test
    void ourCloseSendsANormalCloseFrameAndTheHandlerHearsNothingMore() throws Exception {
        Recorder handler = new Recorder();
        RealtimeConnection connection = open(server.url("/"), handler);
        await(handler.opened);
        Peer peer = server.peer();

        connection.close();
        connection.close();
        connection.send("after close");

        assertThat(peer.next()).isEqualTo(new Close(1000, "call ended"));
        assertThat(peer.raw).containsExactly(new Raw(8, true, true));
        peer.awaitClosed();
        settle();
        assertThat(handler.events).containsExactly("opened");
        assertThat(peer.received).isEmpty();
        assertThat(onLoop(connection::isOpen)).isFalse();
    }

    @Test
    void ourCloseWhileTheUpgradeIsUnansweredAbandonsItSilently() throws Exception {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        server.answerWhen(answer);
        Recorder handler = new Recorder();
        RealtimeConnection connection = open(server.url("/"), SHORT_TIMEOUT, handler);
        Peer peer = server.peer();
        await(peer.request);

        connection.close();

        peer.awaitClosed();
        answer.complete(null);
        pastTheConnectTimeout();
        assertThat(handler.events).isEmpty();
        assertThat(peer.raw).isEmpty();
    }

    @Test
    void ourCloseRightAfterOpenAbandonsTheConnectSilently() throws Exception {
        Recorder handler = new Recorder();

        RealtimeConnection connection = open(server.url("/"), SHORT_TIMEOUT, handler);
        connection.close();

        pastTheConnectTimeout();
        if (server.accepted()) {
            server.peer().awaitClosed();
        }
        settle();
        assertThat(handler.events).isEmpty();
    }

    @Test
    void answersAPingWithAPongOfTheSamePayload() throws Exception {
        server.onUpgrade(peer -> peer.send(new PingWebSocketFrame(Unpooled.copiedBuffer("p-1", UTF_8))));
        Recorder handler = new Recorder();

        open(server.url("/"), handler);

        Peer peer = server.peer();
        assertThat(peer.next()).isEqualTo(new Pong("p-1"));
        assertThat(peer.raw).containsExactly(new Raw(10, true, true));
        settle();
        assertThat(handler.events).containsExactly("opened");
    }

    @Test
    void endsTheSocketWhenTheModelStopsReading() throws Exception {
        server.stopReadingOnUpgrade();
        Recorder handler = new Recorder();
        RealtimeConnection connection = open(server.url("/"), handler);
        await(handler.opened);
        String event = "x".repeat(64 * 1024);
        int most = 64 * 1024 * 1024 / event.length();

        int sent = loop.submit(() -> {
                    int n = 0;
                    while (connection.isOpen() && n < most) {
                        connection.send(event);
                        n++;
                    }
                    return n;
                })
                .get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertThat(sent)
                .isGreaterThan(RealtimeConnection.HIGH_WATER_BYTES / event.length())
                .isLessThan(most);
        assertThat(await(handler.closed)).isEqualTo(new Closed(-1, "model not reading"));
        settle();
        assertThat(handler.events).containsExactly("opened", "closed -1 model not reading");
    }

    @Test
    void aHandlerThatThrowsDoesNotTakeTheSocketDown() throws Exception {
        server.onUpgrade(peer -> peer.sendText("{\"n\":1}", "{\"n\":2}"));
        Recorder handler = new Recorder();
        handler.whenText = json -> {
            if (json.equals("{\"n\":1}")) {
                throw new IllegalStateException("a bug in the handler");
            }
        };

        RealtimeConnection connection = open(server.url("/"), handler);

        assertThat(handler.nextText()).isEqualTo("{\"n\":1}");
        assertThat(handler.nextText()).isEqualTo("{\"n\":2}");
        assertThat(onLoop(connection::isOpen)).isTrue();
    }

    @Test
    void rejectsUrlsThatAreNotWebSocketsOrDoNotMatchTheTlsGiven() {
        Recorder handler = new Recorder();
        assertThatThrownBy(() -> RealtimeConnection.open(loop, URI.create("http://localhost/"), KEY, TIMEOUT, handler))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        RealtimeConnection.open(loop, URI.create("wss://localhost/"), KEY, TIMEOUT, null, handler))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RealtimeConnection.open(loop, URI.create("ws:///path"), KEY, TIMEOUT, handler))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private RealtimeConnection open(URI url, Recorder handler) {
        return open(url, TIMEOUT, handler);
    }

    private RealtimeConnection open(URI url, Duration timeout, Recorder handler) {
        RealtimeConnection connection = RealtimeConnection.open(loop, url, KEY, timeout, handler);
        connections.add(connection);
        return connection;
    }

    /** Runs on the loop and waits: what the loop had to do before, it has done. */
    private <T> T onLoop(java.util.concurrent.Callable<T> task) throws Exception {
        return loop.submit(task).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Lets the loop run what is queued, and what that queues in turn (a channel's end takes a few hops). */
    private void settle() throws Exception {
        for (int i = 0; i < 3; i++) {
            onLoop(() -> null);
        }
    }

    /** Waits on the loop's own timer until after the connect deadline, which the loop would have run first. */
    private void pastTheConnectTimeout() throws Exception {
        Future<?> after = loop.schedule(() -> {}, SHORT_TIMEOUT.toMillis() + 100, TimeUnit.MILLISECONDS);
        after.get(WAIT_SECONDS, TimeUnit.SECONDS);
        settle();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        throw new IllegalArgumentException("not there");
    }

    record Closed(int code, String reason) {}

    /** Records what the connection reports, and whether each report came on the given loop. */
    private final class Recorder implements RealtimeConnection.Handler {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Boolean> onLoop = new CopyOnWriteArrayList<>();
        final List<String> offLoop = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> opened = new CompletableFuture<>();
        final CompletableFuture<Closed> closed = new CompletableFuture<>();
        final CompletableFuture<Throwable> failed = new CompletableFuture<>();
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        volatile long failedAt;
        volatile Runnable whenOpened = () -> {};
        volatile Consumer<String> whenText = json -> {};

        Recorder() {
            recorders.add(this);
        }

        @Override
        public void opened() {
            heard("opened");
            opened.complete(null);
            whenOpened.run();
        }

        @Override
        public void text(String json) {
            heard("text " + (json.length() > 100 ? json.length() + " chars" : json));
            texts.add(json);
            whenText.accept(json);
        }

        @Override
        public void malformed(String why) {
            heard("malformed " + why);
        }

        @Override
        public void closed(int code, String reason) {
            heard("closed " + code + " " + reason);
            closed.complete(new Closed(code, reason));
        }

        @Override
        public void failed(Throwable cause) {
            failedAt = System.nanoTime();
            heard("failed " + cause.getClass().getSimpleName());
            failed.complete(cause);
        }

        String nextText() throws InterruptedException {
            String next = texts.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(next).as("a text message").isNotNull();
            return next;
        }

        private void heard(String event) {
            boolean inLoop = loop.inEventLoop();
            onLoop.add(inLoop);
            if (!inLoop) {
                offLoop.add(event + " on " + Thread.currentThread().getName());
            }
            events.add(event);
        }
    }
}
