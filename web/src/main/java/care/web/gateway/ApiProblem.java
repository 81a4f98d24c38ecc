package care.web.gateway;

import java.util.List;
import java.util.Optional;

/**
 * An RFC 9457 problem the API answered with, for the pages to show as plain messages: the page-level one
 * ({@link #message()}) and one per field ({@link #fieldMessage(String)}). Never shown as JSON.
 *
 * @param status the HTTP status
 * @param type   the problem type URI, e.g. {@code urn:care:problem:validation}
 * @param title  the short summary
 * @param detail the explanation of this occurrence, if any
 * @param errors the fields the request got wrong
 */
public class ApiProblem extends RuntimeException {

    public record FieldMessage(String field, String message) {
    }

    private final int status;
    private final String type;
    private final String title;
    private final String detail;
    private final List<FieldMessage> errors;

    public ApiProblem(int status, String type, String title, String detail, List<FieldMessage> errors) {
        super(status + " " + (type == null ? "" : type), null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.detail = detail;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public List<FieldMessage> errors() {
        return errors;
    }

    /** The sentence for the top of the page: the detail, else the title, else a general one. */
    public String message() {
        if (detail != null && !detail.isBlank()) {
            return detail;
        }
        if (title != null && !title.isBlank()) {
            return title + ".";
        }
        return status >= 500 ? "Something went wrong on our side. Please try again in a moment."
                : "The request could not be completed.";
    }

    /** The messages about one field, joined, e.g. "must be an E.164 number such as +14155550123". */
    public Optional<String> fieldMessage(String field) {
        List<String> messages = errors.stream().filter(error -> field.equals(error.field()))
                .map(FieldMessage::message).filter(m -> m != null && !m.isBlank()).distinct().toList();
        return messages.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", messages));
    }

    /** Whether the problem concerns this field. */
    public boolean concerns(String field) {
        return fieldMessage(field).isPresent();
    }
}
