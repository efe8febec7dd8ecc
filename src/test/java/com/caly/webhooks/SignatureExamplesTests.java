package com.caly.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The verification examples of docs/webhooks.md, run as a receiver would run them: each program gets the secret,
 * the Caly-Signature header and the current time as arguments and the raw body on stdin. The signatures are made
 * here with javax.crypto, independently of the service's own signing code, so the examples check the documented
 * scheme, not the implementation's idea of it.
 */
class SignatureExamplesTests {

    private static final Path ROOT = Path.of(System.getProperty("user.dir"));
    private static final String SECRET = "whsec_4f9c2a7d1e8b6035c1a9f0e2d7b4c68a";
    private static final String OLD_SECRET = "whsec_0d3e5f7a9b1c2d4e6f8a0b2c4d6e8f1a";
    private static final long NOW = 1_796_000_000L;
    // non-ASCII text and a trailing newline: the examples must sign the bytes as received, not a re-encoding
    private static final byte[] BODY = ("{\"id\":\"evt_0123456789abcdef0123456789abcdef\",\"type\":\"call.ended\","
                    + "\"apiVersion\":\"2026-12-01\",\"createdAt\":\"2026-12-01T10:15:30Z\","
                    + "\"companyId\":\"7d1f3c52-6a0e-4b8e-9c1d-2f4a6b8c0d1e\",\"data\":{\"status\":\"completed\","
                    + "\"summary\":\"कुर्ता वापस करना है — return filed\",\"durationSeconds\":184}}\n")
            .getBytes(StandardCharsets.UTF_8);

    /** One verification example: the program that runs it. */
    enum Example {
        NODE("node", "docs/webhooks/verify.js"),
        PYTHON("python3", "docs/webhooks/verify.py"),
        JAVA(null, "docs/webhooks/Verify.java");

        private final String binary;
        private final String file;

        Example(String binary, String file) {
            this.binary = binary;
            this.file = file;
        }

        List<String> command() {
            String program = binary == null
                    ? Path.of(System.getProperty("java.home"), "bin", "java").toString()
                    : onPath(binary)
                            .orElseGet(() -> {
                                Assumptions.abort(binary + " is not installed; its example is not run");
                                return null;
                            })
                            .toString();
            return List.of(program, file);
        }
    }

    record Outcome(int exitCode, String output) {}

    @ParameterizedTest
    @EnumSource(Example.class)
    void acceptsAValidSignature(Example example) {
        long t = NOW - 5;
        Outcome outcome = run(example, SECRET, "t=" + t + ",v1=" + sign(SECRET, t, BODY), NOW, BODY);

        assertThat(outcome).isEqualTo(new Outcome(0, "valid"));
    }

    @ParameterizedTest
    @EnumSource(Example.class)
    void rejectsATamperedBody(Example example) {
        long t = NOW - 5;
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8)
                .replace("\"durationSeconds\":184", "\"durationSeconds\":18")
                .getBytes(StandardCharsets.UTF_8);

        Outcome outcome = run(example, SECRET, "t=" + t + ",v1=" + sign(SECRET, t, BODY), NOW, tampered);

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.output()).startsWith("invalid: ");
    }

    @ParameterizedTest
    @EnumSource(Example.class)
    void rejectsASignatureMadeWithAnotherSecret(Example example) {
        long t = NOW - 5;
        Outcome outcome = run(example, SECRET, "t=" + t + ",v1=" + sign(OLD_SECRET, t, BODY), NOW, BODY);

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.output()).startsWith("invalid: ");
    }

    @ParameterizedTest
    @EnumSource(Example.class)
    void rejectsATimestampMoreThanFiveMinutesOld(Example example) {
        long stale = NOW - 301;
        long edge = NOW - 300;

        Outcome tooOld = run(example, SECRET, "t=" + stale + ",v1=" + sign(SECRET, stale, BODY), NOW, BODY);
        Outcome justInTime = run(example, SECRET, "t=" + edge + ",v1=" + sign(SECRET, edge, BODY), NOW, BODY);

        assertThat(tooOld.exitCode()).isEqualTo(1);
        assertThat(tooOld.output()).startsWith("invalid: ");
        assertThat(justInTime).isEqualTo(new Outcome(0, "valid"));
    }

    @ParameterizedTest
    @EnumSource(Example.class)
    void acceptsARotationHeaderWhereOnlyTheSecondSignatureMatches(Example example) {
        long t = NOW - 5;
        // the receiver still holds the old secret: the new one signs first, the old one second
        String header = "t=" + t + ",v1=" + sign(SECRET, t, BODY) + ",v1=" + sign(OLD_SECRET, t, BODY);

        Outcome outcome = run(example, OLD_SECRET, header, NOW, BODY);

        assertThat(outcome).isEqualTo(new Outcome(0, "valid"));
    }

    private static String sign(String secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] prefix = (t + ".").getBytes(StandardCharsets.UTF_8);
            byte[] message = Arrays.copyOf(prefix, prefix.length + body.length);
            System.arraycopy(body, 0, message, prefix.length, body.length);
            return HexFormat.of().formatHex(mac.doFinal(message));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Outcome run(Example example, String secret, String header, long now, byte[] body) {
        List<String> command = new ArrayList<>(example.command());
        command.addAll(List.of(secret, header, Long.toString(now)));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(ROOT.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (var stdin = process.getOutputStream()) {
                stdin.write(body);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(example + " did not finish within 60 s");
            }
            return new Outcome(process.exitValue(), output.join().trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Path> onPath(String binary) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, binary))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
