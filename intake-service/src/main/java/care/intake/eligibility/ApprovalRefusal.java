package care.intake.eligibility;

import care.kit.domain.Refusal;

/**
 * Why an approval cannot be recorded, in the order {@link EligibilityAssessment#checkApproval} checks them.
 * {@link #type()} is stable (clients branch on it, as {@code urn:care:problem:<type>});
 * {@link #title()} is for people and may change.
 */
public enum ApprovalRefusal implements Refusal.Reason {
    PLANNED_SESSIONS_OUT_OF_RANGE("planned-sessions-out-of-range", "Planned sessions out of range"),
    ABSOLUTE_CONTRAINDICATION("absolute-contraindication", "Absolute contraindication"),
    INCLUSION_NOT_MET("inclusion-not-met", "Inclusion criteria not met"),
    RATIONALE_REQUIRED("rationale-required", "Rationale required for relative contraindications");

    // Spelled out rather than derived from name() so that renaming a constant cannot change the wire value.
    private final String problemType;
    private final String title;

    ApprovalRefusal(String problemType, String title) {
        this.problemType = problemType;
        this.title = title;
    }

    /** The stable kebab-case problem kind, such as {@code absolute-contraindication}. */
    @Override
    public String type() {
        return problemType;
    }

    /** A short human-readable summary. */
    @Override
    public String title() {
        return title;
    }
}
