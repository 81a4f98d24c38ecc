package care.kit.inbox;

import java.time.Instant;

/**
 * One event in a dead-letter topic, as operators see it: where it came from, what it was and what
 * failed. No payload and no exception message: they could carry data that does not belong in an
 * operator's console.
 *
 * @param id             {@code <dead-letter topic>:<partition>:<offset>}, the handle for a replay
 * @param originalTopic  the topic the event was read from
 * @param eventType      its {@code ce_type}
 * @param eventId        its {@code ce_id}
 * @param patientId      the record key (a random patient id)
 * @param error          the class of the failure that dead-lettered it
 * @param deadLetteredAt when it was dead-lettered
 * @param replayedAt     when it was last replayed, or null
 */
public record DeadLetter(String id, String originalTopic, String eventType, String eventId, String patientId,
        String error, Instant deadLetteredAt, Instant replayedAt) {
}
