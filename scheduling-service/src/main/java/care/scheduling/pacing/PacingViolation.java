package care.scheduling.pacing;

/**
 * Why {@link DosingPacing} refused a proposed dosing session. {@link #problemType()} is stable and meant
 * for problem-details {@code type}s; {@link #title()} is human-readable and may change. Neither carries
 * personal data or the program's numbers (those live in {@link PacingPolicy}).
 */
public enum PacingViolation {

    /** Session n would start before a lower-numbered or after a higher-numbered booked session. */
    SESSION_ORDER("session-order", "Dosing sessions must stay in order"),

    /** Another dosing session starts less than the minimum gap before or after. */
    MINIMUM_GAP("minimum-gap-between-dosing", "Too close to another dosing session"),

    /** Some rolling window containing the session would hold more dosing sessions than allowed. */
    ROLLING_WINDOW_CAP("dosing-per-week-cap", "Too many dosing sessions in one week");

    private final String problemType;
    private final String title;

    PacingViolation(String problemType, String title) {
        this.problemType = problemType;
        this.title = title;
    }

    /** Stable kebab-case kind, e.g. {@code minimum-gap-between-dosing}. */
    public String problemType() {
        return problemType;
    }

    /** Short human-readable summary. */
    public String title() {
        return title;
    }
}
