package care.kit.inbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.MessageHeaders;

/** Reads the CloudEvents headers of consumed records, one by one or in a batch. */
final class EventHeaders {

    private EventHeaders() {
    }

    /**
     * Each record's headers in a batch: the binder puts them, converted, in {@link KafkaHeaders#BATCH_CONVERTED_HEADERS}
     * (or the raw Kafka headers in {@link KafkaHeaders#NATIVE_HEADERS}).
     */
    @SuppressWarnings("unchecked")
    static List<Function<String, Object>> ofBatch(MessageHeaders headers, int size) {
        List<Function<String, Object>> each = new ArrayList<>(size);
        if (headers.get(KafkaHeaders.BATCH_CONVERTED_HEADERS) instanceof List<?> converted && converted.size() == size) {
            for (Object record : converted) {
                Map<String, Object> values = (Map<String, Object>) record;
                each.add(values::get);
            }
            return each;
        }
        if (headers.get(KafkaHeaders.NATIVE_HEADERS) instanceof List<?> nativeHeaders && nativeHeaders.size() == size) {
            for (Object record : nativeHeaders) {
                org.apache.kafka.common.header.Headers values = (org.apache.kafka.common.header.Headers) record;
                each.add(name -> {
                    org.apache.kafka.common.header.Header header = values.lastHeader(name);
                    return header == null ? null : header.value();
                });
            }
            return each;
        }
        // Never acknowledge records that did not reach the handlers (a binding that converts payloads drops them).
        throw new IllegalStateException("A batch of " + size + " payloads without the headers of each: the binding"
                + " needs consumer.batch-mode true and content-type application/octet-stream");
    }

    static Optional<String> header(MessageHeaders headers, String name) {
        return header(headers::get, name);
    }

    static Optional<String> header(Function<String, Object> headers, String name) {
        Object value = headers.apply(name);
        if (value instanceof byte[] bytes) {
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        }
        return Optional.ofNullable(value).map(Object::toString);
    }
}
