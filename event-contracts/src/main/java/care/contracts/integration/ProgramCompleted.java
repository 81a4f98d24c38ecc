package care.contracts.integration;

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
 * The program is complete: the plan ended, the final integration step is done and the end-of-program
 * measure is recorded (if the patient gave one).
 *
 * @param planId            the treatment plan
 * @param completedSessions dosing sessions that took place, at most {@code plannedSessions}
 * @param plannedSessions   planned dosing sessions, 4..8
 * @param endMeasurementId  the PROGRAM_END {@link OutcomeMeasured}, or {@code null} if none was recorded
 */
public record ProgramCompleted(UUID eventId, UUID patientId, Instant occurredAt, UUID planId, int completedSessions,
                               int plannedSessions, UUID endMeasurementId) implements CareEvent {

    public ProgramCompleted {
        envelope(eventId, patientId, occurredAt);
        required(planId, "planId");
        inRange(completedSessions, 0, MAX_PLANNED_SESSIONS, "completedSessions");
        checkPlannedSessions(plannedSessions);
        check(completedSessions <= plannedSessions, "completedSessions must not exceed plannedSessions");
    }
}
