package care.session;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import care.session.safety.SafetyPolicy;

/** The session-safety policy, read from {@code care.session.*} (defaults from the DOMAIN rules). */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

    @Bean
    SafetyPolicy safetyPolicy(Environment environment) {
        return Binder.get(environment).bind("care.session", SafetyPolicy.class).orElseGet(SafetyPolicy::defaults);
    }
}
