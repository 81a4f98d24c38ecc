package care.contracts.notification;

/** Why a notification is sent; selects the template. The two escalations are urgent and ignore quiet hours. */
public enum Purpose {
    APPOINTMENT_CONFIRMATION,
    APPOINTMENT_REMINDER,
    APPOINTMENT_CHANGED,
    APPOINTMENT_CANCELLED,
    PREPARATION_REMINDER,
    JOURNALING_NUDGE,
    OUTCOME_MEASURE_REQUEST,
    SAFETY_ESCALATION,
    MONITOR_CHECK_ESCALATION
}
