package care.contracts.session;

import static care.contracts.Invariants.check;
import static care.contracts.Invariants.checkSessionNumber;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A dosing session was not started and must be rebooked; scheduling offers a new slot.
 *
 * @param sessionId     the session
 * @param appointmentId the dosing-session appointment
 * @param planId        the treatment plan
 * @param sessionNumber the dosing session's number in the plan, 1..8
 * @param reason        why it was not started
 * @param bloodPressure the pre-dose reading; required for {@link Reason#BLOOD_PRESSURE_ABOVE_LIMIT}
 */
public record SessionDeferred(UUID eventId, UUID patientId, Instant occurredAt, UUID sessionId, UUID appointmentId,
                              UUID planId, int sessionNumber, Reason reason, BloodPressure bloodPressure)
        implements CareEvent {

    /** Why a session was deferred. */
    public enum Reason {
        BLOOD_PRESSURE_ABOVE_LIMIT,
        PREPARATION_INCOMPLETE,
        MONITOR_UNAVAILABLE,
        PATIENT_UNWELL,
        CLINICIAN_DECISION
    }

    public SessionDeferred {
        envelope(eventId, patientId, occurredAt);
        required(sessionId, "sessionId");
        required(appointmentId, "appointmentId");
        required(planId, "planId");
        checkSessionNumber(sessionNumber);
        required(reason, "reason");
        check(reason != Reason.BLOOD_PRESSURE_ABOVE_LIMIT || bloodPressure != null,
                "bloodPressure is required when the reason is BLOOD_PRESSURE_ABOVE_LIMIT");
    }
}
