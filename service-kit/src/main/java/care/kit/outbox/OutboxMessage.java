package care.kit.outbox;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bson.Document;

import care.contracts.ContractEvent;
import care.contracts.CloudEventHeaders;
import care.contracts.EventType;
import care.kit.events.EventJson;
import care.kit.events.TraceContext;

/**
 * An event waiting in its aggregate's document to be published: everything the Kafka record will carry,
 * fixed when the state change is saved.
 *
 * @param eventId   the event's id ({@code ce_id})
 * @param topic     where it goes
 * @param key       the record key: the event's subject (the patient id, or the staff id)
 * @param headers   CloudEvents and tracing headers
 * @param payload   the event's JSON
 * @param createdAt when it was stored; the relay publishes in this order
 */
public record OutboxMessage(String eventId, String topic, String key, Map<String, String> headers, String payload,
        Instant createdAt) {

    static final String EVENT_ID = "eventId";
    static final String CREATED_AT = "createdAt";

    static OutboxMessage of(ContractEvent event, EventJson json, TraceContext trace, Instant now) {
        EventType type = EventType.of(event);
        Map<String, String> headers = new LinkedHashMap<>(CloudEventHeaders.of(event));
        headers.put(CloudEventHeaders.TRACEPARENT, trace.traceparent());
        headers.put(CloudEventHeaders.CORRELATION_ID, trace.correlationId());
        return new OutboxMessage(event.eventId().toString(), type.topic(), event.subject().toString(), headers,
                json.write(event), now);
    }

    String type() {
        return headers.get(CloudEventHeaders.TYPE);
    }

    Document toDocument() {
        return new Document(EVENT_ID, eventId).append("topic", topic).append("key", key)
                .append("headers", new Document(new LinkedHashMap<>(headers))).append("payload", payload)
                .append(CREATED_AT, Date.from(createdAt));
    }

    static OutboxMessage fromDocument(Document document) {
        Document headers = document.get("headers", Document.class);
        Map<String, String> values = new LinkedHashMap<>();
        headers.forEach((name, value) -> values.put(name, String.valueOf(value)));
        return new OutboxMessage(document.getString(EVENT_ID), document.getString("topic"), document.getString("key"),
                values, document.getString("payload"), document.getDate(CREATED_AT).toInstant());
    }
}
