package care.notification.notice;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import care.contracts.notification.Channel;
import care.kit.problem.FieldError;
import care.kit.problem.ProblemException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The providers' webhooks. They carry no user token: each call must be signed with the shared secret
 * ({@link WebhookSignature}); an unsigned, wrongly signed or stale call is a 401 and changes nothing.
 * <ul>
 * <li>{@code POST /api/notifications/webhooks/{sms|push}/status}
 * {@code {"id":"<provider message id>","reference":"<notification id>","status":"delivered"}}</li>
 * <li>{@code POST /api/notifications/webhooks/sms/inbound} {@code {"from":"+1…","body":"STOP"}}</li>
 * </ul>
 */
@RestController
class WebhookController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebhookSignature signature;
    private final ProviderReports reports;
    private final Notifications notifications;

    WebhookController(WebhookSignature signature, ProviderReports reports, Notifications notifications) {
        this.signature = signature;
        this.reports = reports;
        this.notifications = notifications;
    }

    @PostMapping("/api/notifications/webhooks/{channel}/status")
    ResponseEntity<Map<String, String>> status(@PathVariable String channel,
            @RequestHeader(name = WebhookSignature.HEADER, required = false) String signed,
            @RequestBody(required = false) byte[] body) {
        JsonNode report = verified(signed, body);
        Channel reported = switch (channel.toLowerCase(Locale.ROOT)) {
            case "sms" -> Channel.SMS;
            case "push" -> Channel.PUSH;
            default -> throw ProblemException.notFound("The webhook");
        };
        String id = text(report, "id");
        String status = text(report, "status");
        UUID reference;
        try {
            reference = UUID.fromString(text(report, "reference"));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(java.util.List.of(new FieldError("reference", "must be a UUID")));
        }
        ProviderReports.Outcome outcome = reports.status(reported, reference, id, status);
        if (outcome == ProviderReports.Outcome.UNKNOWN_MESSAGE) {
            throw ProblemException.notFound("The message");
        }
        return ResponseEntity.ok(Map.of("outcome", outcome.name()));
    }

    @PostMapping("/api/notifications/webhooks/sms/inbound")
    ResponseEntity<Map<String, String>> inbound(
            @RequestHeader(name = WebhookSignature.HEADER, required = false) String signed,
            @RequestBody(required = false) byte[] body) {
        JsonNode message = verified(signed, body);
        String from = text(message, "from");
        String text = message.path("body").asString("");
        return ResponseEntity.ok(Map.of("outcome", reports.inbound(from, text).name()));
    }

    private JsonNode verified(String signed, byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        if (!signature.verify(signed, raw, notifications.now())) {
            throw new ProblemException(org.springframework.http.HttpStatus.UNAUTHORIZED, "unsigned-webhook",
                    "Unauthorized", "The call is not signed with the shared secret, or the signature is too old.");
        }
        try {
            JsonNode node = JSON.readTree(raw);
            if (node == null || !node.isObject()) {
                throw ProblemException.invalid(java.util.List.of(new FieldError("body", "must be a JSON object")));
            }
            return node;
        } catch (JacksonException e) {
            throw ProblemException.invalid(java.util.List.of(new FieldError("body", "must be a JSON object")));
        }
    }

    private static String text(JsonNode node, String field) {
        String value = node.path(field).asString("");
        if (value.isBlank() || value.length() > 200) {
            throw ProblemException.invalid(java.util.List.of(new FieldError(field, "is required")));
        }
        return value;
    }
}
