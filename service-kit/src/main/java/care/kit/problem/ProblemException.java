package care.kit.problem;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A domain rule refused the request: answered as problem details with a stable {@code type} (see
 * {@link ProblemTypes#uri(String)}). Titles and details must not contain personal data.
 */
public class ProblemException extends ErrorResponseException {

    public ProblemException(HttpStatus status, String kind, String title, String detail) {
        super(status, problem(status, kind, title, detail), null);
    }

    private static ProblemDetail problem(HttpStatus status, String kind, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ProblemTypes.uri(kind));
        problem.setTitle(title);
        return problem;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", what + " was not found.");
    }

    public static ProblemException conflict(String kind, String detail) {
        return new ProblemException(HttpStatus.CONFLICT, kind, "Conflict", detail);
    }

    public static ProblemException unprocessable(String kind, String title, String detail) {
        return new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, kind, title, detail);
    }

    /** A 400 naming the rejected fields, for checks that bean validation cannot express. */
    public static ProblemException invalid(java.util.List<FieldError> errors) {
        ProblemException problem = new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST,
                "Invalid request", "The request has invalid fields.");
        problem.getBody().setProperty("errors", java.util.List.copyOf(errors));
        return problem;
    }

    /** A 429: too many requests of this kind; the client may try again after {@code retryAfter}. */
    public static ProblemException tooManyRequests(String kind, String detail, java.time.Duration retryAfter) {
        ProblemException problem = new ProblemException(HttpStatus.TOO_MANY_REQUESTS, kind, "Too many requests", detail);
        long seconds = Math.max(1, retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0));
        problem.getHeaders().set(org.springframework.http.HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return problem;
    }

    public static ProblemException forbidden(String kind, String detail) {
        return new ProblemException(HttpStatus.FORBIDDEN, kind, "Forbidden", detail);
    }
}
