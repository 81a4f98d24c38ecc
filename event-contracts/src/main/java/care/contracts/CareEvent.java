package care.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * An immutable fact published by one service for the others: every record of the v1 contract implements it.
 *
 * <p>On Kafka an event travels in CloudEvents binary mode: the JSON payload is the record itself, the Kafka
 * key is {@link #patientId()} and the envelope goes into headers ({@link CloudEventHeaders}):
 * {@code ce_id} = {@link #eventId()}, {@code ce_time} = {@link #occurredAt()}, {@code ce_subject} =
 * {@link #patientId()}, {@code ce_type} and {@code ce_source} from {@link EventType}.
 *
 * <p>Privacy: apart from {@link care.contracts.intake.PatientContactChanged} (restricted topic), events carry
 * only random ids, codes, counts, scores and times, never names, contact details, birth dates, addresses or
 * free text written by patients or clinicians.
 */
public interface CareEvent {

    /** Unique id of this event; consumers de-duplicate on it (delivery is at least once). */
    UUID eventId();

    /**
     * The patient this event is about: a random UUID assigned at registration, never derived from personal
     * data. It is also the Kafka record key, so all events of one patient stay in order on a topic.
     */
    UUID patientId();

    /** When the fact happened (UTC instant), not when it was published. */
    Instant occurredAt();
}
