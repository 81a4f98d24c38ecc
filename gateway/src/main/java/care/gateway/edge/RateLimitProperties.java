package care.gateway.edge;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Rate limits per caller ({@code care.gateway.rate-limits.*}): a default budget for reads and one for writes,
 * and routes (path patterns) with budgets of their own. A route that sets only one kind counts the other
 * against the default budget.
 */
@ConfigurationProperties("care.gateway.rate-limits")
public record RateLimitProperties(Boolean enabled, Budget read, Budget write, Map<String, Route> routes) {

    public RateLimitProperties {
        enabled = enabled == null || enabled;
        read = read == null ? new Budget(600, Duration.ofMinutes(1)) : read;
        write = write == null ? new Budget(120, Duration.ofMinutes(1)) : write;
        routes = routes == null ? Map.of() : new LinkedHashMap<>(routes);
    }

    /** At most {@code limit} requests in any {@code period}, refilled continuously. */
    public record Budget(long limit, Duration period) {

        public Budget {
            if (limit < 1 || period == null || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("A rate limit needs limit >= 1 and a positive period");
            }
        }

        /** As the {@code RateLimit-Policy} header says it: {@code 600;w=60}. */
        String policy() {
            return limit + ";w=" + Math.max(1, period.toSeconds());
        }
    }

    /** @param paths path patterns ({@code /api/intake/patients/*}{@code /screenings}, {@code /dev/**}) */
    public record Route(List<String> paths, Budget read, Budget write) {

        public Route {
            paths = paths == null ? List.of() : paths.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("A rate-limit route needs at least one path");
            }
        }
    }
}
