import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a Caly webhook delivery: JDK 17 only. Copy {@link #verify} into your receiver, or run this file as a
 * program (single-file launch):
 *
 * <pre>java Verify.java &lt;secret&gt; &lt;Caly-Signature value&gt; [unix-now] &lt; body</pre>
 *
 * which prints "valid" (exit 0) or "invalid: &lt;reason&gt;" (exit 1).
 */
public final class Verify {

    /** Deliveries signed longer ago than this, or further in the future, are refused: a replay is too old. */
    public static final long TOLERANCE_SECONDS = 300;

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,12}");

    /** Valid, or invalid with the reason. */
    public record Result(boolean valid, String reason) {
        static Result ok() {
            return new Result(true, null);
        }

        static Result invalid(String reason) {
            return new Result(false, reason);
        }
    }

    private Verify() {}

    /**
     * Checks a Caly-Signature header ({@code t=<unix seconds>,v1=<hex>[,v1=<hex>]}) against the raw body.
     *
     * @param secret the whole signing secret, {@code whsec_...}
     * @param header the Caly-Signature header's value
     * @param body the raw request body, exactly as received (do not parse and re-serialise it first)
     * @param now the current time in unix seconds
     */
    public static Result verify(String secret, String header, byte[] body, long now) {
        if (header == null || header.isBlank()) {
            return Result.invalid("no Caly-Signature header");
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int at = part.indexOf('=');
            if (at < 0) {
                continue;
            }
            String key = part.substring(0, at).trim();
            String value = part.substring(at + 1).trim();
            if (key.equals("t")) {
                if (timestamp != null || !DIGITS.matcher(value).matches()) {
                    return Result.invalid("malformed timestamp");
                }
                timestamp = Long.parseLong(value);
            } else if (key.equals("v1") && HEX.matcher(value).matches()) {
                signatures.add(HexFormat.of().parseHex(value));
            }
        }
        if (timestamp == null) {
            return Result.invalid("no timestamp");
        }
        if (signatures.isEmpty()) {
            return Result.invalid("no v1 signature");
        }
        byte[] expected = hmacSha256(
                secret.getBytes(StandardCharsets.UTF_8), concat((timestamp + ".").getBytes(StandardCharsets.UTF_8), body));
        // every entry is compared, each in constant time: during a secret rotation the header carries two
        boolean matched = false;
        for (byte[] signature : signatures) {
            matched |= MessageDigest.isEqual(signature, expected);
        }
        if (!matched) {
            return Result.invalid("no signature matches");
        }
        if (Math.abs(now - timestamp) > TOLERANCE_SECONDS) {
            return Result.invalid("timestamp outside the tolerance");
        }
        return Result.ok();
    }

    private static byte[] hmacSha256(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] all = new byte[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3 || (args.length == 3 && !args[2].matches("[0-9]+"))) {
            System.err.println("usage: java Verify.java <secret> <Caly-Signature value> [unix-now] < body");
            System.exit(2);
        }
        long now = args.length == 3 ? Long.parseLong(args[2]) : System.currentTimeMillis() / 1000;
        Result result = verify(args[0], args[1], System.in.readAllBytes(), now);
        System.out.println(result.valid() ? "valid" : "invalid: " + result.reason());
        System.exit(result.valid() ? 0 : 1);
    }
}
