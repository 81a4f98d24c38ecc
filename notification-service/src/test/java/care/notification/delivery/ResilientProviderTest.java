package care.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import care.contracts.notification.Channel;
import care.contracts.notification.NotificationFailed.Failure;
import care.contracts.notification.NotificationSent;

class ResilientProviderTest {

    static final MessageProvider.Accepted ACCEPTED = new MessageProvider.Accepted("m-1", NotificationSent.Status.QUEUED);

    final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** A stand-in for the external provider: answers call n (1-based) as {@code answer} says, counting calls. */
    static final class FakeProvider implements MessageProvider {
        final AtomicInteger calls = new AtomicInteger();
        volatile IntFunction<Accepted> answer;

        FakeProvider(IntFunction<Accepted> answer) {
            this.answer = answer;
        }

        @Override
        public Channel channel() {
            return Channel.SMS;
        }

        @Override
        public Accepted send(OutgoingMessage message) {
            return answer.apply(calls.incrementAndGet());
        }
    }

    static ProviderFailure retryable() {
        return ProviderFailure.retryable(Failure.PROVIDER_ERROR, "provider answered 503", null);
    }

    static ProviderFailure refused() {
        return ProviderFailure.refused(Failure.INVALID_DESTINATION, "provider refused the message (400)");
    }

    static IntFunction<MessageProvider.Accepted> failing(int times) {
        return call -> {
            if (call <= times) {
                throw retryable();
            }
            return ACCEPTED;
        };
    }

    static OutgoingMessage message() {
        return new OutgoingMessage(UUID.randomUUID(), Channel.SMS, "+15555550100", null, "Clinic: a reminder. Reply STOP");
    }

    /** Settings: a breaker that never opens in these tests unless asked, fast back-off, no bulkhead or rate worries. */
    static ProviderSettings.Resilience settings(int retryAttempts) {
        return new ProviderSettings.Resilience(50, 100, 100, Duration.ofSeconds(30), 1, retryAttempts,
                Duration.ofMillis(5), 10, 1000);
    }

    @Test
    void retryableFailuresAreRetriedUntilTheProviderTakesTheMessage() {
        FakeProvider provider = new FakeProvider(failing(2));
        ResilientProvider resilient = new ResilientProvider(provider, settings(3), new SimpleMeterRegistry());
        assertThat(resilient.send(message())).isEqualTo(ACCEPTED);
        assertThat(provider.calls).hasValue(3);
        assertThat(resilient.channel()).isEqualTo(Channel.SMS);
    }

    @Test
    void afterTheLastAttemptTheRetryableFailureIsThrown() {
        FakeProvider provider = new FakeProvider(failing(Integer.MAX_VALUE));
        ResilientProvider resilient = new ResilientProvider(provider, settings(3), null);
        assertThatThrownBy(() -> resilient.send(message())).isInstanceOfSatisfying(ProviderFailure.class, failure -> {
            assertThat(failure.retryable()).isTrue();
            assertThat(failure.failure()).isEqualTo(Failure.PROVIDER_ERROR);
        });
        assertThat(provider.calls).hasValue(3);
    }

    @Test
    void oneAttemptMeansNoRetry() {
        FakeProvider provider = new FakeProvider(failing(1));
        ResilientProvider resilient = new ResilientProvider(provider, settings(1), null);
        assertThatThrownBy(() -> resilient.send(message())).isInstanceOf(ProviderFailure.class);
        assertThat(provider.calls).hasValue(1);
    }

    @Test
    void aRefusedMessageIsNeverRetried() {
        FakeProvider provider = new FakeProvider(call -> {
            throw refused();
        });
        ResilientProvider resilient = new ResilientProvider(provider, settings(3), null);
        assertThatThrownBy(() -> resilient.send(message())).isInstanceOfSatisfying(ProviderFailure.class, failure -> {
            assertThat(failure.retryable()).isFalse();
            assertThat(failure.failure()).isEqualTo(Failure.INVALID_DESTINATION);
        });
        assertThat(provider.calls).hasValue(1);
    }

    @Test
    void otherExceptionsAreNotRetried() {
        FakeProvider provider = new FakeProvider(call -> {
            throw new IllegalStateException("bug");
        });
        ResilientProvider resilient = new ResilientProvider(provider, settings(3), null);
        assertThatThrownBy(() -> resilient.send(message())).isInstanceOf(IllegalStateException.class);
        assertThat(provider.calls).hasValue(1);
    }

    @Test
    void aBreakerThatOpensDuringTheRetriesEndsTheAttemptAsAFailureNotAWait() {
        FakeProvider provider = new FakeProvider(failing(Integer.MAX_VALUE));
        ResilientProvider resilient = new ResilientProvider(provider, breaker(6), null);
        assertThatThrownBy(() -> resilient.send(message())).isInstanceOfSatisfying(ProviderFailure.class,
                failure -> assertThat(failure.retryable()).isTrue());
        assertThat(provider.calls).as("the breaker stopped the retries after its window").hasValue(4);
        assertThat(resilient.state()).isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> resilient.send(message())).isInstanceOf(ProviderUnavailable.class);
        assertThat(provider.calls).hasValue(4);
    }

    /** Opens after 4 calls of which at least half failed; half-open after 200 ms with one trial call. */
    static ProviderSettings.Resilience breaker(int retryAttempts) {
        return new ProviderSettings.Resilience(50, 4, 4, Duration.ofMillis(200), 1, retryAttempts, Duration.ofMillis(5),
                10, 1000);
    }

    @Test
    void retryableFailuresOpenTheBreakerAndThenTheProviderIsNotCalled() {
        FakeProvider provider = new FakeProvider(failing(Integer.MAX_VALUE));
        ResilientProvider resilient = new ResilientProvider(provider, breaker(2), null);
        // two sends of two attempts each: four failed calls
        assertThatThrownBy(() -> resilient.send(message())).isInstanceOf(ProviderFailure.class);
        assertThat(resilient.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThatThrownBy(() -> resilient.send(message())).isInstanceOf(ProviderFailure.class);
        assertThat(provider.calls).hasValue(4);
        assertThat(resilient.state()).isEqualTo(CircuitBreaker.State.OPEN);

        provider.answer = call -> ACCEPTED;
        assertThatThrownBy(() -> resilient.send(message())).isInstanceOf(ProviderUnavailable.class)
                .hasMessageContaining("circuit breaker");
        assertThat(provider.calls).hasValue(4);
    }

    @Test
    void afterOpenForTheBreakerHalfOpensAndASuccessClosesIt() {
        FakeProvider provider = new FakeProvider(failing(Integer.MAX_VALUE));
        ResilientProvider resilient = new ResilientProvider(provider, breaker(1), null);
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> resilient.send(message())).isInstanceOf(ProviderFailure.class);
        }
        assertThat(resilient.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> resilient.send(message())).isInstanceOf(ProviderUnavailable.class);

        provider.answer = call -> ACCEPTED;
        await().atMost(Duration.ofSeconds(5)).until(() -> resilient.state() == CircuitBreaker.State.HALF_OPEN);
        assertThat(resilient.send(message())).isEqualTo(ACCEPTED);
        assertThat(resilient.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(provider.calls).hasValue(5);
        assertThat(resilient.send(message())).isEqualTo(ACCEPTED);
    }

    @Test
    void aFailedTrialCallOpensTheBreakerAgain() {
        FakeProvider provider = new FakeProvider(failing(Integer.MAX_VALUE));
        ResilientProvider resilient = new ResilientProvider(provider, breaker(1), null);
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> resilient.send(message())).isInstanceOf(ProviderFailure.class);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> resilient.state() == CircuitBreaker.State.HALF_OPEN);
        assertThatThrownBy(() -> resilient.send(message())).isInstanceOf(ProviderFailure.class);
        assertThat(resilient.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(provider.calls).hasValue(5);
        assertThatThrownBy(() -> resilient.send(message())).isInstanceOf(ProviderUnavailable.class);
        assertThat(provider.calls).hasValue(5);
    }

    @Test
    void refusedMessagesDoNotOpenTheBreaker() {
        FakeProvider provider = new FakeProvider(call -> {
            throw refused();
        });
        ResilientProvider resilient = new ResilientProvider(provider, breaker(1), null);
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> resilient.send(message())).isInstanceOf(ProviderFailure.class);
        }
        assertThat(resilient.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(provider.calls).hasValue(10);
    }

    @Test
    void aFullBulkheadRefusesTheSecondConcurrentSend() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FakeProvider provider = new FakeProvider(call -> {
            entered.countDown();
            try {
                if (!release.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ACCEPTED;
        });
        ResilientProvider resilient = new ResilientProvider(provider,
                new ProviderSettings.Resilience(50, 100, 100, Duration.ofSeconds(30), 1, 1, Duration.ofMillis(5), 1,
                        1000), null);
        Future<MessageProvider.Accepted> first = executor.submit(() -> resilient.send(message()));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> resilient.send(message())).isInstanceOf(ProviderUnavailable.class)
                .hasMessageContaining("no free call");
        assertThat(provider.calls).hasValue(1);

        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(ACCEPTED);
        // the call is free again
        assertThat(resilient.send(message())).isEqualTo(ACCEPTED);
        assertThat(provider.calls).hasValue(2);
    }

    @Test
    void theRateLimiterRefusesTheThirdCallWithinASecond() throws Exception {
        FakeProvider provider = new FakeProvider(call -> ACCEPTED);
        ResilientProvider resilient = new ResilientProvider(provider,
                new ProviderSettings.Resilience(50, 100, 100, Duration.ofSeconds(30), 1, 3, Duration.ofMillis(5), 10,
                        2), null);
        assertThat(resilient.send(message())).isEqualTo(ACCEPTED);
        assertThat(resilient.send(message())).isEqualTo(ACCEPTED);
        assertThatThrownBy(() -> resilient.send(message())).isInstanceOf(ProviderUnavailable.class)
                .hasMessageContaining("rate limit");
        assertThat(provider.calls).hasValue(2);

        // the next second has new permits
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100)).ignoreExceptionsInstanceOf(
                ProviderUnavailable.class).until(() -> resilient.send(message()) != null);
        assertThat(provider.calls).hasValue(3);
    }

    @Test
    void theDefaultsAreSensible() {
        ProviderSettings settings = new ProviderSettings(null, null, null, null, null);
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.resilience()).isEqualTo(ProviderSettings.Resilience.DEFAULTS);
        assertThat(settings.resilience().retryAttempts()).isEqualTo(3);
        assertThat(settings.resilience().openFor()).isEqualTo(Duration.ofSeconds(30));
    }
}
