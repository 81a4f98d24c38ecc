package care.contracts.intake;

import static care.contracts.intake.Contraindication.Severity.ABSOLUTE;
import static care.contracts.intake.Contraindication.Severity.RELATIVE;

/**
 * Contraindications the screening and the consultation look for, with the severity the at-home program
 * defaults give them. A program may classify differently, so events carry the severity that applied
 * ({@link ContraindicationFinding}).
 */
public enum Contraindication {
    UNDER_18(ABSOLUTE),
    PREGNANT_OR_NURSING(ABSOLUTE),
    PSYCHOSIS_OR_MANIA(ABSOLUTE),
    SUBSTANCE_DEPENDENCE(ABSOLUTE),
    OPIOID_USE_DISORDER_HISTORY(ABSOLUTE),
    KETAMINE_HYPERSENSITIVITY(ABSOLUTE),
    ANEURYSMAL_VASCULAR_DISEASE(ABSOLUTE),
    ARTERIOVENOUS_MALFORMATION(ABSOLUTE),
    INTRACEREBRAL_HEMORRHAGE_HISTORY(ABSOLUTE),
    UNCONTROLLED_CARDIAC_DISEASE(ABSOLUTE),
    RECENT_SUICIDE_ATTEMPT_OR_INTENT(ABSOLUTE),
    ELEVATED_BLOOD_PRESSURE(RELATIVE),
    BIPOLAR_WITHOUT_SEVERE_MANIA(RELATIVE),
    RESPIRATORY_ILLNESS(RELATIVE),
    SELF_HARM_THOUGHTS_REVIEWED(RELATIVE);

    /** ABSOLUTE: approval is impossible. RELATIVE: a clinician may approve with a written rationale. */
    public enum Severity { ABSOLUTE, RELATIVE }

    private final Severity defaultSeverity;

    Contraindication(Severity defaultSeverity) {
        this.defaultSeverity = defaultSeverity;
    }

    /** The severity under the at-home program defaults. */
    public Severity defaultSeverity() {
        return defaultSeverity;
    }
}
