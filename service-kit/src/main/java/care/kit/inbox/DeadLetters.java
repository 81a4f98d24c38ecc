package care.kit.inbox;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.messaging.MessagingException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

import care.contracts.CloudEventHeaders;
import care.kit.events.PoisonEventException;

/**
 * What happens to an event a consumer cannot handle: it is retried with exponential back-off (the
 * binding's {@code max-attempts} and {@code back-off-*} settings), in place, so the patient's later events
 * wait behind it; then it goes to the dead-letter topic {@code <topic>.<group>.dlq} with the error in its
 * headers, is counted ({@code care.events.dead.lettered}) and logged, and the partition moves on. A
 * {@link PoisonEventException} skips the retries. If the dead-letter topic cannot be written, the event
 * is retried again rather than dropped: nothing is skipped silently.
 */
public class DeadLetters implements ListenerContainerWithDlqAndRetryCustomizer {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /** The suffix of every dead-letter topic. */
    public static final String SUFFIX = ".dlq";

    private final KafkaTemplate<Object, Object> template;
    private final MeterRegistry meters;

    public DeadLetters(Map<String, Object> producerProperties, MeterRegistry meters) {
        Map<String, Object> config = new HashMap<>(producerProperties);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        this.template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
        this.meters = meters;
    }

    /** The dead-letter topic of a consumer group reading {@code topic}. */
    public static String topicFor(String topic, String group) {
        return topic + "." + group + SUFFIX;
    }

    @Override
    public boolean retryAndDlqInBinding(String destinationName, String group) {
        return false;
    }

    @Override
    public void configure(AbstractMessageListenerContainer<?, ?> container, String destinationName, String group,
            BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> dlqDestinationResolver, BackOff backOff) {
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(template,
                (record, failure) -> new TopicPartition(topicFor(record.topic(), group), -1));
        ConsumerRecordRecoverer recoverer = (record, failure) -> {
            Exception cause = unwrap(failure);
            publisher.accept(record, cause);
            log.warn("Dead-lettered {} {} from {}-{}@{} for group {} after {}", header(record, CloudEventHeaders.TYPE),
                    header(record, CloudEventHeaders.ID), record.topic(), record.partition(), record.offset(), group,
                    cause.getClass().getSimpleName());
            Counter.builder("care.events.dead.lettered").description("Events moved to a dead-letter topic")
                    .tag("topic", record.topic()).tag("group", group == null ? "none" : group)
                    .register(meters).increment();
        };
        DefaultErrorHandler errors = new DefaultErrorHandler(recoverer,
                backOff != null ? backOff : new ExponentialBackOff(200, 2.0));
        errors.addNotRetryableExceptions(PoisonEventException.class);
        container.setCommonErrorHandler(errors);
    }

    /** The handler's own exception, without the listener and messaging wrappers around it. */
    static Exception unwrap(Exception failure) {
        Exception current = failure;
        while ((current instanceof ListenerExecutionFailedException || current instanceof MessagingException
                || current instanceof BatchListenerFailedException)
                && current.getCause() instanceof Exception cause && cause != current) {
            current = cause;
        }
        return current;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "(no " + name + ")" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
