package care.notification.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    static final String SECRET = "a-shared-secret-of-32-characters";
    static final Duration TOLERANCE = Duration.ofMinutes(5);
    static final Instant NOW = Instant.parse("2026-01-14T10:00:00Z");
    static final byte[] BODY = "{\"id\":\"m-1\",\"status\":\"delivered\"}".getBytes(StandardCharsets.UTF_8);

    final WebhookSignature signature = new WebhookSignature(SECRET, TOLERANCE);

    @Test
    void aSignedBodyVerifies() {
        String header = signature.sign(BODY, NOW);
        assertThat(header).matches("t=" + NOW.getEpochSecond() + ",v1=[0-9a-f]{64}");
        assertThat(signature.verify(header, BODY, NOW)).isTrue();
        assertThat(signature.verify(header, BODY, NOW.plusSeconds(30))).isTrue();
        // another instance with the same secret (the provider's side) agrees
        assertThat(new WebhookSignature(SECRET, TOLERANCE).verify(header, BODY, NOW)).isTrue();
        // the parts may come in any order and with blanks
        String[] parts = header.split(",");
        assertThat(signature.verify(parts[1] + ", " + parts[0], BODY, NOW)).isTrue();
    }

    @Test
    void theSignatureIsAnHmacOfTimestampAndBody() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((NOW.getEpochSecond() + ".").getBytes(StandardCharsets.UTF_8));
        String expected = java.util.HexFormat.of().formatHex(mac.doFinal(BODY));
        assertThat(signature.sign(BODY, NOW)).isEqualTo("t=" + NOW.getEpochSecond() + ",v1=" + expected);
        assertThat(signature.verify("t=" + NOW.getEpochSecond() + ",v1=" + expected.toUpperCase(), BODY, NOW)).isTrue();
    }

    @Test
    void aChangedBodyFails() {
        String header = signature.sign(BODY, NOW);
        byte[] changed = "{\"id\":\"m-1\",\"status\":\"failed\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(signature.verify(header, changed, NOW)).isFalse();
        assertThat(signature.verify(header, new byte[0], NOW)).isFalse();
    }

    @Test
    void aWrongSecretFails() {
        String forged = new WebhookSignature("another-secret-of-32-characters!", TOLERANCE).sign(BODY, NOW);
        assertThat(signature.verify(forged, BODY, NOW)).isFalse();
    }

    @Test
    void aChangedTimestampFails() {
        String header = signature.sign(BODY, NOW);
        String replayedLater = header.replace("t=" + NOW.getEpochSecond(), "t=" + (NOW.getEpochSecond() + 60));
        assertThat(signature.verify(replayedLater, BODY, NOW)).isFalse();
    }

    @Test
    void aTimestampOutsideTheToleranceFails() {
        String header = signature.sign(BODY, NOW);
        assertThat(signature.verify(header, BODY, NOW.plus(TOLERANCE))).isTrue();
        assertThat(signature.verify(header, BODY, NOW.plus(TOLERANCE).plusSeconds(1))).isFalse();
        assertThat(signature.verify(header, BODY, NOW.plus(Duration.ofDays(1)))).isFalse();
        // a timestamp too far in the future fails as well
        assertThat(signature.verify(header, BODY, NOW.minus(TOLERANCE).minusSeconds(1))).isFalse();
    }

    @Test
    void aTimestampThirtySecondsOrMoreAheadIsRefused() {
        assertThat(signature.verify(signature.sign(BODY, NOW.plusSeconds(29)), BODY, NOW)).isTrue();
        assertThat(signature.verify(signature.sign(BODY, NOW.plusSeconds(30)), BODY, NOW)).isFalse();
        assertThat(signature.verify(signature.sign(BODY, NOW.plusSeconds(31)), BODY, NOW)).isFalse();
        // within the tolerance, but ahead: refused (it used to be accepted up to the tolerance ahead)
        assertThat(signature.verify(signature.sign(BODY, NOW.plus(TOLERANCE)), BODY, NOW)).isFalse();
        // the same signature verifies once the clock has caught up with it
        assertThat(signature.verify(signature.sign(BODY, NOW.plusSeconds(30)), BODY, NOW.plusMillis(1))).isTrue();
        assertThat(signature.verify("t=99999999999999999,v1=00", BODY, NOW)).isFalse();
        assertThat(signature.verify("t=-99999999999999999,v1=00", BODY, NOW)).isFalse();
    }

    @Test
    void aTimestampOlderThanTheWindowIsRefused() {
        assertThat(signature.verify(signature.sign(BODY, NOW.minus(TOLERANCE)), BODY, NOW)).isTrue();
        assertThat(signature.verify(signature.sign(BODY, NOW.minus(TOLERANCE).minusSeconds(1)), BODY, NOW)).isFalse();
        assertThat(signature.verify(signature.sign(BODY, NOW.minus(TOLERANCE)), BODY, NOW.plusMillis(1))).isFalse();
        // the window is the configured one
        WebhookSignature wider = new WebhookSignature(SECRET, Duration.ofMinutes(10));
        assertThat(wider.verify(wider.sign(BODY, NOW.minus(Duration.ofMinutes(9))), BODY, NOW)).isTrue();
        assertThat(wider.verify(wider.sign(BODY, NOW.minus(Duration.ofMinutes(11))), BODY, NOW)).isFalse();
    }

    @Test
    void theReplayKeyIsTheSignatureWhateverItsSpellingAndDoesNotRevealIt() {
        String header = signature.sign(BODY, NOW);
        WebhookSignature.Verified verified = signature.verified(header, BODY, NOW).orElseThrow();
        assertThat(verified.signedAt()).isEqualTo(NOW);
        assertThat(verified.replayKey()).matches("[0-9a-f]{64}");
        String t = header.substring(0, header.indexOf(','));
        String v1 = header.substring(header.indexOf("v1=") + 3);
        assertThat(verified.replayKey()).isNotEqualTo(v1).doesNotContain(v1.substring(0, 16));
        // the same signature, written differently, is the same signature
        for (String respelled : new String[] {"v1=" + v1 + "," + t, " " + t + " , v1=" + v1.toUpperCase(),
                "t=0" + NOW.getEpochSecond() + ",v1=" + v1, "t=+" + NOW.getEpochSecond() + ",v1=" + v1}) {
            assertThat(signature.verified(respelled, BODY, NOW)).as(respelled).get()
                    .extracting(WebhookSignature.Verified::replayKey).isEqualTo(verified.replayKey());
        }
        // another time or another body is another signature
        assertThat(signature.verified(signature.sign(BODY, NOW.minusSeconds(1)), BODY, NOW).orElseThrow().replayKey())
                .isNotEqualTo(verified.replayKey());
        byte[] other = "{\"id\":\"m-2\",\"status\":\"delivered\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(signature.verified(signature.sign(other, NOW), other, NOW).orElseThrow().replayKey())
                .isNotEqualTo(verified.replayKey());
        assertThat(signature.verified(header, other, NOW)).isEmpty();
    }

    @Test
    void aMissingOrMalformedHeaderFails() {
        String header = signature.sign(BODY, NOW);
        String v1 = header.substring(header.indexOf("v1="));
        String t = header.substring(0, header.indexOf(','));
        assertThat(signature.verify(null, BODY, NOW)).isFalse();
        assertThat(signature.verify("", BODY, NOW)).isFalse();
        assertThat(signature.verify("garbage", BODY, NOW)).isFalse();
        assertThat(signature.verify(t, BODY, NOW)).as("no v1").isFalse();
        assertThat(signature.verify(v1, BODY, NOW)).as("no t").isFalse();
        assertThat(signature.verify("t=yesterday," + v1, BODY, NOW)).isFalse();
        assertThat(signature.verify(t + ",v1=not-hex", BODY, NOW)).isFalse();
        assertThat(signature.verify(t + ",v1=abc", BODY, NOW)).as("odd hex").isFalse();
        assertThat(signature.verify(t + ",v1=", BODY, NOW)).as("empty signature").isFalse();
        assertThat(signature.verify(t + "," + v1.substring(0, v1.length() - 2), BODY, NOW)).as("truncated").isFalse();
        assertThat(signature.verify(t + ",v0=" + v1.substring(3), BODY, NOW)).as("wrong version").isFalse();
    }

    @Test
    void withoutASecretNothingVerifies() {
        String header = signature.sign(BODY, NOW);
        for (WebhookSignature unconfigured : new WebhookSignature[] {new WebhookSignature(null, TOLERANCE),
                new WebhookSignature("", TOLERANCE), new WebhookSignature("   ", TOLERANCE)}) {
            assertThat(unconfigured.verify(header, BODY, NOW)).isFalse();
            assertThat(unconfigured.verify(null, BODY, NOW)).isFalse();
            assertThatThrownBy(() -> unconfigured.sign(BODY, NOW)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aShortSecretOrNoToleranceIsRefused() {
        assertThatThrownBy(() -> new WebhookSignature("too-short", TOLERANCE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookSignature(SECRET, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
