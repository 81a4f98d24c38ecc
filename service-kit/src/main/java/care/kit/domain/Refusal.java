package care.kit.domain;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A domain rule refused an action. Aggregates, policies and application services throw this, and nothing
 * else, when a request breaks a rule; the service kit answers it as RFC 9457 problem details with the type
 * {@code urn:care:problem:<type>}, so every service refuses the same way. It is plain Java: no web or store
 * types, so rules that throw it stay free of Spring.
 *
 * <p>The {@link Kind} says what the refusal is about, and with it the status the API answers with:
 * {@link Kind#NOT_FOUND} 404, {@link Kind#CONFLICT} 409 (the current state does not allow it),
 * {@link Kind#RULE} 422 (a clinical or program rule refuses it), {@link Kind#FORBIDDEN} 403 and
 * {@link Kind#TOO_MANY} 429. Titles, details and properties must not contain personal data.
 */
public class Refusal extends RuntimeException {

    /** What a refusal is about. */
    public enum Kind {
        /** The thing acted on does not exist (or is not visible to the caller). */
        NOT_FOUND,
        /** The current state does not allow the action, e.g. a session that has already ended. */
        CONFLICT,
        /** A clinical or program rule refuses the action, e.g. too soon after the last dosing session. */
        RULE,
        /** The caller may not take this action, whatever the state. */
        FORBIDDEN,
        /** Too many actions of this kind; try again after {@link Refusal#retryAfter()}. */
        TOO_MANY
    }

    /** A refusal the code names once, e.g. an enum of a rule set's refusals. */
    public interface Reason {

        /** The stable kebab-case kind: the last part of the problem type. */
        String type();

        /** A short summary for people; may change. */
        String title();

        /** What happened, for people; no personal data. */
        default String detail() {
            return title() + ".";
        }
    }

    private final Kind kind;
    private final String type;
    private final String title;
    private final transient Map<String, Object> properties;
    private final Duration retryAfter;

    private Refusal(Kind kind, String type, String title, String detail, Map<String, Object> properties,
            Duration retryAfter) {
        super(detail, null, false, false);
        this.kind = Objects.requireNonNull(kind);
        this.type = Objects.requireNonNull(type);
        this.title = Objects.requireNonNull(title);
        this.properties = properties;
        this.retryAfter = retryAfter;
    }

    /** A clinical or program rule refuses the action (422). */
    public static Refusal rule(Reason reason) {
        return new Refusal(Kind.RULE, reason.type(), reason.title(), reason.detail(), Map.of(), null);
    }

    /** A clinical or program rule refuses the action (422), with a detail of this case. */
    public static Refusal rule(Reason reason, String detail) {
        return new Refusal(Kind.RULE, reason.type(), reason.title(), detail, Map.of(), null);
    }

    /** A clinical or program rule refuses the action (422). */
    public static Refusal rule(String type, String title, String detail) {
        return new Refusal(Kind.RULE, type, title, detail, Map.of(), null);
    }

    /** The current state does not allow the action (409). */
    public static Refusal conflict(String type, String detail) {
        return new Refusal(Kind.CONFLICT, type, "Conflict", detail, Map.of(), null);
    }

    /** The current state does not allow the action (409). */
    public static Refusal conflict(Reason reason) {
        return new Refusal(Kind.CONFLICT, reason.type(), reason.title(), reason.detail(), Map.of(), null);
    }

    /** {@code what} does not exist (404), e.g. {@code notFound("Session")}. */
    public static Refusal notFound(String what) {
        return new Refusal(Kind.NOT_FOUND, "not-found", "Not found", what + " was not found.", Map.of(), null);
    }

    /** The caller may not take this action (403). */
    public static Refusal forbidden(String type, String detail) {
        return new Refusal(Kind.FORBIDDEN, type, "Forbidden", detail, Map.of(), null);
    }

    /** Too many actions of this kind (429); the caller may try again after {@code retryAfter}. */
    public static Refusal tooMany(String type, String detail, Duration retryAfter) {
        return new Refusal(Kind.TOO_MANY, type, "Too many requests", detail, Map.of(), Objects.requireNonNull(retryAfter));
    }

    /** The same refusal with one more problem-details property (no personal data), e.g. the earliest allowed time. */
    public Refusal with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(properties);
        more.put(name, value);
        return new Refusal(kind, type, title, getMessage(), Map.copyOf(more), retryAfter);
    }

    public Kind kind() {
        return kind;
    }

    /** The stable kebab-case kind, e.g. {@code minimum-gap-between-dosing}. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    /** Extra problem-details properties, in the order they were added. */
    public Map<String, Object> properties() {
        return properties;
    }

    /** For {@link Kind#TOO_MANY}: how long to wait; otherwise null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
