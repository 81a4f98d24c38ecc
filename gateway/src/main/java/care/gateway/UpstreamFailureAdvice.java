package care.gateway;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.ResourceAccessException;

/** A service that cannot be reached is a 503 problem, not a 500 with a stack trace. */
@RestControllerAdvice
class UpstreamFailureAdvice {

    private static final Logger log = LoggerFactory.getLogger(UpstreamFailureAdvice.class);

    @ExceptionHandler(ResourceAccessException.class)
    ProblemDetail unreachable(ResourceAccessException failure, HttpServletRequest request) {
        log.warn("Upstream unreachable for {} {}: {}", request.getMethod(), request.getRequestURI(),
                failure.getClass().getSimpleName());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The service behind this path is not reachable right now; retry shortly.");
        problem.setType(URI.create("urn:care:problem:upstream-unavailable"));
        problem.setTitle("Service unavailable");
        return problem;
    }
}
