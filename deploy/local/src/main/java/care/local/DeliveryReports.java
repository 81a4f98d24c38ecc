package care.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import care.local.MessageStandIns.Channel;

/**
 * The provider's webhook stand-in: about {@link MessageStandIns#DELIVERY_DELAY} after a message was accepted, it
 * posts a "delivered" report to the channel's status callback ({@code <callback base>/sms/status} or
 * {@code /push/status}), signed like a real provider:
 * {@code X-Care-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}. A failure is only logged.
 */
final class DeliveryReports {

    /** The body of a delivery report, exactly as signed. */
    record DeliveryReport(String id, String reference, String status) {
    }

    private static final Logger log = LoggerFactory.getLogger(DeliveryReports.class);

    private volatile String callbackBaseUrl;
    private final String webhookSecret;
    private final ScheduledExecutorService scheduler;
    private final HttpClient callbacks = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    DeliveryReports(String callbackBaseUrl, String webhookSecret, ScheduledExecutorService scheduler) {
        this.callbackBaseUrl = callbackBaseUrl;
        this.webhookSecret = webhookSecret;
        this.scheduler = scheduler;
    }

    /** Sends later delivery reports here (e.g. through a gateway whose port was chosen after the start). */
    void reportTo(String callbackBaseUrl) {
        this.callbackBaseUrl = callbackBaseUrl;
    }

    /** Reports the message delivered after {@link MessageStandIns#DELIVERY_DELAY}. */
    void schedule(Channel channel, String id, String reference) {
        scheduler.schedule(() -> report(channel, id, reference), MessageStandIns.DELIVERY_DELAY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Posts a signed "delivered" report to the channel's status callback; a failure is only logged. */
    private void report(Channel channel, String id, String reference) {
        DeliveryReport report = new DeliveryReport(id, reference, "delivered");
        String url = callbackBaseUrl + "/" + StandInHttp.lower(channel) + "/status";
        try {
            String body = StandInHttp.JSON.writeValueAsString(report);
            long timestamp = Instant.now().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .header("X-Care-Signature", "t=" + timestamp + ",v1=" + sign(webhookSecret, timestamp + "." + body))
                    .timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
            callbacks.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                if (failure != null) {
                    log.warn("Delivery report for {} {} to {} failed: {}", channel, id, url, failure.toString());
                } else if (response.statusCode() >= 300) {
                    log.warn("Delivery report for {} {} to {} answered {}", channel, id, url, response.statusCode());
                }
            });
        } catch (RuntimeException | IOException e) {
            log.warn("Delivery report for {} {} to {} failed: {}", channel, id, url, e.toString());
        }
    }

    /** Lowercase hex HMAC-SHA256 of the payload with this secret, as in {@code X-Care-Signature}'s {@code v1}. */
    static String sign(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
