package care.kit.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One stored audit record: the access decisions of one request (usually one; a worklist records one per patient
 * it shows), written through the outbox together with their AccessRecorded events in one document write.
 */
@Document(AuditTrail.COLLECTION)
public class AuditRecord {

    /** One decision. */
    public static class Entry {
        /** The token's subject as given. */
        String subject;
        /** The subject as the audit event names it (see {@link AuditTrail#actorId}). */
        String actorId;
        String actorRole;
        String action;
        String permission;
        String patientId;
        String outcome;
        String basis;
        String reason;
        String emergencyGrantId;
        String resourceId;

        public String subject() {
            return subject;
        }

        public String actorId() {
            return actorId;
        }

        public String action() {
            return action;
        }

        public String permission() {
            return permission;
        }

        public String patientId() {
            return patientId;
        }

        public String outcome() {
            return outcome;
        }

        public String basis() {
            return basis;
        }

        public String reason() {
            return reason;
        }
    }

    @Id
    String id;
    @Version
    Long version;
    Instant at;
    String service;
    List<Entry> entries = new ArrayList<>();

    public Instant at() {
        return at;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }
}
