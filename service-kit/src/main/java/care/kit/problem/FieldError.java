package care.kit.problem;

/**
 * One rejected field of a request, as listed in the {@code errors} member of a 400 problem. The
 * rejected value is never echoed back: it may be personal data.
 *
 * @param field   the field's path in the request, e.g. {@code gad7[6]} or {@code bloodPressure.systolic}
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {
}
