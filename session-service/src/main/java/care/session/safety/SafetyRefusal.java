package care.session.safety;

import care.kit.domain.Refusal;

/**
 * A safety rule that refuses a step of a dosing session (answered as a {@link Refusal#rule(Refusal.Reason)}, 422).
 * The problem type of the refused request is
 * {@code urn:care:problem:<type>}.
 */
public enum SafetyRefusal implements Refusal.Reason {
    PREPARATION_INCOMPLETE("preparation-incomplete", "Preparation incomplete",
            "The preparation checklist is not complete."),
    NO_RECENT_READING("no-recent-reading", "No recent reading",
            "No blood-pressure reading of this phase was taken recently enough."),
    BLOOD_PRESSURE_ABOVE_THRESHOLD("blood-pressure-above-threshold", "Blood pressure above threshold",
            "The blood-pressure reading is above the program's limit."),
    TOO_EARLY("too-early", "Too early", "The session cannot start this long before its scheduled start."),
    START_WINDOW_PASSED("start-window-passed", "Start window passed",
            "The appointment for this session has ended; the session has to be booked again."),
    MONITORING_TIME_NOT_REACHED("monitoring-time-not-reached", "Monitoring time not reached",
            "The minimum monitoring time after dosing has not passed yet."),
    PLAN_PAUSED("plan-paused", "Plan paused", "The treatment plan is paused until a clinician resumes it.");

    private final String type;
    private final String title;
    private final String detail;

    SafetyRefusal(String type, String title, String detail) {
        this.type = type;
        this.title = title;
        this.detail = detail;
    }

    /** The last part of the problem type. */
    @Override
    public String type() {
        return type;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String detail() {
        return detail;
    }
}
