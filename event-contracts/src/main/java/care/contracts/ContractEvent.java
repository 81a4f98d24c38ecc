package care.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * An immutable fact published by one service for the others: every record of the v1 contract implements it,
 * through {@link CareEvent} (about a patient) or {@link StaffEvent} (about a member of the clinic's staff).
 *
 * <p>On Kafka an event travels in CloudEvents binary mode: the JSON payload is the record itself, the Kafka
 * key is {@link #subject()} and the envelope goes into headers ({@link CloudEventHeaders}):
 * {@code ce_id} = {@link #eventId()}, {@code ce_time} = {@link #occurredAt()}, {@code ce_subject} =
 * {@link #subject()}, {@code ce_type} and {@code ce_source} from {@link EventType}.
 */
public interface ContractEvent {

    /** Unique id of this event; consumers de-duplicate on it (delivery is at least once). */
    UUID eventId();

    /** When the fact happened (UTC instant), not when it was published. */
    Instant occurredAt();

    /**
     * Who the event is about: the record key and {@code ce_subject}. The patient id for patient events, the
     * staff id for staff-directory events; all events of one subject stay in order on their topic.
     */
    UUID subject();
}
