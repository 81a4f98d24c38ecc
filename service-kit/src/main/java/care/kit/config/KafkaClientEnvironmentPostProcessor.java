package care.kit.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Connects every Kafka client of a service the same way, from one set of environment variables
 * ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG},
 * {@code KAFKA_SSL_TRUSTSTORE_*}, {@code KAFKA_SSL_KEYSTORE_*}, {@code KAFKA_SSL_KEY_PASSWORD}).
 * <p>
 * Each variable that is set (and not blank) becomes the Kafka client setting of the same meaning, twice: under
 * {@code spring.kafka.properties.*}, which Spring Boot adds to every producer, consumer and admin client it
 * configures (the {@code KafkaTemplate}, {@code KafkaAdmin} and so the health check, the outbox relay, the dead
 * letters and their replay), and under {@code spring.cloud.stream.kafka.binder.configuration.*}, which the Spring
 * Cloud Stream binder adds to its producers, consumers and topic provisioning. Raw client keys are used rather
 * than {@code spring.kafka.ssl.*} because a store location is then a plain file path (a mounted secret), not a
 * Spring resource. A variable that is not set sets nothing: with none set, clients stay on the Kafka default,
 * {@code PLAINTEXT}, as in local mode.
 * <p>
 * Inconsistent settings (SASL without credentials, credentials without SASL, a store password without a store)
 * stop the service at startup, with a message naming the variables and never their values. The property source
 * never shows its values in its description, whatever the log level; the Kafka clients print password settings
 * as {@code [hidden]}.
 */
public class KafkaClientEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "careKafkaClient";
    static final String BOOT_PREFIX = "spring.kafka.properties.";
    static final String BINDER_PREFIX = "spring.cloud.stream.kafka.binder.configuration.";

    private static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        Map<String, String> client = clientProperties(name -> raw(environment, name));
        if (client.isEmpty()) {
            return;
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        client.forEach((key, value) -> {
            properties.put(BOOT_PREFIX + key, value);
            properties.put(BINDER_PREFIX + key, value);
        });
        KafkaClientPropertySource source = new KafkaClientPropertySource(SOURCE_NAME, properties);
        String systemEnvironment = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
        if (environment.getPropertySources().contains(systemEnvironment)) {
            // Below the environment itself and anything more specific; above the services' application.yml.
            environment.getPropertySources().addAfter(systemEnvironment, source);
        } else {
            environment.getPropertySources().addLast(source);
        }
    }

    /**
     * The Kafka client settings the variables ask for, keyed by Kafka client property name; empty when none is set.
     *
     * @param variables looks a variable up; null or blank means not set
     * @throws IllegalStateException when the variables contradict each other
     */
    static Map<String, String> clientProperties(Function<String, String> variables) {
        Function<String, String> variable = name -> {
            String value = variables.apply(name);
            return value == null || value.isBlank() ? null : value.trim();
        };
        Map<String, String> client = new LinkedHashMap<>();
        String protocol = variable.apply("KAFKA_SECURITY_PROTOCOL");
        if (protocol != null) {
            protocol = protocol.toUpperCase(Locale.ROOT);
            if (!PROTOCOLS.contains(protocol)) {
                throw new IllegalStateException(
                        "KAFKA_SECURITY_PROTOCOL must be one of " + PROTOCOLS + ", not " + protocol);
            }
            client.put("security.protocol", protocol);
        }
        boolean sasl = protocol != null && protocol.startsWith("SASL_");
        String mechanism = variable.apply("KAFKA_SASL_MECHANISM");
        String jaas = variable.apply("KAFKA_SASL_JAAS_CONFIG");
        if (sasl && (mechanism == null || jaas == null)) {
            throw new IllegalStateException("KAFKA_SECURITY_PROTOCOL " + protocol
                    + " needs KAFKA_SASL_MECHANISM and KAFKA_SASL_JAAS_CONFIG");
        }
        if (!sasl && (mechanism != null || jaas != null)) {
            throw new IllegalStateException(
                    "KAFKA_SASL_MECHANISM and KAFKA_SASL_JAAS_CONFIG need KAFKA_SECURITY_PROTOCOL SASL_SSL or SASL_PLAINTEXT");
        }
        putIfSet(client, "sasl.mechanism", mechanism);
        putIfSet(client, "sasl.jaas.config", jaas);
        store(client, variable, "TRUSTSTORE", "truststore");
        store(client, variable, "KEYSTORE", "keystore");
        String keyPassword = variable.apply("KAFKA_SSL_KEY_PASSWORD");
        if (keyPassword != null) {
            if (!client.containsKey("ssl.keystore.location")) {
                throw new IllegalStateException("KAFKA_SSL_KEY_PASSWORD needs KAFKA_SSL_KEYSTORE_LOCATION");
            }
            client.put("ssl.key.password", keyPassword);
        }
        return client;
    }

    /** A trust store or key store: location, type (PKCS12 unless set) and password, only when a location is set. */
    private static void store(Map<String, String> client, Function<String, String> variable, String variablePart,
            String keyPart) {
        String location = variable.apply("KAFKA_SSL_" + variablePart + "_LOCATION");
        String type = variable.apply("KAFKA_SSL_" + variablePart + "_TYPE");
        String password = variable.apply("KAFKA_SSL_" + variablePart + "_PASSWORD");
        if (location == null) {
            if (type != null || password != null) {
                throw new IllegalStateException("KAFKA_SSL_" + variablePart + "_TYPE and KAFKA_SSL_" + variablePart
                        + "_PASSWORD need KAFKA_SSL_" + variablePart + "_LOCATION");
            }
            return;
        }
        client.put("ssl." + keyPart + ".location", location);
        client.put("ssl." + keyPart + ".type", type == null ? "PKCS12" : type.toUpperCase(Locale.ROOT));
        putIfSet(client, "ssl." + keyPart + ".password", password);
    }

    private static void putIfSet(Map<String, String> client, String key, String value) {
        if (value != null) {
            client.put(key, value);
        }
    }

    /**
     * The value as given, without resolving placeholders in it: a secret is used verbatim, and cannot end up in
     * an "unresolvable placeholder" message.
     */
    private static String raw(ConfigurableEnvironment environment, String name) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            Object value = source.getProperty(name);
            if (value != null) {
                return value.toString();
            }
        }
        return null;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 1;
    }

    /** Kafka client settings, some of them secrets: described by name and keys only, whatever the log level. */
    static final class KafkaClientPropertySource extends MapPropertySource {

        KafkaClientPropertySource(String name, Map<String, Object> source) {
            super(name, source);
        }

        @Override
        public String toString() {
            return getClass().getSimpleName() + " {name='" + getName() + "', keys=" + getSource().keySet() + "}";
        }
    }
}
