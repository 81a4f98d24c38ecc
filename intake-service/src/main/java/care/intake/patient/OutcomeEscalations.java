package care.intake.patient;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import care.contracts.integration.OutcomeMeasured;
import care.contracts.intake.SafetyEscalationRaised;
import care.kit.domain.DerivedIds;

/**
 * A PHQ-9 item 9 above 0 in an outcome measure taken during the program raises the same safety escalation
 * as one in a screening: an OPEN escalation on the patient's record and a SafetyEscalationRaised (trigger
 * PHQ9_ITEM9_POSITIVE, {@code screeningId} = the measure's {@code measurementId}), stored in one write.
 * While an escalation is open, the measure joins it instead (no second alert). Only a clinician's safety
 * review resolves it.
 * <p>
 * The baseline measure is intake's own screening, which raised its escalation already, so a BASELINE
 * measure raises nothing here. The escalation id derives from the measurement id, an escalation remembers
 * every measurement that raised or joined it, and the write records the event as handled, so a measurement
 * delivered again changes nothing. A measure of a patient intake does not know is ignored: there is no
 * record to hold the escalation.
 */
@Component
class OutcomeEscalations {

    private static final Logger log = LoggerFactory.getLogger(OutcomeEscalations.class);

    private final Patients patients;
    private final Clock clock;

    OutcomeEscalations(Patients patients, Clock clock) {
        this.patients = patients;
        this.clock = clock;
    }

    /** The escalation an outcome measure raises, the same for every delivery of it. */
    static UUID escalationId(UUID measurementId) {
        return DerivedIds.of("escalation", measurementId);
    }

    void onOutcomeMeasured(OutcomeMeasured measured) {
        if (!Boolean.TRUE.equals(measured.phq9Item9Positive())) {
            return;
        }
        if (measured.timepoint() == OutcomeMeasured.Timepoint.BASELINE) {
            log.debug("OutcomeMeasured {} is a baseline: its screening raised the escalation", measured.eventId());
            return;
        }
        String patientId = measured.patientId().toString();
        String measurementId = measured.measurementId().toString();
        String escalationId = escalationId(measured.measurementId()).toString();
        Optional<Patient> known = patients.find(patientId);
        if (known.isEmpty()) {
            log.debug("OutcomeMeasured {} names a patient intake does not know; nothing to escalate",
                    measured.eventId());
            return;
        }
        if (known.get().escalatedFor(measurementId)) {
            log.debug("OutcomeMeasured {} is in an escalation already", measured.eventId());
            return;
        }
        Instant now = clock.instant();
        patients.update(patientId, patient -> {
            if (patient.escalatedFor(measurementId)) {
                return List.of();
            }
            return patient.escalate(escalationId, measurementId, now)
                    .<List<SafetyEscalationRaised>>map(raised -> List.of(new SafetyEscalationRaised(UUID.randomUUID(),
                            measured.patientId(), now, UUID.fromString(escalationId),
                            SafetyEscalationRaised.Trigger.PHQ9_ITEM9_POSITIVE, measured.measurementId())))
                    .orElse(List.of());
        });
    }
}
