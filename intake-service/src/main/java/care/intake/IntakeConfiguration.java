package care.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import care.intake.eligibility.EligibilityRules;
import care.intake.config.EligibilityRulesFile;

/** Loads the eligibility rule set once at start-up: a broken file stops the service rather than a decision. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IntakeProperties.class)
class IntakeConfiguration {

    @Bean
    EligibilityRules eligibilityRules(IntakeProperties properties) {
        try (InputStream in = properties.eligibilityRules().getInputStream()) {
            return EligibilityRulesFile.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the eligibility rule set " + properties.eligibilityRules(), e);
        }
    }
}
