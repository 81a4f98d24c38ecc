package care.scheduling.plan;

import java.util.ArrayList;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * What scheduling knows of a patient beyond plans and appointments, from intake's events: where they receive care
 * (which clinicians may be booked with them) and their safety escalations, open ones included before any plan
 * exists. One document per patient; its id is the patient id.
 */
@Document("patients")
public class PatientRecord {

    @Id
    String id;
    @Version
    Long version;
    /** ISO 3166 code of where the patient receives care; null until intake has told. */
    String jurisdiction;
    /** Escalations raised and not yet reviewed: no plan of the patient may be resumed meanwhile. */
    List<String> openEscalations = new ArrayList<>();
    /** Escalations reviewed: a late or repeated raise of one of them changes nothing. */
    List<String> resolvedEscalations = new ArrayList<>();

    static PatientRecord of(String patientId) {
        PatientRecord record = new PatientRecord();
        record.id = patientId;
        return record;
    }

    /** The latest jurisdiction intake named for the patient is theirs; answers whether it changed. */
    boolean learnJurisdiction(String named) {
        if (named.equals(jurisdiction)) {
            return false;
        }
        jurisdiction = named;
        return true;
    }

    /** An escalation raised; one already known (open or reviewed) changes nothing. Answers whether it changed. */
    boolean raise(String escalationId) {
        if (openEscalations.contains(escalationId) || resolvedEscalations.contains(escalationId)) {
            return false;
        }
        openEscalations.add(escalationId);
        return true;
    }

    /** An escalation reviewed: no longer open, and a late raise of it changes nothing. Answers whether it changed. */
    boolean resolve(String escalationId) {
        if (resolvedEscalations.contains(escalationId)) {
            return false;
        }
        openEscalations.remove(escalationId);
        resolvedEscalations.add(escalationId);
        return true;
    }

    boolean isOpen(String escalationId) {
        return openEscalations.contains(escalationId);
    }

    List<String> openEscalations() {
        return List.copyOf(openEscalations);
    }

    public String jurisdiction() {
        return jurisdiction;
    }

    public boolean hasOpenEscalation() {
        return !openEscalations.isEmpty();
    }
}
