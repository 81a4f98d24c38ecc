package care.contracts.notification;

/**
 * Why a notification is sent; selects the template. Messages to clinicians and coaches (the escalations, an
 * emergency access to their patient, a plan that ended) go at once and ignore quiet hours.
 */
public enum Purpose {
    APPOINTMENT_CONFIRMATION,
    APPOINTMENT_REMINDER,
    APPOINTMENT_CHANGED,
    APPOINTMENT_CANCELLED,
    PREPARATION_REMINDER,
    JOURNALING_NUDGE,
    OUTCOME_MEASURE_REQUEST,
    SAFETY_ESCALATION,
    MONITOR_CHECK_ESCALATION,
    /** A clinician outside the care team opened emergency access to the patient: their responsible clinician is told. */
    EMERGENCY_ACCESS_OPENED,
    /** A clinician ended the patient's plan before its last session: the patient and the care team are told. */
    PLAN_ENDED
}
