package care.gateway.route;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import care.gateway.edge.Problems;

/**
 * Guards the calls to one service: a timeout for its answer (504 problem), a circuit breaker that stops calling a
 * failing service for a while (503 problem with {@code Retry-After}, nothing sent to the service), and, for safe
 * methods only, further attempts when the service could not be reached at all (a restarting instance). Requests
 * that change something are never repeated by the gateway: the client decides, with its {@code Idempotency-Key}.
 */
final class UpstreamGuard implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private static final Logger log = LoggerFactory.getLogger(UpstreamGuard.class);
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<Integer> FAILURES = Set.of(502, 503, 504);
    private static final ExecutorService CALLS = Executors.newVirtualThreadPerTaskExecutor();

    private final String service;
    private final Duration timeout;
    private final int retries;
    private final Duration openFor;
    private final CircuitBreaker breaker;

    UpstreamGuard(String service, UpstreamProperties.Service settings, UpstreamProperties.Resilience resilience,
            CircuitBreakerRegistry breakers) {
        this.service = service;
        this.timeout = settings.timeout();
        this.retries = resilience.retries();
        this.openFor = resilience.openFor();
        this.breaker = breakers.circuitBreaker(service, CircuitBreakerConfig.custom()
                .failureRateThreshold(resilience.failureRateThreshold())
                .slidingWindowSize(resilience.slidingWindow())
                .minimumNumberOfCalls(resilience.minimumCalls())
                .waitDurationInOpenState(resilience.openFor())
                .permittedNumberOfCallsInHalfOpenState(3)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
    }

    @Override
    public ServerResponse filter(ServerRequest request, HandlerFunction<ServerResponse> next) throws Exception {
        int attempts = SAFE.contains(request.method().name()) ? 1 + retries : 1;
        for (int attempt = 1;; attempt++) {
            if (!breaker.tryAcquirePermission()) {
                return problem(HttpStatus.SERVICE_UNAVAILABLE, "upstream-unavailable", "Service unavailable",
                        "The service behind this path is failing; the gateway is not calling it for a while. "
                                + "Retry shortly.", Math.max(1, openFor.toSeconds()));
            }
            long started = System.nanoTime();
            try {
                ServerResponse response = withTimeout(request, next);
                long took = System.nanoTime() - started;
                int status = response.statusCode().value();
                if (FAILURES.contains(status)) {
                    breaker.onError(took, TimeUnit.NANOSECONDS, new UpstreamStatus(status));
                } else {
                    breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                }
                return response;
            } catch (TimeoutException timedOut) {
                breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, timedOut);
                log.warn("{} did not answer {} {} within {}", service, request.method(), request.path(), timeout);
                return problem(HttpStatus.GATEWAY_TIMEOUT, "upstream-timeout", "Gateway timeout",
                        "The service did not answer in time. If this changed something, check before trying again.", 0);
            } catch (Exception failure) {
                breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, failure);
                if (!unreachable(failure)) {
                    log.warn("{} call {} {} failed: {}", service, request.method(), request.path(),
                            failure.getClass().getName());
                    throw failure;
                }
                if (attempt < attempts) {
                    Thread.sleep(100L * attempt);
                    continue;
                }
                log.warn("{} unreachable for {} {}: {}", service, request.method(), request.path(),
                        failure.getClass().getSimpleName());
                return problem(HttpStatus.SERVICE_UNAVAILABLE, "upstream-unavailable", "Service unavailable",
                        "The service behind this path is not reachable right now; retry shortly.", 5);
            }
        }
    }

    /** The service's status and headers within the timeout; the body is streamed afterwards. */
    private ServerResponse withTimeout(ServerRequest request, HandlerFunction<ServerResponse> next) throws Exception {
        Future<ServerResponse> call = CALLS.submit(() -> next.handle(request));
        try {
            return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException timedOut) {
            call.cancel(true);
            ClientHttpResponse late = MvcUtils.getAttribute(request, MvcUtils.CLIENT_RESPONSE_ATTR);
            if (late != null) {
                late.close();
            }
            throw timedOut;
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw failed;
        }
    }

    private static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
                    || cause instanceof java.nio.channels.UnresolvedAddressException
                    || cause instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return failure instanceof ResourceAccessException && failure.getCause() instanceof IOException;
    }

    /** A problem answer, with {@code Retry-After} when {@code retryAfterSeconds} is positive. */
    private static ServerResponse problem(HttpStatus status, String code, String title, String detail,
            long retryAfterSeconds) {
        ServerResponse.BodyBuilder answer = ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfterSeconds > 0) {
            answer.header("Retry-After", String.valueOf(retryAfterSeconds));
        }
        return answer.body(Problems.problem(status, code, title, detail));
    }

    /** A 502/503/504 from the service, as the breaker counts it. */
    private static final class UpstreamStatus extends Exception {
        UpstreamStatus(int status) {
            super("upstream answered " + status, null, false, false);
        }
    }
}
