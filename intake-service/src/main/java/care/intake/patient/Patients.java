package care.intake.patient;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import care.kit.domain.Refusal;
import care.contracts.CareEvent;
import care.kit.outbox.Outbox;

/**
 * Loads and stores intake records. A change is a function of the current record that returns the
 * events it causes; it runs again on a fresh copy when another request changed the record first, so
 * every rule is checked against the state it is stored with.
 */
@Component
public class Patients {

    private final MongoTemplate mongo;
    private final Outbox outbox;

    Patients(MongoTemplate mongo, Outbox outbox) {
        this.mongo = mongo;
        this.outbox = outbox;
    }

    public Patient get(String patientId) {
        Patient patient = mongo.findById(patientId, Patient.class);
        if (patient == null) {
            throw Refusal.notFound("The patient");
        }
        return patient;
    }

    /** The record, or empty when intake does not know this patient. */
    public Optional<Patient> find(String patientId) {
        return Optional.ofNullable(mongo.findById(patientId, Patient.class));
    }

    /**
     * The record for an id as a request gives it (any case), or empty when it names no record: what an access
     * check needs to know before it decides (the jurisdiction, whether the patient waits for a clinician).
     */
    Optional<Patient> lookup(String patientId) {
        try {
            return find(UUID.fromString(patientId).toString());
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    /** Stores a new record with the events of its registration; refused when the patient is registered already. */
    void register(Patient.Registered registered) {
        try {
            outbox.save(registered.patient(), registered.events());
        } catch (DuplicateKeyException exists) {
            throw Refusal.conflict("already-registered", "This patient is already registered.");
        }
    }

    /** Applies {@code change} and stores the result with its events in one write; returns the stored record. */
    public Patient update(String patientId, Function<Patient, List<? extends CareEvent>> change) {
        return outbox.update(() -> get(patientId), change);
    }

    /** The record holding this consultation. */
    public Patient byConsultation(String consultationId) {
        Patient patient = mongo.findOne(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("consultations.consultationId")
                        .is(consultationId)), Patient.class);
        if (patient == null) {
            throw Refusal.notFound("The consultation");
        }
        return patient;
    }
}
