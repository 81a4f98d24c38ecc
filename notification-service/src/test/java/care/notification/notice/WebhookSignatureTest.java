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
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> new WebhookSignature("too-short", TOLERANCE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
