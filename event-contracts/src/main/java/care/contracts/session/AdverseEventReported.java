package care.contracts.session;

import static care.contracts.Invariants.check;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * An adverse event during or after a dosing session. A SEVERE one escalates to the supervising clinician at
 * once and pauses the plan until a clinician resumes it. The clinician's description stays in the session
 * service.
 *
 * @param adverseEventId the adverse event in the session service
 * @param sessionId      the session
 * @param planId         the treatment plan
 * @param clinicianId    the supervising clinician
 * @param severity       MILD, MODERATE or SEVERE
 * @param category       what kind of event
 * @param bloodPressure  the reading that showed it; required for {@link Category#BLOOD_PRESSURE_RISE}
 */
public record AdverseEventReported(UUID eventId, UUID patientId, Instant occurredAt, UUID adverseEventId,
                                   UUID sessionId, UUID planId, UUID clinicianId, Severity severity,
                                   Category category, BloodPressure bloodPressure) implements CareEvent {

    /** Severity of an adverse event. */
    public enum Severity { MILD, MODERATE, SEVERE }

    /** Kind of adverse event. */
    public enum Category {
        BLOOD_PRESSURE_RISE,
        NAUSEA_OR_VOMITING,
        DISSOCIATIVE_DISTRESS,
        EXCESSIVE_SEDATION,
        RESPIRATORY_DEPRESSION,
        CARDIAC_SYMPTOMS,
        FALL_OR_INJURY,
        OTHER
    }

    public AdverseEventReported {
        envelope(eventId, patientId, occurredAt);
        required(adverseEventId, "adverseEventId");
        required(sessionId, "sessionId");
        required(planId, "planId");
        required(clinicianId, "clinicianId");
        required(severity, "severity");
        required(category, "category");
        check(category != Category.BLOOD_PRESSURE_RISE || bloodPressure != null,
                "bloodPressure is required when the category is BLOOD_PRESSURE_RISE");
    }
}
