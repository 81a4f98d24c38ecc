package care.kit.test;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Gives the service under test a {@link MovableClock} instead of the system clock:
 * {@code @Import(MovableClockConfiguration.class)} next to {@link ServiceIntegrationTest}, then autowire
 * {@code MovableClock} to move time forward.
 */
@TestConfiguration(proxyBeanMethods = false)
public class MovableClockConfiguration {

    @Bean
    MovableClock movableClock() {
        return new MovableClock();
    }
}
