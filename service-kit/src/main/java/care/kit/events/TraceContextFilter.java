package care.kit.events;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import care.contracts.CloudEventHeaders;

/**
 * Gives every HTTP request a {@link TraceContext}: the caller's {@code X-Correlation-Id} and
 * {@code traceparent} when valid, fresh ones otherwise. The correlation id is echoed in the response so
 * that a client can quote it; every event the request causes carries both.
 */
public class TraceContextFilter extends OncePerRequestFilter {

    public static final String CORRELATION_HEADER = "X-Correlation-Id";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        TraceContext context = TraceContext.continuing(request.getHeader(CORRELATION_HEADER),
                request.getHeader(CloudEventHeaders.TRACEPARENT), null);
        response.setHeader(CORRELATION_HEADER, context.correlationId());
        try {
            context.run(() -> {
                try {
                    chain.doFilter(request, response);
                } catch (IOException | ServletException e) {
                    throw new FilterFailure(e);
                }
            });
        } catch (FilterFailure failure) {
            if (failure.getCause() instanceof IOException io) {
                throw io;
            }
            throw (ServletException) failure.getCause();
        }
    }

    private static final class FilterFailure extends RuntimeException {
        FilterFailure(Exception cause) {
            super(cause);
        }
    }
}
