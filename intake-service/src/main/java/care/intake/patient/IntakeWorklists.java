package care.intake.patient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The clinicians' worklists, read from the patients' records: consultations and open safety escalations of
 * patients in given jurisdictions, oldest first, one row per consultation or escalation. Only what a worklist
 * needs to order and open an item: no answers, no notes.
 */
@Component
class IntakeWorklists {

    private static final String PATIENTS = "patients";

    /** A consultation in a worklist. */
    record ConsultationRow(String patientId, String jurisdiction, String consultationId, Instant requestedAt) {
    }

    /** An open safety escalation in a worklist; {@code triggers}: what raised it and what joined it. */
    record EscalationRow(String patientId, String jurisdiction, String escalationId, Instant raisedAt, int triggers) {
    }

    private final MongoTemplate mongo;

    IntakeWorklists(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** A page of the consultations in this status of patients in these jurisdictions, oldest request first. */
    List<ConsultationRow> consultations(Collection<String> jurisdictions, Patient.ConsultationStatus status, int page,
            int size) {
        return unwound(jurisdictions, "consultations", status.name(), "requestedAt", page, size).stream().map(row -> {
            Document consultation = row.get("consultations", Document.class);
            return new ConsultationRow(row.getString("_id"), row.getString("jurisdiction"),
                    consultation.getString("consultationId"), consultation.getDate("requestedAt").toInstant());
        }).toList();
    }

    /** A page of the open safety escalations of patients in these jurisdictions, oldest first. */
    List<EscalationRow> openEscalations(Collection<String> jurisdictions, int page, int size) {
        String open = Patient.EscalationStatus.OPEN.name();
        return unwound(jurisdictions, "escalations", open, "raisedAt", page, size).stream().map(row -> {
            Document escalation = row.get("escalations", Document.class);
            List<?> triggers = escalation.getList("triggers", Object.class);
            return new EscalationRow(row.getString("_id"), row.getString("jurisdiction"),
                    escalation.getString("escalationId"), escalation.getDate("raisedAt").toInstant(),
                    triggers == null || triggers.isEmpty() ? 1 : triggers.size());
        }).toList();
    }

    /** Of these patients, those waiting for a clinician: a requested consultation or an open safety escalation. */
    Set<String> waitingForClinician(List<String> patientIds) {
        Document waiting = new Document("_id", new Document("$in", patientIds)).append("$or", List.of(
                new Document("consultations.status", Patient.ConsultationStatus.REQUESTED.name()),
                new Document("escalations.status", Patient.EscalationStatus.OPEN.name())));
        Set<String> ids = new HashSet<>();
        mongo.getCollection(PATIENTS).find(waiting).projection(new Document("_id", 1))
                .forEach(document -> ids.add(document.getString("_id")));
        return ids;
    }

    /** Patients in the jurisdictions with one row per element of {@code list} in this status, oldest first. */
    private List<Document> unwound(Collection<String> jurisdictions, String list, String status, String at, int page,
            int size) {
        List<Document> pipeline = List.of(
                new Document("$match", new Document("jurisdiction", new Document("$in", jurisdictions))
                        .append(list + ".status", status)),
                new Document("$unwind", "$" + list),
                new Document("$match", new Document(list + ".status", status)),
                new Document("$sort", new Document(list + "." + at, 1).append("_id", 1)),
                new Document("$skip", page * size),
                new Document("$limit", size));
        return mongo.getCollection(PATIENTS).aggregate(pipeline).into(new ArrayList<>());
    }
}
