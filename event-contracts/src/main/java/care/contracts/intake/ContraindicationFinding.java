package care.contracts.intake;

import static care.contracts.Invariants.required;

/**
 * A contraindication found at screening, with the severity the program's rule set gave it.
 *
 * @param code     what was found
 * @param severity whether it rules approval out (ABSOLUTE) or needs a clinician's rationale (RELATIVE)
 */
public record ContraindicationFinding(Contraindication code, Contraindication.Severity severity) {

    public ContraindicationFinding {
        required(code, "code");
        required(severity, "severity");
    }
}
