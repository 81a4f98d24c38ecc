package care.contracts.intake;

import static care.contracts.Invariants.VERSION;
import static care.contracts.Invariants.check;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.listOf;
import static care.contracts.Invariants.matching;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A licensed clinician declined the patient after the consultation, with coded reasons and a referral
 * suggestion; the clinician's explanation stays in the intake service.
 *
 * @param consultationId    the consultation where the decision was made
 * @param clinicianId       the deciding clinician
 * @param ruleSetVersion    version of the eligibility rule set applied
 * @param reasons           why, at least one
 * @param contraindications the contraindications behind the decision, possibly none
 * @param referral          where the patient is referred
 */
public record EligibilityDeclined(UUID eventId, UUID patientId, Instant occurredAt, UUID consultationId,
                                  UUID clinicianId, String ruleSetVersion, List<Reason> reasons,
                                  List<Contraindication> contraindications, Referral referral)
        implements CareEvent {

    /** Why a patient was declined. */
    public enum Reason {
        ABSOLUTE_CONTRAINDICATION,
        RELATIVE_CONTRAINDICATION_NOT_ACCEPTED,
        SYMPTOM_THRESHOLD_NOT_MET,
        UNRESOLVED_SAFETY_RISK,
        CLINICAL_JUDGEMENT
    }

    /** The kind of care the patient is referred to. */
    public enum Referral { PRIMARY_CARE, PSYCHIATRY, PSYCHOTHERAPY, SUBSTANCE_USE_SERVICES, CRISIS_SERVICES, NONE }

    public EligibilityDeclined {
        envelope(eventId, patientId, occurredAt);
        required(consultationId, "consultationId");
        required(clinicianId, "clinicianId");
        matching(ruleSetVersion, VERSION, "ruleSetVersion");
        reasons = listOf(reasons, "reasons");
        check(!reasons.isEmpty(), "reasons must not be empty");
        contraindications = listOf(contraindications, "contraindications");
        required(referral, "referral");
    }
}
