package care.kit.inbox;

import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.messaging.Message;

import care.kit.events.EventJson;
import care.kit.outbox.Outbox;
import care.kit.outbox.OutboxAutoConfiguration;

/** Consuming events: dispatch to handlers, retries and dead letters, and the operators' dead-letter API. */
@AutoConfiguration(after = OutboxAutoConfiguration.class,
        afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@Import(DeadLetterController.class)
public class InboxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventConsumers eventConsumers(EventJson eventJson, MeterRegistry meters, ObjectProvider<Outbox> outbox) {
        return new EventConsumers(eventJson, meters, outbox.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    DeadLetters deadLetters(KafkaProperties kafka, MeterRegistry meters) {
        return new DeadLetters(kafka.buildProducerProperties(), meters);
    }

    @Bean
    @ConditionalOnMissingBean
    DeadLetterAdmin deadLetterAdmin(KafkaProperties kafka, MongoTemplate mongo, Clock careClock,
            @Value("${spring.cloud.stream.default.group}") String group,
            ObjectProvider<BindingServiceProperties> bindings, ListableBeanFactory beans) {
        Map<String, Object> client = kafka.buildAdminProperties();
        return new DeadLetterAdmin(client, group, mongo, careClock, topic -> Optional.ofNullable(bindings.getIfAvailable())
                .flatMap(properties -> consumerOf(topic, group, properties, beans)));
    }

    /**
     * The function bean bound as {@code <name>-in-<n>} to {@code topic} for {@code group}, when it is a consumer
     * of messages as {@link EventConsumers#dispatch} builds them, or of batches as {@link EventConsumers#dispatchBatches}
     * builds them (then handed the message as a batch of one).
     */
    @SuppressWarnings("unchecked")
    static Optional<Consumer<Message<byte[]>>> consumerOf(String topic, String group, BindingServiceProperties bindings,
            ListableBeanFactory beans) {
        for (String binding : bindings.getBindings().keySet()) {
            int input = binding.lastIndexOf("-in-");
            if (input < 1 || !group.equals(bindings.getGroup(binding))) {
                continue;
            }
            String destinations = bindings.getBindingDestination(binding);
            boolean bound = destinations != null && Arrays.stream(destinations.split(","))
                    .map(String::trim).anyMatch(topic::equals);
            String function = binding.substring(0, input);
            if (!bound || !beans.containsBean(function)) {
                continue;
            }
            Object bean = beans.getBean(function);
            if (bean instanceof EventConsumers.BatchConsumer batches) {
                return Optional.of(batches::acceptOne);
            }
            if (bean instanceof Consumer<?> consumer) {
                return Optional.of((Consumer<Message<byte[]>>) consumer);
            }
        }
        return Optional.empty();
    }
}
