package care.notification.notice;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a provider's webhook: header {@code X-Care-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "t.body">} with the shared secret. The timestamp must be within the tolerance of now, so a captured call
 * cannot be replayed later; the comparison takes constant time.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Care-Signature";

    private final byte[] secret;
    private final Duration tolerance;

    /** @param secret the shared secret; none (no provider with webhooks configured) refuses every call */
    public WebhookSignature(String secret, Duration tolerance) {
        if (secret != null && !secret.isBlank() && secret.length() < 16) {
            throw new IllegalArgumentException("care.notification.webhook-secret must have at least 16 characters");
        }
        this.secret = secret == null || secret.isBlank() ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.tolerance = tolerance;
    }

    /** The header value for this body at this time (what a provider sends). */
    public String sign(byte[] body, Instant at) {
        if (secret == null) {
            throw new IllegalStateException("no webhook secret is configured");
        }
        long seconds = at.getEpochSecond();
        return "t=" + seconds + ",v1=" + HexFormat.of().formatHex(mac(seconds, body));
    }

    public boolean verify(String header, byte[] body, Instant now) {
        if (header == null || secret == null) {
            return false;
        }
        Long seconds = null;
        byte[] given = null;
        for (String part : header.split(",")) {
            String[] pair = part.strip().split("=", 2);
            if (pair.length != 2) {
                continue;
            }
            try {
                if (pair[0].equals("t")) {
                    seconds = Long.parseLong(pair[1]);
                } else if (pair[0].equals("v1")) {
                    given = HexFormat.of().parseHex(pair[1]);
                }
            } catch (IllegalArgumentException malformed) {
                return false;
            }
        }
        if (seconds == null || given == null) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - Math.max(Long.MIN_VALUE / 2, Math.min(Long.MAX_VALUE / 2, seconds)))
                > tolerance.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(mac(seconds, body), given);
    }

    private byte[] mac(long seconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((seconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
