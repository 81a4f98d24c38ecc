package care.scheduling.pacing;

import care.kit.domain.Refusal;

/**
 * Why {@link DosingPacing} refused a proposed dosing session, as a {@link Refusal.Reason}: {@link #type()} is
 * stable and the problem-details {@code type}; {@link #title()} is human-readable and may change. Neither carries
 * personal data or the program's numbers (those live in {@link PacingPolicy}).
 */
public enum PacingViolation implements Refusal.Reason {

    /** Session n would start before a lower-numbered or after a higher-numbered booked session. */
    SESSION_ORDER("session-order", "Dosing sessions must stay in order"),

    /** Another dosing session starts less than the minimum gap before or after. */
    MINIMUM_GAP("minimum-gap-between-dosing", "Too close to another dosing session"),

    /** Some rolling window containing the session would hold more dosing sessions than allowed. */
    ROLLING_WINDOW_CAP("dosing-per-week-cap", "Too many dosing sessions in one week");

    private final String type;
    private final String title;

    PacingViolation(String type, String title) {
        this.type = type;
        this.title = title;
    }

    /** Stable kebab-case kind, e.g. {@code minimum-gap-between-dosing}. */
    @Override
    public String type() {
        return type;
    }

    /** Short human-readable summary. */
    @Override
    public String title() {
        return title;
    }

    /** The same for every pacing rule: the numbers are the program's, not the patient's. */
    @Override
    public String detail() {
        return "The program's pacing rules do not allow this session at this time.";
    }
}
