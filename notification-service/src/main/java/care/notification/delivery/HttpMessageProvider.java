package care.notification.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import care.contracts.notification.Channel;
import care.contracts.notification.NotificationFailed;
import care.contracts.notification.NotificationSent;

/**
 * A text-message or push provider's HTTP API: {@code POST {base-url}/messages} with a bearer key, an
 * {@code Idempotency-Key} (the notification id) and {@code {"to","body","reference"}}; it answers
 * {@code {"id","status"}}. Connection errors, timeouts, 5xx and 429 are retryable; any other 4xx means the
 * provider refused this message.
 */
public class HttpMessageProvider implements MessageProvider {

    private final Channel channel;
    private final HttpClient http;
    private final URI endpoint;
    private final String apiKey;
    private final Duration timeout;
    private final JsonMapper json;

    public HttpMessageProvider(Channel channel, URI baseUrl, String apiKey, Duration timeout, JsonMapper json) {
        this.channel = channel;
        this.endpoint = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/messages");
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public Accepted send(OutgoingMessage message) {
        String body = json.writeValueAsString(Map.of("to", message.to(), "body", message.body(),
                "reference", message.idempotencyKey().toString()));
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Authorization", "Bearer " + apiKey)
                .header("Idempotency-Key", message.idempotencyKey().toString())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw ProviderFailure.retryable(NotificationFailed.Failure.TIMEOUT, channel + " provider timed out", e);
        } catch (IOException e) {
            throw ProviderFailure.retryable(NotificationFailed.Failure.PROVIDER_ERROR, channel
                    + " provider unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderFailure.retryable(NotificationFailed.Failure.TIMEOUT, "interrupted", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            JsonNode answer;
            try {
                answer = json.readTree(response.body());
            } catch (JacksonException unreadable) {
                // Taken or not, we cannot tell: keep the message; the idempotency key makes a retry safe.
                throw ProviderFailure.retryable(NotificationFailed.Failure.PROVIDER_ERROR, channel
                        + " provider answered " + status + " with an unreadable body", null);
            }
            String id = answer.path("id").asString("");
            if (id.isBlank()) {
                throw ProviderFailure.retryable(NotificationFailed.Failure.PROVIDER_ERROR, channel
                        + " provider answered without an id", null);
            }
            return new Accepted(id, sentStatus(answer.path("status").asString("queued")));
        }
        if (status == 429 || status >= 500) {
            throw ProviderFailure.retryable(NotificationFailed.Failure.PROVIDER_ERROR, channel + " provider answered "
                    + status, null);
        }
        if (status == 401 || status == 403) {
            // Our key or account, not the message: keep the message and let the breaker see the outage.
            throw ProviderFailure.retryable(NotificationFailed.Failure.PROVIDER_ERROR, channel
                    + " provider refused our credentials (" + status + ")", null);
        }
        throw ProviderFailure.refused(status == 400 || status == 404 || status == 422
                ? NotificationFailed.Failure.INVALID_DESTINATION : NotificationFailed.Failure.CARRIER_REJECTED,
                channel + " provider refused the message (" + status + ")");
    }

    static NotificationSent.Status sentStatus(String providerStatus) {
        return switch (providerStatus.toLowerCase(Locale.ROOT)) {
            case "sent" -> NotificationSent.Status.SENT;
            case "delivered" -> NotificationSent.Status.DELIVERED;
            default -> NotificationSent.Status.QUEUED;
        };
    }
}
