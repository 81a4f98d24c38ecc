package care.intake.accesslog;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import care.contracts.audit.AccessRecorded;

/**
 * One AccessRecorded of any service, as the patient's access log keeps it (its id is the event id), indexed for
 * a patient's entries newest first.
 */
@Document(AccessLog.COLLECTION)
@CompoundIndex(name = "patient_newest_first", def = "{'patientId': 1, 'at': -1}")
public class AccessLogEntry {

    @Id
    String id;
    String patientId;
    Instant at;
    String service;
    String actorId;
    String actorRole;
    String action;
    String permission;
    String outcome;
    String basis;
    String reason;
    String emergencyGrantId;
    String resourceId;

    static AccessLogEntry of(AccessRecorded recorded) {
        AccessLogEntry entry = new AccessLogEntry();
        entry.id = recorded.eventId().toString();
        entry.patientId = recorded.patientId().toString();
        entry.at = recorded.occurredAt();
        entry.service = recorded.service();
        entry.actorId = recorded.actorId();
        entry.actorRole = recorded.actorRole().name();
        entry.action = recorded.action();
        entry.permission = recorded.permission().name();
        entry.outcome = recorded.outcome().name();
        entry.basis = recorded.basis() == null ? null : recorded.basis().name();
        entry.reason = recorded.reason() == null ? null : recorded.reason().name();
        entry.emergencyGrantId = recorded.emergencyGrantId() == null ? null : recorded.emergencyGrantId().toString();
        entry.resourceId = recorded.resourceId() == null ? null : recorded.resourceId().toString();
        return entry;
    }
}
