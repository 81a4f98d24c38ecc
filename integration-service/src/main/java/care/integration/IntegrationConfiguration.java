package care.integration;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import care.integration.pathway.IntegrationPolicy;

/** The integration policy, read from {@code care.integration.*} (defaults from the DOMAIN rules). */
@Configuration(proxyBeanMethods = false)
class IntegrationConfiguration {

    @Bean
    IntegrationPolicy integrationPolicy(Environment environment) {
        return Binder.get(environment).bind("care.integration", IntegrationPolicy.class)
                .orElseGet(IntegrationPolicy::defaults);
    }
}
