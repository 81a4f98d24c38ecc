package care.notification.notice;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a provider's webhook: header {@code X-Care-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "t.body">} with the shared secret. The timestamp may be at most the tolerance old and less than
 * {@link #FUTURE_SKEW} ahead of now, so a captured call cannot be replayed later; within that window
 * {@link AcceptedSignatures} lets each signature through once. The comparison takes constant time.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Care-Signature";
    /** How far ahead of this service's clock a provider's timestamp may be (clocks differ a little); not more. */
    public static final Duration FUTURE_SKEW = Duration.ofSeconds(30);
    /** Timestamps beyond this many seconds from the epoch (year ~33,000) are refused without arithmetic overflow. */
    private static final long FARTHEST = 1_000_000_000_000L;

    /**
     * A call whose signature and timestamp verified.
     *
     * @param signedAt  the signature's timestamp
     * @param replayKey SHA-256 (hex) of the signature in one canonical form ({@code "<t>.<lowercase v1>"}), so
     *                  the same signature written differently (upper-case hex, leading zeros, parts reordered)
     *                  has the same key; it does not reveal the signature
     */
    public record Verified(Instant signedAt, String replayKey) {
    }

    private final byte[] secret;
    private final Duration tolerance;

    /**
     * @param secret    the shared secret; none (no provider with webhooks configured) refuses every call
     * @param tolerance how old a signature may be
     */
    public WebhookSignature(String secret, Duration tolerance) {
        if (secret != null && !secret.isBlank() && secret.length() < 16) {
            throw new IllegalArgumentException("care.notification.webhook-secret must have at least 16 characters");
        }
        if (tolerance == null || tolerance.isNegative() || tolerance.isZero()) {
            throw new IllegalArgumentException("care.notification.webhook-tolerance must be positive");
        }
        this.secret = secret == null || secret.isBlank() ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.tolerance = tolerance;
    }

    /** How old a signature may be: the window in which it must be remembered to be refused a second time. */
    public Duration tolerance() {
        return tolerance;
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
        return verified(header, body, now).isPresent();
    }

    /**
     * The verified call, or empty when the header is missing or malformed, the MAC does not match, the timestamp
     * is more than the tolerance old, or {@link #FUTURE_SKEW} or more ahead of {@code now}.
     */
    public Optional<Verified> verified(String header, byte[] body, Instant now) {
        if (header == null || secret == null) {
            return Optional.empty();
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
                return Optional.empty();
            }
        }
        if (seconds == null || given == null || Math.abs(seconds) > FARTHEST) {
            return Optional.empty();
        }
        long ageMillis = now.toEpochMilli() - seconds * 1000;
        if (ageMillis > tolerance.toMillis() || -ageMillis >= FUTURE_SKEW.toMillis()) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(mac(seconds, body), given)) {
            return Optional.empty();
        }
        return Optional.of(new Verified(Instant.ofEpochSecond(seconds), replayKey(seconds, given)));
    }

    private static String replayKey(long seconds, byte[] given) {
        try {
            byte[] canonical = (seconds + "." + HexFormat.of().formatHex(given)).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
