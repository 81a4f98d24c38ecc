package care.kit.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.stream.binder.ExtendedProducerProperties;
import org.springframework.cloud.stream.binder.kafka.config.ClientFactoryCustomizer;
import org.springframework.cloud.stream.binder.kafka.properties.KafkaBinderConfigurationProperties;
import org.springframework.cloud.stream.binder.kafka.properties.KafkaProducerProperties;
import org.springframework.cloud.stream.binder.kafka.provisioning.KafkaTopicProvisioner;
import org.springframework.cloud.stream.binder.kafka.utils.BindingUtils;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.util.ReflectionTestUtils;

import care.kit.config.KafkaClientEnvironmentPostProcessor;
import care.kit.inbox.DeadLetterAdmin;
import care.kit.inbox.DeadLetters;
import care.kit.inbox.InboxAutoConfiguration;
import care.kit.outbox.OutboxAutoConfiguration;
import care.kit.test.InfrastructureCondition;
import care.kit.test.ServiceIntegrationTest;
import care.kit.test.TestInfrastructure;

/**
 * Kafka security from the deployment's variables reaches every client a service creates, nothing changes when
 * they are unset, and every producer is idempotent with {@code acks=all}.
 */
@org.junit.jupiter.api.Tag("integration")
class KafkaClientSettingsTest {

    private static final String PASSWORD = "s3cret-Pa55word-never-logged";
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"kit-test\" password=\"" + PASSWORD + "\";";

    /** The security settings every client must carry when the variables below are set. */
    private static Map<String, String> expectedSecurity(Path truststore) {
        return Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", JAAS,
                "ssl.truststore.location", truststore.toString(), "ssl.truststore.type", "PKCS12",
                "ssl.truststore.password", PASSWORD);
    }

    private static Map<String, Object> variables(Path truststore) {
        return Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG", JAAS, "KAFKA_SSL_TRUSTSTORE_LOCATION", truststore.toString(),
                "KAFKA_SSL_TRUSTSTORE_PASSWORD", PASSWORD);
    }

    private static ConfigurableEnvironment processed(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("variables", variables));
        new KafkaClientEnvironmentPostProcessor().postProcessEnvironment(environment, null);
        return environment;
    }

    @Nested
    class VariableMapping {

        @Test
        void setVariablesBecomeClientSettingsForSpringKafkaAndTheBinder() {
            Path truststore = Path.of("/etc/kafka/ca/ca.p12");
            ConfigurableEnvironment environment = processed(variables(truststore));

            expectedSecurity(truststore).forEach((key, value) -> {
                assertThat(environment.getProperty("spring.kafka.properties." + key)).as(key).isEqualTo(value);
                assertThat(environment.getProperty("spring.cloud.stream.kafka.binder.configuration." + key)).as(key)
                        .isEqualTo(value);
            });
            assertThat(environment.getProperty("spring.kafka.properties.ssl.keystore.location")).isNull();
        }

        @Test
        void mutualTlsSetsTheKeystoreWithTheGivenType() {
            ConfigurableEnvironment environment = processed(Map.of("KAFKA_SECURITY_PROTOCOL", "ssl",
                    "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/ca/ca.crt", "KAFKA_SSL_TRUSTSTORE_TYPE", "pem",
                    "KAFKA_SSL_KEYSTORE_LOCATION", "/etc/kafka/user/user.p12",
                    "KAFKA_SSL_KEYSTORE_PASSWORD", PASSWORD));

            Map<String, Object> client = Binder.get(environment)
                    .bind("spring.kafka", Bindable.ofInstance(new KafkaProperties())).get().buildProducerProperties();
            assertThat(client).containsEntry("security.protocol", "SSL")
                    .containsEntry("ssl.truststore.type", "PEM")
                    .containsEntry("ssl.truststore.location", "/etc/kafka/ca/ca.crt")
                    .containsEntry("ssl.keystore.location", "/etc/kafka/user/user.p12")
                    .containsEntry("ssl.keystore.type", "PKCS12")
                    .containsEntry("ssl.keystore.password", PASSWORD)
                    .doesNotContainKeys("ssl.truststore.password", "sasl.mechanism", "sasl.jaas.config");
        }

        @Test
        void unsetOrBlankVariablesSetNothing() {
            ConfigurableEnvironment environment = processed(Map.of("KAFKA_SECURITY_PROTOCOL", " ",
                    "KAFKA_SASL_MECHANISM", ""));

            assertThat(environment.getPropertySources().contains("careKafkaClient")).isFalse();
            assertThat(environment.getProperty("spring.kafka.properties.security.protocol")).isNull();
            assertThat(environment.getProperty("spring.kafka.properties.sasl.mechanism")).isNull();
            assertThat(environment.getProperty("spring.cloud.stream.kafka.binder.configuration.sasl.mechanism"))
                    .isNull();
        }

        @Test
        void contradictorySettingsStopTheServiceWithoutNamingSecrets() {
            assertThatThrownBy(() -> processed(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                    "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("KAFKA_SASL_JAAS_CONFIG");
            assertThatThrownBy(() -> processed(Map.of("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                    "KAFKA_SASL_JAAS_CONFIG", JAAS)))
                    .isInstanceOf(IllegalStateException.class).message().doesNotContain(PASSWORD);
            assertThatThrownBy(() -> processed(Map.of("KAFKA_SSL_TRUSTSTORE_PASSWORD", PASSWORD)))
                    .isInstanceOf(IllegalStateException.class).message().contains("KAFKA_SSL_TRUSTSTORE_LOCATION")
                    .doesNotContain(PASSWORD);
            assertThatThrownBy(() -> processed(Map.of("KAFKA_SECURITY_PROTOCOL", "TLS")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("SASL_SSL");
        }

        @Test
        void thePropertySourceNeverDescribesItsValues() {
            ConfigurableEnvironment environment = processed(variables(Path.of("/etc/kafka/ca/ca.p12")));

            PropertySource<?> source = environment.getPropertySources().get("careKafkaClient");
            assertThat(source).isNotNull();
            assertThat(source.toString()).contains("sasl.jaas.config").doesNotContain(PASSWORD);
            assertThat(environment.getPropertySources().toString()).doesNotContain(PASSWORD);
        }
    }

    /**
     * A plain context with Spring Boot's Kafka support and the kit's outbox and inbox, the variables given on the
     * command line as a deployment would give them in the environment. No broker is needed: clients connect lazily.
     */
    @Nested
    @ExtendWith({ InfrastructureCondition.class, OutputCaptureExtension.class })
    class EffectiveClientSettings {

        @Test
        void everyClientCarriesTheSecuritySettingsAndEveryProducerIsIdempotent(@TempDir Path directory,
                CapturedOutput output) throws Exception {
            Path truststore = directory.resolve("ca.p12");
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            try (OutputStream out = Files.newOutputStream(truststore)) {
                store.store(out, PASSWORD.toCharArray());
            }
            List<String> arguments = new java.util.ArrayList<>(List.of("--spring.application.name=kit-test",
                    "--spring.mongodb.uri=" + TestInfrastructure.endpoints().mongoUri(),
                    "--spring.mongodb.database=care_kit_client_settings", "--care.outbox.enabled=false",
                    "--spring.kafka.bootstrap-servers=localhost:1"));
            variables(truststore).forEach((name, value) -> arguments.add("--" + name + "=" + value));
            Map<String, String> security = expectedSecurity(truststore);

            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(KitClients.class)
                    .web(WebApplicationType.NONE).run(arguments.toArray(String[]::new))) {
                KafkaProperties kafka = context.getBean(KafkaProperties.class);

                // spring-kafka: the admin client (health check), templates and listener consumers.
                assertThat(context.getBean(KafkaAdmin.class).getConfigurationProperties())
                        .containsAllEntriesOf(security);
                Map<String, Object> template = context.getBean(ProducerFactory.class).getConfigurationProperties();
                assertThat(template).containsAllEntriesOf(security);
                assertIdempotent(template);
                assertThat(context.getBean(ConsumerFactory.class).getConfigurationProperties())
                        .containsAllEntriesOf(security);

                // The kit: dead-letter publishing, and the dead-letter admin (listing, replaying).
                KafkaTemplate<?, ?> deadLetters = (KafkaTemplate<?, ?>) ReflectionTestUtils
                        .getField(context.getBean(DeadLetters.class), "template");
                assertThat(deadLetters.getProducerFactory().getConfigurationProperties())
                        .containsAllEntriesOf(security).containsEntry("acks", "all")
                        .containsEntry("enable.idempotence", true);
                @SuppressWarnings("unchecked")
                Map<String, Object> replay = (Map<String, Object>) ReflectionTestUtils
                        .getField(context.getBean(DeadLetterAdmin.class), "clientProperties");
                assertThat(replay).containsAllEntriesOf(security);

                // The binder, merged as it merges them: producers, consumers, topic provisioning.
                KafkaBinderConfigurationProperties binder = Binder.get(context.getEnvironment())
                        .bind("spring.cloud.stream.kafka.binder", Bindable.ofInstance(
                                new KafkaBinderConfigurationProperties(kafka,
                                        context.getBeanProvider(KafkaConnectionDetails.class))))
                        .get();
                Map<String, Object> binderProducer = BindingUtils.createProducerConfigs(
                        new ExtendedProducerProperties<>(new KafkaProducerProperties()), binder);
                assertThat(binderProducer).containsAllEntriesOf(security);
                assertIdempotent(binderProducer);
                assertThat(binder.mergedConsumerConfiguration()).containsAllEntriesOf(security);
                assertThat(new KafkaTopicProvisioner(binder, kafka, List.of()).getAdminClientProperties())
                        .containsAllEntriesOf(security);
            }

            // The outbox relay's producer was created: Kafka printed its effective settings, secrets hidden.
            String outbox = producerConfigLogged(output.getAll(), "kit-test-outbox");
            assertThat(outbox).contains("client.id = kit-test-outbox", "security.protocol = SASL_SSL",
                    "sasl.mechanism = SCRAM-SHA-512", "sasl.jaas.config = [hidden]", "acks = -1",
                    "enable.idempotence = true", "ssl.truststore.password = [hidden]");
            assertThat(output.getAll()).doesNotContain(PASSWORD);
        }

        /** The settings a Kafka producer printed when it was created, found by its client id. */
        private static String producerConfigLogged(String output, String clientId) {
            int start = output.indexOf("ProducerConfig values:");
            while (start >= 0) {
                int end = output.indexOf("\n", start);
                while (end >= 0 && end + 1 < output.length() && output.charAt(end + 1) == '\t') {
                    end = output.indexOf("\n", end + 1);
                }
                String block = output.substring(start, end < 0 ? output.length() : end);
                if (block.contains("client.id = " + clientId + "\n")) {
                    return block;
                }
                start = output.indexOf("ProducerConfig values:", start + 1);
            }
            return "";
        }

        private static void assertIdempotent(Map<String, Object> producer) {
            assertThat(String.valueOf(producer.get("acks"))).isEqualTo("all");
            assertThat(String.valueOf(producer.get("enable.idempotence"))).isEqualTo("true");
            assertThat(Integer.parseInt(String.valueOf(producer.get("max.in.flight.requests.per.connection"))))
                    .isBetween(1, 5);
        }
    }

    /** Not a {@code @Configuration}: the kit's test application must not scan it up. */
    @ImportAutoConfiguration({ MongoAutoConfiguration.class, DataMongoAutoConfiguration.class,
            KafkaAutoConfiguration.class, OutboxAutoConfiguration.class, InboxAutoConfiguration.class })
    static class KitClients {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    /** The kit's test service on the test broker, with no Kafka variables set: as in local mode and CI. */
    @Nested
    @ServiceIntegrationTest
    @Import(BinderProducers.class)
    class OnTheTestBroker {

        @Autowired
        KafkaTemplate<?, ?> kafkaTemplate;

        @Autowired
        StreamBridge streamBridge;

        @Autowired
        BinderProducers binderProducers;

        @Test
        void producersAreIdempotentAndClientsStayOnPlaintext() throws Exception {
            @SuppressWarnings("unchecked")
            // Byte arrays: the binder makes them Spring Boot's default serializers.
            KafkaTemplate<byte[], byte[]> template = (KafkaTemplate<byte[], byte[]>) kafkaTemplate;
            Map<String, Object> templateConfig = template.getProducerFactory().getConfigurationProperties();
            assertThat(templateConfig).containsEntry("acks", "all")
                    .containsEntry("enable.idempotence", "true")
                    .doesNotContainKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config");
            // A real send on the test broker: idempotent, acknowledged by all replicas, over PLAINTEXT.
            assertThat(template.send(new ProducerRecord<>("care.kit.test.idempotent.v1", "key".getBytes(),
                    "value".getBytes()))
                    .get(30, TimeUnit.SECONDS).getRecordMetadata().offset()).isGreaterThanOrEqualTo(0);

            assertThat(streamBridge.send("care.kit.test.binder-idempotent.v1",
                    MessageBuilder.withPayload("value".getBytes()).build())).isTrue();
            assertThat(binderProducers.configs).isNotEmpty();
            Map<String, Object> binderConfig = binderProducers.configs.getLast();
            assertThat(binderConfig).containsEntry("acks", "all").containsEntry("enable.idempotence", "true")
                    .containsEntry("max.in.flight.requests.per.connection", "5")
                    .doesNotContainKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config");
        }
    }

    /** Records the configuration of every producer factory the binder creates. */
    @TestConfiguration(proxyBeanMethods = false)
    static class BinderProducers implements ClientFactoryCustomizer {

        final List<Map<String, Object>> configs = new CopyOnWriteArrayList<>();

        @Override
        public void configure(ProducerFactory<?, ?> producerFactory) {
            configs.add(new HashMap<>(producerFactory.getConfigurationProperties()));
        }
    }
}
