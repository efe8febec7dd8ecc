package com.caly.recordings.local;

import com.caly.shared.Secrets;
import java.time.Instant;
import java.util.HexFormat;

/** Signs and checks the download links of locally stored recordings: HMAC-SHA256 over the key and expiry. */
public class RecordingLinkSigner {

    private final byte[] key;

    public RecordingLinkSigner(String sessionSecret) {
        this.key = Secrets.deriveKey(sessionSecret, "recording-links");
    }

    public String sign(String objectKey, Instant expiresAt) {
        return HexFormat.of().formatHex(Secrets.hmacSha256(key, objectKey + "\n" + expiresAt.getEpochSecond()));
    }

    public boolean verify(String objectKey, long expiresEpochSecond, String signature, Instant now) {
        if (now.getEpochSecond() >= expiresEpochSecond) {
            return false;
        }
        byte[] expected = Secrets.hmacSha256(key, objectKey + "\n" + expiresEpochSecond);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return Secrets.constantTimeEquals(expected, given);
    }
}
