package care.kit.test;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points the application under test at the test infrastructure and the test token issuer. */
public class InfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestInfrastructure.Endpoints endpoints = TestInfrastructure.endpoints();
        TestIssuer issuer = TestIssuer.get();
        TestPropertyValues.of(
                "spring.kafka.bootstrap-servers=" + endpoints.kafkaBootstrapServers(),
                "spring.mongodb.uri=" + endpoints.mongoUri(),
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + issuer.jwkSetUri(),
                "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestIssuer.ISSUER,
                "spring.security.oauth2.resourceserver.jwt.audiences=" + TestIssuer.AUDIENCE)
                .applyTo(context);
    }
}
