package care.scheduling;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import care.scheduling.pacing.PacingPolicy;
import care.scheduling.placement.Placement;

/** The program's pacing policy, read from {@code care.scheduling.pacing.*} (defaults from DOMAIN rules). */
@Configuration(proxyBeanMethods = false)
class SchedulingConfiguration {

    @Bean
    PacingPolicy pacingPolicy(Environment environment) {
        return Binder.get(environment).bind("care.scheduling.pacing", PacingPolicy.class)
                .orElseGet(PacingPolicy::defaults);
    }

    @Bean
    Placement placement(PacingPolicy policy) {
        return new Placement(policy);
    }
}
