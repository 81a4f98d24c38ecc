package care.notification.delivery;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import care.contracts.notification.Channel;

/**
 * A provider behind Resilience4j: retry (outermost, only for {@linkplain ProviderFailure#retryable()
 * retryable} failures, with exponential back-off) around the circuit breaker, the rate limiter and the
 * bulkhead. The breaker counts retryable failures only: a refused message says nothing about the provider's
 * health. When the breaker is open, the rate is used up or the bulkhead is full, nothing is sent and
 * {@link ProviderUnavailable} tells the caller to keep the message for later. Every instance is named after
 * its channel ({@code sms}, {@code email}, {@code push}) in the metrics.
 */
public class ResilientProvider {

    private final MessageProvider provider;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final RateLimiter limiter;
    private final Bulkhead bulkhead;

    public ResilientProvider(MessageProvider provider, ProviderSettings.Resilience settings, MeterRegistry meters) {
        this.provider = provider;
        String name = provider.channel().name().toLowerCase(java.util.Locale.ROOT);
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .minimumNumberOfCalls(settings.minimumCalls())
                .slidingWindowSize(settings.slidingWindow())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordException(e -> e instanceof ProviderFailure failure && failure.retryable())
                .build());
        RetryRegistry retries = RetryRegistry.of(RetryConfig.<Object>custom()
                .maxAttempts(settings.retryAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.retryBackoff(), 2.0))
                .retryOnException(e -> e instanceof ProviderFailure failure && failure.retryable())
                .failAfterMaxAttempts(false)
                .build());
        RateLimiterRegistry limiters = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(settings.callsPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build());
        BulkheadRegistry bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls())
                .maxWaitDuration(Duration.ZERO)
                .build());
        this.breaker = breakers.circuitBreaker(name);
        this.retry = retries.retry(name);
        this.limiter = limiters.rateLimiter(name);
        this.bulkhead = bulkheads.bulkhead(name);
        if (meters != null) {
            TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
            TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
            TaggedRateLimiterMetrics.ofRateLimiterRegistry(limiters).bindTo(meters);
            TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
        }
    }

    public Channel channel() {
        return provider.channel();
    }

    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    /**
     * Sends through all four guards.
     *
     * @throws ProviderFailure     when the provider refused it, or failed on every attempt it was called for
     *                             (also when the breaker opened during its retries)
     * @throws ProviderUnavailable when the provider was not called at all (breaker open, rate or bulkhead full)
     */
    public MessageProvider.Accepted send(OutgoingMessage message) {
        // A call that failed before the breaker or a limit stopped its retries is a failed attempt, not a wait.
        java.util.concurrent.atomic.AtomicReference<ProviderFailure> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Supplier<MessageProvider.Accepted> call = () -> {
            try {
                return provider.send(message);
            } catch (ProviderFailure failure) {
                failed.set(failure);
                throw failure;
            }
        };
        Supplier<MessageProvider.Accepted> guarded = Retry.decorateSupplier(retry,
                CircuitBreaker.decorateSupplier(breaker,
                        RateLimiter.decorateSupplier(limiter,
                                Bulkhead.decorateSupplier(bulkhead, call))));
        try {
            return guarded.get();
        } catch (CallNotPermittedException e) {
            throw unavailable(failed.get(), " circuit breaker is open", e);
        } catch (RequestNotPermitted e) {
            throw unavailable(failed.get(), " rate limit reached", e);
        } catch (BulkheadFullException e) {
            throw unavailable(failed.get(), " has no free call", e);
        }
    }

    private RuntimeException unavailable(ProviderFailure earlier, String why, RuntimeException cause) {
        return earlier != null ? earlier : new ProviderUnavailable(provider.channel() + why, cause);
    }
}
