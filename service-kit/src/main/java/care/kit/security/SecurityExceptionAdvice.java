package care.kit.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Denials raised inside controllers (method security such as {@code @PreAuthorize}) get the same
 * problem details and audit line as denials raised by the security filters.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecurityExceptionAdvice {

    private final ProblemSecurityHandlers problems;

    SecurityExceptionAdvice(ProblemSecurityHandlers problems) {
        this.problems = problems;
    }

    @ExceptionHandler(AccessDeniedException.class)
    void denied(AccessDeniedException denied, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        problems.handle(request, response, denied);
    }

    @ExceptionHandler(AuthenticationException.class)
    void unauthenticated(AuthenticationException failure, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        problems.commence(request, response, failure);
    }
}
