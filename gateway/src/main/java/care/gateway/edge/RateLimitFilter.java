package care.gateway.edge;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import care.gateway.edge.RateLimitProperties.Budget;

/**
 * Per-caller rate limits at the edge, as token buckets (Bucket4j). The caller is the token's subject once the
 * token was verified, otherwise the client address (webhooks, API documentation, development tokens). Reads
 * (GET, HEAD, OPTIONS) and writes have separate budgets; a route may have budgets of its own. Within budget the
 * answer says how much is left ({@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code RateLimit-Reset},
 * {@code RateLimit-Policy}); over it, the request goes no further: 429 problem with {@code Retry-After}, counted
 * in {@code care_gateway_rate_limited_total} by route and kind (never by caller).
 * <p>
 * The buckets live in this gateway replica's memory (a bounded cache, idle buckets dropped): with N replicas
 * behind a load balancer that spreads a caller's requests, the caller gets up to N times the budget.
 */
final class RateLimitFilter extends OncePerRequestFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String DEFAULT_ROUTE = "default";

    private record Route(String name, List<PathPattern> patterns, Budget read, Budget write) {
    }

    private final boolean enabled;
    private final Budget defaultRead;
    private final Budget defaultWrite;
    private final List<Route> routes = new ArrayList<>();
    private final Cache<String, Bucket> buckets;
    private final MeterRegistry meters;

    RateLimitFilter(RateLimitProperties properties, MeterRegistry meters) {
        this.enabled = properties.enabled();
        this.defaultRead = properties.read();
        this.defaultWrite = properties.write();
        this.meters = meters;
        Duration longest = properties.read().period().compareTo(properties.write().period()) > 0
                ? properties.read().period() : properties.write().period();
        for (Map.Entry<String, RateLimitProperties.Route> entry : properties.routes().entrySet()) {
            RateLimitProperties.Route route = entry.getValue();
            routes.add(new Route(entry.getKey(), route.paths().stream().map(PathPatternParser.defaultInstance::parse)
                    .toList(), route.read(), route.write()));
            for (Budget budget : new Budget[] { route.read(), route.write() }) {
                if (budget != null && budget.period().compareTo(longest) > 0) {
                    longest = budget.period();
                }
            }
        }
        // A bucket idle for a whole period is full again: forgetting it changes nothing.
        this.buckets = Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(longest).build();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!enabled || !limited(request)) {
            chain.doFilter(request, response);
            return;
        }
        boolean read = READS.contains(request.getMethod());
        String kind = read ? "read" : "write";
        Route route = route(request);
        Budget budget = route == null ? null : read ? route.read() : route.write();
        String routeName = budget == null ? DEFAULT_ROUTE : route.name();
        if (budget == null) {
            budget = read ? defaultRead : defaultWrite;
        }
        Budget chosen = budget;
        Bucket bucket = buckets.get(caller(request) + '|' + routeName + '|' + kind, key -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(chosen.limit()).refillGreedy(chosen.limit(), chosen.period())
                        .build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        response.setHeader("RateLimit-Policy", budget.policy());
        response.setHeader("RateLimit-Limit", String.valueOf(budget.limit()));
        response.setHeader("RateLimit-Remaining", String.valueOf(probe.getRemainingTokens()));
        if (probe.isConsumed()) {
            response.setHeader("RateLimit-Reset", String.valueOf(seconds(probe.getNanosToWaitForReset())));
            chain.doFilter(request, response);
            return;
        }
        long retryAfter = Math.max(1, seconds(probe.getNanosToWaitForRefill()));
        response.setHeader("RateLimit-Reset", String.valueOf(retryAfter));
        response.setHeader("Retry-After", String.valueOf(retryAfter));
        Counter.builder("care.gateway.rate.limited").description("Requests refused by a rate limit at the gateway")
                .tag("route", routeName).tag("kind", kind).register(meters).increment();
        Problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                "Too many requests from this caller; retry after " + retryAfter + " s.");
    }

    /** Probes and the management endpoints are never limited. */
    private static boolean limited(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.equals("/livez") && !path.equals("/readyz") && !path.startsWith("/webjars/");
    }

    private Route route(HttpServletRequest request) {
        PathContainer path = PathContainer.parsePath(request.getRequestURI());
        for (Route route : routes) {
            for (PathPattern pattern : route.patterns()) {
                if (pattern.matches(path)) {
                    return route;
                }
            }
        }
        return null;
    }

    private static String caller(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken)) {
            return "sub:" + authentication.getName();
        }
        return "ip:" + request.getRemoteAddr();
    }

    private static long seconds(long nanos) {
        return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }
}
