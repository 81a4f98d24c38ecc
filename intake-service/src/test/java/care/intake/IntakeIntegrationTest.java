package care.intake;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

import care.kit.test.MovableClockConfiguration;
import care.kit.test.ServiceIntegrationTest;

/**
 * The intake service on the real test broker and store, with a {@link care.kit.test.MovableClock}: every intake
 * integration test uses this one configuration, so they share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@org.junit.jupiter.api.Tag("integration")
@ServiceIntegrationTest
@Import(MovableClockConfiguration.class)
public @interface IntakeIntegrationTest {
}
