package care.notification.notice;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import care.kit.access.Allowed;
import care.kit.problem.FieldError;
import care.kit.problem.ProblemException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The providers' webhooks. They carry no user token: each call must be signed with the shared secret
 * ({@link WebhookSignature}); an unsigned, wrongly signed, stale or future-dated call is a 401 and changes nothing.
 * A verified signature is then recorded ({@link AcceptedSignatures}) before the call is acted on: a signature
 * seen before is a replay (401), and one that cannot be recorded is refused (503); neither changes anything.
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
    private final AcceptedSignatures accepted;
    private final ProviderReports reports;
    private final Clock clock;

    WebhookController(WebhookSignature signature, AcceptedSignatures accepted, ProviderReports reports, Clock clock) {
        this.signature = signature;
        this.accepted = accepted;
        this.reports = reports;
        this.clock = clock;
    }

    @PostMapping("/api/notifications/webhooks/{channel}/status")
    @Allowed(signed = true, note = "the text-message or push provider's delivery report")
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
    @Allowed(signed = true, note = "the text-message provider, forwarding a patient's reply such as STOP")
    ResponseEntity<Map<String, String>> inbound(
            @RequestHeader(name = WebhookSignature.HEADER, required = false) String signed,
            @RequestBody(required = false) byte[] body) {
        JsonNode message = verified(signed, body);
        String from = text(message, "from");
        String text = message.path("body").asString("");
        return ResponseEntity.ok(Map.of("outcome", reports.inbound(from, text).name()));
    }

    /** Verifies the signature, then records it (once only), then reads the body: only then may the call act. */
    private JsonNode verified(String signed, byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        WebhookSignature.Verified call = signature.verified(signed, raw, now).orElseThrow(() -> new ProblemException(
                org.springframework.http.HttpStatus.UNAUTHORIZED, "unsigned-webhook", "Unauthorized",
                "The call is not signed with the shared secret, or its timestamp is too old or too far ahead."));
        accepted.acceptOnce(call, now);
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
