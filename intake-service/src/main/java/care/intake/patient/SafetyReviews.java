package care.intake.patient;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Service;

/**
 * Records a clinician's safety review on the patient's record: it resolves the open escalation in one write with
 * SafetyEscalationResolved (without the notes). The caller has decided the access.
 */
@Service
class SafetyReviews {

    /** What a review resolved, how and when. */
    record Recorded(Patient.Reviewed reviewed, Patient.EscalationStatus status, Instant reviewedAt) {
    }

    private final Patients patients;
    private final Clock clock;

    SafetyReviews(Patients patients, Clock clock) {
        this.patients = patients;
        this.clock = clock;
    }

    Recorded review(String patientId, UUID clinicianId, Patient.EscalationStatus outcome, String notes) {
        Instant now = clock.instant();
        AtomicReference<Patient.Reviewed> reviewed = new AtomicReference<>();
        patients.update(patientId, patient -> {
            reviewed.set(patient.review(outcome, clinicianId, notes, now));
            return reviewed.get().events();
        });
        return new Recorded(reviewed.get(), outcome, now);
    }
}
