package care.notification.delivery;

import java.net.URI;
import java.time.Duration;

/**
 * One provider's settings ({@code care.notification.providers.<email|sms|push>.*}). Every number has a
 * default; a provider without a {@code base-url} (text and push) is not configured and its channel is not
 * used.
 *
 * @param baseUrl     the HTTP API's base address (text and push providers)
 * @param apiKey      the bearer key for that API
 * @param from        the sender address (email)
 * @param timeout     connect and answer timeout of one call
 * @param resilience  circuit breaker, retry, bulkhead and rate limiter of this provider
 */
public record ProviderSettings(URI baseUrl, String apiKey, String from, Duration timeout, Resilience resilience) {

    public ProviderSettings {
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        resilience = resilience == null ? Resilience.DEFAULTS : resilience;
    }

    /**
     * @param failureRateThreshold percentage of failed calls in the window that opens the breaker
     * @param minimumCalls         calls in the window before the rate counts
     * @param slidingWindow        how many recent calls the breaker looks at
     * @param openFor              how long the breaker stays open before letting trial calls through
     * @param halfOpenCalls        trial calls that decide whether it closes again
     * @param retryAttempts        attempts of one call (1 = no retry); only connection errors, 5xx and 429
     * @param retryBackoff         wait before the first retry, doubled for each further one
     * @param maxConcurrentCalls   bulkhead: calls in flight at once
     * @param callsPerSecond       rate limiter: calls started per second
     */
    public record Resilience(Integer failureRateThreshold, Integer minimumCalls, Integer slidingWindow,
            Duration openFor, Integer halfOpenCalls, Integer retryAttempts, Duration retryBackoff,
            Integer maxConcurrentCalls, Integer callsPerSecond) {

        static final Resilience DEFAULTS = new Resilience(null, null, null, null, null, null, null, null, null);

        public Resilience {
            failureRateThreshold = failureRateThreshold == null ? 50 : failureRateThreshold;
            minimumCalls = minimumCalls == null ? 5 : minimumCalls;
            slidingWindow = slidingWindow == null ? 10 : slidingWindow;
            openFor = openFor == null ? Duration.ofSeconds(30) : openFor;
            halfOpenCalls = halfOpenCalls == null ? 2 : halfOpenCalls;
            retryAttempts = retryAttempts == null ? 3 : retryAttempts;
            retryBackoff = retryBackoff == null ? Duration.ofMillis(200) : retryBackoff;
            maxConcurrentCalls = maxConcurrentCalls == null ? 4 : maxConcurrentCalls;
            callsPerSecond = callsPerSecond == null ? 10 : callsPerSecond;
        }
    }
}
