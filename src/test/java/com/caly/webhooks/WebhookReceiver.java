package com.caly.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A company's endpoint on loopback: keeps every request it gets and answers as the test says (a status, after a
 * delay, or not at all until released). Signatures are checked here with an HMAC of its own, as a receiver would.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request as received. */
    record Received(
            Instant at, String path, String signature, String eventId, String eventType, String attempt, String body) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        /** Whether a v1 of the signature header is the HMAC of "t.body" under the secret. */
        boolean signedWith(String secret) {
            String t = null;
            List<String> v1 = new ArrayList<>();
            for (String part : signature.split(",")) {
                if (part.startsWith("t=")) {
                    t = part.substring(2);
                } else if (part.startsWith("v1=")) {
                    v1.add(part.substring(3));
                }
            }
            if (t == null) {
                return false;
            }
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
                return v1.stream()
                        .anyMatch(hex ->
                                MessageDigest.isEqual(expected, HexFormat.of().parseHex(hex)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        long timestamp() {
            for (String part : signature.split(",")) {
                if (part.startsWith("t=")) {
                    return Long.parseLong(part.substring(2));
                }
            }
            return -1;
        }

        int signatures() {
            return (int) java.util.Arrays.stream(signature.split(","))
                    .filter(p -> p.startsWith("v1="))
                    .count();
        }
    }

    /** How to answer a request on a path. */
    record Answer(int status, Duration delay, String body) {
        static Answer ok() {
            return new Answer(200, Duration.ZERO, "ok");
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private volatile Function<Received, Answer> answers = request -> Answer.ok();
    private final CountDownLatch closed = new CountDownLatch(1);

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "webhook-receiver");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            var headers = exchange.getRequestHeaders();
            Received request = new Received(
                    Instant.now(),
                    exchange.getRequestURI().getPath(),
                    String.valueOf(headers.getFirst("Caly-Signature")),
                    String.valueOf(headers.getFirst("Caly-Event-Id")),
                    String.valueOf(headers.getFirst("Caly-Event-Type")),
                    String.valueOf(headers.getFirst("Caly-Delivery-Attempt")),
                    new String(body, StandardCharsets.UTF_8));
            received.add(request);
            Answer answer = answers.apply(request);
            try {
                if (answer.delay().isNegative()) {
                    closed.await(); // never answers while the test runs
                } else if (!answer.delay().isZero()) {
                    Thread.sleep(answer.delay().toMillis());
                }
                byte[] reply = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer.status(), reply.length == 0 ? -1 : reply.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the sender gave up waiting
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String url(String path) {
        return origin() + path;
    }

    void answer(Function<Received, Answer> answers) {
        this.answers = answers;
    }

    List<Received> on(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    List<Received> await(String path, Predicate<List<Received>> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Received> now = on(path);
            if (done.test(now)) {
                return now;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("on " + path + " only: "
                + on(path).stream().map(Received::eventType).toList());
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
