package care.intake.patient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A structured suicide-risk review a clinician must complete; never closed automatically. A patient has at
 * most one open: a further positive answer while it is open joins it as another trigger.
 * {@code screeningId} names what raised it: a screening of this record, or an outcome measure of the
 * integration service (its {@code measurementId}), as in the SafetyEscalationRaised event; {@code triggers}
 * lists it and everything that joined it.
 */
public record SafetyEscalation(String escalationId, String screeningId, Instant raisedAt, Patient.EscalationStatus status,
        String reviewedBy, Instant reviewedAt, String notes, List<Patient.EscalationTrigger> triggers) {

    boolean open() {
        return status == Patient.EscalationStatus.OPEN;
    }

    /** What raised it and what joined it (a record stored before triggers were kept lists what raised it). */
    public List<Patient.EscalationTrigger> triggers() {
        return triggers == null ? List.of(new Patient.EscalationTrigger(screeningId, raisedAt)) : triggers;
    }

    boolean triggeredBy(String screeningOrMeasurementId) {
        return triggers().stream().anyMatch(trigger -> trigger.screeningId().equals(screeningOrMeasurementId));
    }

    SafetyEscalation with(Patient.EscalationTrigger trigger) {
        List<Patient.EscalationTrigger> all = new ArrayList<>(triggers());
        all.add(trigger);
        return new SafetyEscalation(escalationId, screeningId, raisedAt, status, reviewedBy, reviewedAt, notes,
                all);
    }

    SafetyEscalation resolved(Patient.EscalationStatus outcome, String reviewer, Instant at, String reviewNotes) {
        return new SafetyEscalation(escalationId, screeningId, raisedAt, outcome, reviewer, at, reviewNotes,
                triggers());
    }
}
