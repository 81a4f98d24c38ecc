package care.kit.inbox;

import java.time.Clock;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;

import care.kit.events.EventJson;
import care.kit.outbox.OutboxAutoConfiguration;

/** Consuming events: dispatch to handlers, retries and dead letters, and the operators' dead-letter API. */
@AutoConfiguration(after = OutboxAutoConfiguration.class,
        afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@Import(DeadLetterController.class)
public class InboxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventConsumers eventConsumers(EventJson eventJson, MeterRegistry meters) {
        return new EventConsumers(eventJson, meters);
    }

    @Bean
    @ConditionalOnMissingBean
    DeadLetters deadLetters(KafkaProperties kafka, MeterRegistry meters) {
        return new DeadLetters(kafka.buildProducerProperties(), meters);
    }

    @Bean
    @ConditionalOnMissingBean
    DeadLetterAdmin deadLetterAdmin(KafkaProperties kafka, MongoTemplate mongo, Clock careClock,
            @Value("${spring.cloud.stream.default.group}") String group) {
        Map<String, Object> client = kafka.buildAdminProperties();
        return new DeadLetterAdmin(client, group, mongo, careClock);
    }
}
