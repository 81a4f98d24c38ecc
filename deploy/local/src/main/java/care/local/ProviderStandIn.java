package care.local;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import care.local.MessageStandIns.Channel;
import care.local.MessageStandIns.Message;

/**
 * The SMS and push provider stand-in: {@code POST /sms/messages} and {@code POST /push/messages} with
 * {@code Authorization: Bearer <any key>}, {@code Idempotency-Key} and {@code {"to":..,"body":..,"reference":..}}.
 * Answers {@code 201 {"id":"...","status":"queued"}}, or {@code 200} with the same id when the Idempotency-Key was
 * seen before (nothing recorded twice), or 503 during the channel's outage; delivery is reported later by
 * {@link DeliveryReports}.
 */
final class ProviderStandIn {

    /** The provider's answer to an accepted message. */
    record Accepted(String id, String status) {
    }

    private final ReceivedMessages received;
    private final ChannelOutages outages;
    private final DeliveryReports reports;

    ProviderStandIn(ReceivedMessages received, ChannelOutages outages, DeliveryReports reports) {
        this.received = received;
        this.outages = outages;
        this.reports = reports;
    }

    void handle(HttpExchange exchange, Channel channel) throws IOException {
        if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals(
                "/" + StandInHttp.lower(channel) + "/messages")) {
            StandInHttp.notFoundOrNotAllowed(exchange, "POST");
            return;
        }
        received.countRequest(channel, exchange.getRequestHeaders().getFirst("Idempotency-Key"));
        Instant outageUntil = outages.until(channel);
        if (outageUntil != null) {
            StandInHttp.problem(exchange, 503, "provider-unavailable", "Provider unavailable",
                    "Simulated " + channel + " outage until " + outageUntil + ".");
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.substring(7).isBlank()) {
            StandInHttp.problem(exchange, 401, "unauthenticated", "Unauthenticated",
                    "Send Authorization: Bearer <API key>.");
            return;
        }
        String idempotencyKey = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            StandInHttp.problem(exchange, 400, "invalid-request", "Invalid request",
                    "The Idempotency-Key header is required.");
            return;
        }
        JsonNode request = StandInHttp.readObject(exchange);
        if (request == null) {
            return;
        }
        String to = StandInHttp.text(request, "to");
        String body = StandInHttp.text(request, "body");
        if (to == null || body == null) {
            StandInHttp.problem(exchange, 400, "invalid-request", "Invalid request",
                    "'to' and 'body' must be non-empty strings.");
            return;
        }
        String reference = request.path("reference").isTextual() ? request.path("reference").asText() : null;
        ReceivedMessages.Acceptance acceptance = received.accept(channel, idempotencyKey,
                new Message(channel, to, null, body, Instant.now().toString()));
        if (acceptance.repeated()) {
            StandInHttp.json(exchange, 200, new Accepted(acceptance.id(), "queued"));
            return;
        }
        reports.schedule(channel, acceptance.id(), reference);
        StandInHttp.json(exchange, 201, new Accepted(acceptance.id(), "queued"));
    }
}
