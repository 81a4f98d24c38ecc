package care.kit.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds the platform's defaults ({@code care-defaults.properties}) behind every other property source,
 * so each service's own configuration stays short and can still override any default.
 * <p>
 * MongoDB's connection comes from {@code MONGODB_URI} there; the CA that signed the MongoDB servers' certificates
 * comes from {@code MONGODB_TLS_CA_FILE}, the path of a PEM file (a mounted ConfigMap). When that variable is set
 * (and not blank), the MongoDB client uses TLS and trusts exactly the certificates in that file: they become the
 * SSL bundle {@value #MONGODB_SSL_BUNDLE} ({@code spring.ssl.bundle.pem.care-mongodb.truststore.certificate}),
 * which {@code spring.mongodb.ssl.bundle} names, with {@code spring.mongodb.ssl.enabled=true}. A file that is
 * missing, unreadable or holds no PEM certificate stops the service at startup, never falling back to a
 * connection without the CA. Unset, nothing is added, as in local mode.
 */
public class CareDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "careDefaults";
    static final String MONGODB_TLS_SOURCE_NAME = "careMongoTls";
    static final String MONGODB_TLS_CA_FILE = "MONGODB_TLS_CA_FILE";
    static final String MONGODB_SSL_BUNDLE = "care-mongodb";

    private static final String PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        Map<String, Object> mongoTls = mongoTlsProperties(environment::getProperty);
        if (!mongoTls.isEmpty()) {
            // Just above the defaults: a service's application.yml or the environment may still override them.
            environment.getPropertySources().addLast(new MapPropertySource(MONGODB_TLS_SOURCE_NAME, mongoTls));
        }
        try {
            environment.getPropertySources()
                    .addLast(new ResourcePropertySource(SOURCE_NAME, new ClassPathResource("care-defaults.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException("care-defaults.properties is missing from service-kit", e);
        }
    }

    /**
     * The SSL bundle and MongoDB settings {@code MONGODB_TLS_CA_FILE} asks for; empty when it is not set.
     *
     * @param variables looks a variable up; null or blank means not set
     * @throws IllegalStateException when the file is missing, unreadable, or holds no PEM certificate
     */
    static Map<String, Object> mongoTlsProperties(Function<String, String> variables) {
        String value = variables.apply(MONGODB_TLS_CA_FILE);
        if (value == null || value.isBlank()) {
            return Map.of();
        }
        Path file = Path.of(value.trim()).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalStateException(MONGODB_TLS_CA_FILE + " names " + file
                    + ", which is not a readable file: mount the MongoDB CA (PEM) there or unset the variable");
        }
        String content;
        try {
            content = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(MONGODB_TLS_CA_FILE + " names " + file + ", which cannot be read as PEM", e);
        }
        if (!content.contains(PEM_CERTIFICATE)) {
            throw new IllegalStateException(MONGODB_TLS_CA_FILE + " names " + file
                    + ", which holds no PEM certificate (" + PEM_CERTIFICATE + "): the MongoDB CA is missing");
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.ssl.bundle.pem." + MONGODB_SSL_BUNDLE + ".truststore.certificate", file.toUri().toString());
        properties.put("spring.mongodb.ssl.enabled", "true");
        properties.put("spring.mongodb.ssl.bundle", MONGODB_SSL_BUNDLE);
        return properties;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
