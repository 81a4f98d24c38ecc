package care.kit.domain;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an aggregate: one consistency boundary, stored as one document, whose methods take the time and the
 * policy, check the rules, change its state and return the events the change causes. The shared architecture
 * rules keep aggregates free of web types (see the service kit's test support).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Aggregate {
}
