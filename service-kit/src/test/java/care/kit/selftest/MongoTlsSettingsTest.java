package care.kit.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.mongodb.MongoClientSettings;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import care.kit.config.CareDefaultsEnvironmentPostProcessor;

/**
 * {@code MONGODB_TLS_CA_FILE} makes the MongoDB client use TLS and trust exactly the CA in that PEM file, through
 * an SSL bundle; unset, the client is as before; a file without a certificate stops the service at startup.
 */
class MongoTlsSettingsTest {

    private static final String BUNDLE_PROPERTY = "spring.ssl.bundle.pem.care-mongodb.truststore.certificate";

    /** A self-signed CA made for these tests only (no key is kept): test-ca.crt, and next-ca.crt for a CA change. */
    private static Path testCa() throws Exception {
        return resource("test-ca.crt");
    }

    private static Path resource(String name) throws Exception {
        return new ClassPathResource("mongodb-tls/" + name).getFile().toPath();
    }

    private static Certificate certificate(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static List<Certificate> trusted(AssertableApplicationContext context) throws Exception {
        KeyStore trustStore = context.getBean(SslBundles.class).getBundle("care-mongodb").getStores().getTrustStore();
        List<Certificate> certificates = new ArrayList<>();
        for (String alias : Collections.list(trustStore.aliases())) {
            certificates.add(trustStore.getCertificate(alias));
        }
        return certificates;
    }

    private static ConfigurableEnvironment processed(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("variables", variables));
        new CareDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, null);
        return environment;
    }

    @Nested
    class VariableMapping {

        @Test
        void theCaFileBecomesTheTrustStoreOfTheMongoDbSslBundle() throws Exception {
            Path ca = testCa();
            ConfigurableEnvironment environment = processed(Map.of("MONGODB_TLS_CA_FILE", " " + ca + " "));

            assertThat(environment.getProperty(BUNDLE_PROPERTY)).isEqualTo(ca.toUri().toString());
            assertThat(environment.getProperty("spring.mongodb.ssl.enabled")).isEqualTo("true");
            assertThat(environment.getProperty("spring.mongodb.ssl.bundle")).isEqualTo("care-mongodb");
            assertThat(environment.getProperty("spring.mongodb.uri"))
                    .as("the defaults are still there, below").isEqualTo("mongodb://localhost:27017");
        }

        @Test
        void unsetOrBlankSetsNothing() {
            for (Map<String, Object> variables : List.<Map<String, Object>>of(Map.of(),
                    Map.of("MONGODB_TLS_CA_FILE", "  "))) {
                ConfigurableEnvironment environment = processed(variables);

                assertThat(environment.getPropertySources().contains("careMongoTls")).isFalse();
                assertThat(environment.getProperty("spring.mongodb.ssl.enabled")).isNull();
                assertThat(environment.getProperty("spring.mongodb.ssl.bundle")).isNull();
                assertThat(environment.getProperty(BUNDLE_PROPERTY)).isNull();
            }
        }

        @Test
        void aMissingOrEmptyFileStopsTheServiceNamingTheVariable(@TempDir Path directory) throws Exception {
            Path missing = directory.resolve("ca.crt");
            assertThatThrownBy(() -> processed(Map.of("MONGODB_TLS_CA_FILE", missing.toString())))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("MONGODB_TLS_CA_FILE")
                    .hasMessageContaining(missing.toString()).hasMessageContaining("not a readable file");
            assertThatThrownBy(() -> processed(Map.of("MONGODB_TLS_CA_FILE", directory.toString())))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a readable file");

            Path empty = Files.writeString(missing, "\n");
            assertThatThrownBy(() -> processed(Map.of("MONGODB_TLS_CA_FILE", empty.toString())))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("MONGODB_TLS_CA_FILE")
                    .hasMessageContaining("holds no PEM certificate");
        }
    }

    /** Spring Boot's MongoDB and SSL auto-configuration, with the variable given as a deployment gives it. */
    @Nested
    class EffectiveClientSettings {

        private final ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MongoAutoConfiguration.class))
                .withPropertyValues("spring.mongodb.uri=mongodb://localhost:1/care_kit_tls")
                .withInitializer(context -> new CareDefaultsEnvironmentPostProcessor()
                        .postProcessEnvironment(context.getEnvironment(), null));

        /** The settings the MongoClient is built with: the settings bean with every customizer applied. */
        private static MongoClientSettings clientSettings(AssertableApplicationContext context) {
            MongoClientSettings.Builder builder = MongoClientSettings.builder(context.getBean(MongoClientSettings.class));
            context.getBeanProvider(MongoClientSettingsBuilderCustomizer.class).orderedStream()
                    .forEach(customizer -> customizer.customize(builder));
            return builder.build();
        }

        @Test
        void withTheCaFileTheClientUsesTlsTrustingExactlyThatCa() throws Exception {
            Path ca = testCa();

            runner.withPropertyValues("MONGODB_TLS_CA_FILE=" + ca).run(context -> {
                assertThat(context).hasNotFailed();
                MongoClientSettings settings = clientSettings(context);
                assertThat(settings.getSslSettings().isEnabled()).isTrue();
                assertThat(settings.getSslSettings().getContext()).isNotNull();
                assertThat(trusted(context)).containsExactly(certificate(ca));
            });
        }

        @Test
        void duringACaChangeTheOldAndTheNewCaAreBothTrusted(@TempDir Path directory) throws Exception {
            Path both = directory.resolve("ca.crt");
            Files.writeString(both, Files.readString(testCa()) + Files.readString(resource("next-ca.crt")));

            runner.withPropertyValues("MONGODB_TLS_CA_FILE=" + both).run(context -> {
                assertThat(context).hasNotFailed();
                assertThat(clientSettings(context).getSslSettings().isEnabled()).isTrue();
                assertThat(trusted(context)).containsExactlyInAnyOrder(certificate(testCa()),
                        certificate(resource("next-ca.crt")));
            });
        }

        @Test
        void withoutTheVariableTheClientIsUnchanged() {
            runner.run(context -> {
                assertThat(context).hasNotFailed();
                MongoClientSettings settings = clientSettings(context);
                assertThat(settings.getSslSettings().isEnabled()).isFalse();
                assertThat(settings.getSslSettings().getContext()).isNull();
            });
        }

        @Test
        void aCaFileWithoutCertificateFailsStartup(@TempDir Path directory) throws Exception {
            Path empty = Files.createFile(directory.resolve("ca.crt"));

            runner.withPropertyValues("MONGODB_TLS_CA_FILE=" + empty)
                    .run(context -> assertThat(context).hasFailed().getFailure()
                            .hasMessageContaining("MONGODB_TLS_CA_FILE").hasMessageContaining(empty.toString()));
        }
    }
}
