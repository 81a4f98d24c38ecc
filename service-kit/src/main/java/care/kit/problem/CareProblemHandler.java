package care.kit.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import tools.jackson.core.JacksonException;

/**
 * Turns every error a controller can raise into RFC 9457 problem details with a stable {@code type}.
 * Bodies never contain stack traces, exception messages or the rejected values: a 400 names the
 * offending fields and says what is wrong with them.
 */
@RestControllerAdvice
public class CareProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(CareProblemHandler.class);

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = new ArrayList<>();
        ex.getBindingResult().getFieldErrors()
                .forEach(error -> errors.add(new FieldError(error.getField(), error.getDefaultMessage())));
        ex.getBindingResult().getGlobalErrors()
                .forEach(error -> errors.add(new FieldError(error.getObjectName(), error.getDefaultMessage())));
        return invalid(ex, headers, request, errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            if (result instanceof ParameterErrors body) {
                // A @Valid request body validated together with constrained path or query parameters: name
                // the body's fields, as a plain body validation does.
                body.getFieldErrors().forEach(error -> errors.add(new FieldError(error.getField(),
                        error.getDefaultMessage())));
                body.getGlobalErrors().forEach(error -> errors.add(new FieldError(error.getObjectName(),
                        error.getDefaultMessage())));
            } else {
                result.getResolvableErrors().forEach(error -> errors.add(
                        new FieldError(result.getMethodParameter().getParameterName(), error.getDefaultMessage())));
            }
        });
        return invalid(ex, headers, request, errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestSizeLimitFilter.TooLarge) {
                ProblemDetail tooLarge = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                        "The request body is too large.");
                tooLarge.setType(ProblemTypes.uri("body-too-large"));
                tooLarge.setTitle("Request body too large");
                return handleExceptionInternal(ex, tooLarge, headers, HttpStatus.CONTENT_TOO_LARGE, request);
            }
        }
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setType(ProblemTypes.uri(ProblemTypes.MALFORMED_BODY));
        problem.setTitle("Malformed request body");
        String field = fieldPath(ex);
        if (field.isEmpty()) {
            problem.setDetail("The request body is missing or is not valid JSON.");
        } else {
            problem.setDetail("The request body has a value of the wrong type or shape.");
            problem.setProperty("errors", List.of(new FieldError(field, "has the wrong type or format")));
        }
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** A path or query parameter of the wrong type: names the parameter, not the value given. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = ex instanceof org.springframework.web.method.annotation.MethodArgumentTypeMismatchException mismatch
                ? mismatch.getName() : String.valueOf(ex.getPropertyName());
        return invalid(ex, headers, request, List.of(new FieldError(name, "has the wrong type or format")));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException ex, WebRequest request) {
        List<FieldError> errors = ex.getConstraintViolations().stream()
                .map(violation -> new FieldError(violation.getPropertyPath().toString(), violation.getMessage()))
                .toList();
        return invalid(ex, new HttpHeaders(), request, errors);
    }

    /**
     * A domain rule refused the action: the one mapping of {@link care.kit.domain.Refusal} to problem details, with
     * the status its kind names and its properties (never personal data) as extension members.
     */
    @ExceptionHandler(care.kit.domain.Refusal.class)
    ResponseEntity<Object> refused(care.kit.domain.Refusal ex, WebRequest request) {
        HttpStatus status = switch (ex.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case RULE -> HttpStatus.UNPROCESSABLE_CONTENT;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case TOO_MANY -> HttpStatus.TOO_MANY_REQUESTS;
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.detail());
        problem.setType(ProblemTypes.uri(ex.type()));
        problem.setTitle(ex.title());
        ex.properties().forEach(problem::setProperty);
        HttpHeaders headers = new HttpHeaders();
        if (ex.retryAfter() != null) {
            long seconds = Math.max(1, ex.retryAfter().toSeconds() + (ex.retryAfter().toNanosPart() > 0 ? 1 : 0));
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @ExceptionHandler({ OptimisticLockingFailureException.class, DuplicateKeyException.class })
    ResponseEntity<Object> conflict(Exception ex, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "The resource was changed by another request; read it again and retry.");
        problem.setType(ProblemTypes.uri(ProblemTypes.CONFLICT));
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.CONFLICT, request);
    }

    /** An access could not be recorded: nothing was read or changed, and the caller may try again. */
    @ExceptionHandler(care.kit.audit.AuditUnavailableException.class)
    ResponseEntity<Object> auditUnavailable(care.kit.audit.AuditUnavailableException ex, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The access could not be recorded, so nothing was read or changed. Try again shortly.");
        problem.setType(ProblemTypes.uri(ProblemTypes.AUDIT_UNAVAILABLE));
        problem.setTitle("Audit trail unavailable");
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "5");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
    }

    /**
     * The store could not be reached (no server to select, a refused or broken connection, a timeout): every write
     * is one document, which happened whole or not at all, so the caller may try again shortly.
     */
    @ExceptionHandler({ DataAccessResourceFailureException.class, MongoTimeoutException.class,
            MongoSocketException.class })
    ResponseEntity<Object> storeUnavailable(Exception ex, WebRequest request, HttpServletRequest servletRequest) {
        // Types only: a driver's message can quote the data it was writing.
        log.warn("Store unavailable on {} {}: {}", servletRequest.getMethod(), servletRequest.getRequestURI(),
                ex.getClass().getSimpleName());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The service's data store could not be reached. Try again shortly.");
        problem.setType(ProblemTypes.uri(ProblemTypes.STORE_UNAVAILABLE));
        problem.setTitle("Store unavailable");
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "5");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, WebRequest request, HttpServletRequest servletRequest) {
        if (isStoreUnavailable(ex)) {
            return storeUnavailable(ex, request, servletRequest);
        }
        log.error("Unhandled failure on {} {}: {}", servletRequest.getMethod(), servletRequest.getRequestURI(),
                SafeLog.describe(ex));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The request could not be completed. It has been logged.");
        problem.setType(ProblemTypes.uri(ProblemTypes.INTERNAL));
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem && (problem.getType() == null
                || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(ProblemTypes.uri(typeFor(statusCode)));
        }
        return response;
    }

    private ResponseEntity<Object> invalid(Exception ex, HttpHeaders headers, WebRequest request,
            List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request has invalid fields.");
        problem.setType(ProblemTypes.uri(ProblemTypes.INVALID_REQUEST));
        problem.setTitle("Invalid request");
        problem.setProperties(Map.of("errors", errors));
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Whether the store's unavailability is what failed this request, however deep it is wrapped. */
    static boolean isStoreUnavailable(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof MongoTimeoutException
                    || cause instanceof MongoSocketException) {
                return true;
            }
        }
        return false;
    }

    static String typeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> ProblemTypes.INVALID_REQUEST;
            case 401 -> ProblemTypes.UNAUTHENTICATED;
            case 403 -> ProblemTypes.FORBIDDEN;
            case 404 -> ProblemTypes.NOT_FOUND;
            case 405 -> ProblemTypes.METHOD_NOT_ALLOWED;
            case 409 -> ProblemTypes.CONFLICT;
            case 415 -> ProblemTypes.UNSUPPORTED_MEDIA_TYPE;
            default -> status.is5xxServerError() ? ProblemTypes.INTERNAL : "http-" + status.value();
        };
    }

    /** The JSON path of the field Jackson could not read, such as {@code phq9[3]}; empty for broken JSON. */
    static String fieldPath(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        while (cause != null && !(cause instanceof JacksonException)) {
            cause = cause.getCause();
        }
        if (!(cause instanceof JacksonException jackson) || jackson.getPath() == null) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : jackson.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
