package care.contracts.scheduling;

import static care.contracts.Invariants.MAX_PLANNED_SESSIONS;
import static care.contracts.Invariants.check;
import static care.contracts.Invariants.checkPlannedSessions;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.inRange;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A plan ended: all planned dosing sessions took place, or it was closed early. Integration completes the
 * program after its final step and end-of-program measure.
 *
 * @param planId            the plan
 * @param closure           how it ended
 * @param completedSessions dosing sessions that took place, at most {@code plannedSessions}
 * @param plannedSessions   planned dosing sessions, 4..8
 * @param clinicianId       the clinician who closed it, or {@code null} when it ended by completion
 */
public record TreatmentPlanCompleted(UUID eventId, UUID patientId, Instant occurredAt, UUID planId, Closure closure,
                                     int completedSessions, int plannedSessions, UUID clinicianId)
        implements CareEvent {

    /** How a plan ended. */
    public enum Closure { ALL_SESSIONS_COMPLETED, CLOSED_BY_CLINICIAN, WITHDRAWN_BY_PATIENT }

    public TreatmentPlanCompleted {
        envelope(eventId, patientId, occurredAt);
        required(planId, "planId");
        required(closure, "closure");
        inRange(completedSessions, 0, MAX_PLANNED_SESSIONS, "completedSessions");
        checkPlannedSessions(plannedSessions);
        check(completedSessions <= plannedSessions, "completedSessions must not exceed plannedSessions");
        check(closure != Closure.ALL_SESSIONS_COMPLETED || completedSessions == plannedSessions,
                "ALL_SESSIONS_COMPLETED needs completedSessions equal to plannedSessions");
        check(closure != Closure.CLOSED_BY_CLINICIAN || clinicianId != null,
                "clinicianId is required when closed by a clinician");
    }
}
