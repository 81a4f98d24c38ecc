package care.contracts.intake;

import static care.contracts.Invariants.VERSION;
import static care.contracts.Invariants.checkPlannedSessions;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.listOf;
import static care.contracts.Invariants.matching;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A licensed clinician approved the patient for a program after the consultation; scheduling creates the
 * treatment plan from it. The clinician's written rationale for accepted relative contraindications stays
 * in the intake service.
 *
 * @param consultationId                    the consultation where the decision was made
 * @param clinicianId                       the deciding clinician, licensed in the patient's jurisdiction
 * @param programId                         the program the plan follows
 * @param plannedSessions                   planned dosing sessions, 4..8
 * @param ruleSetVersion                    version of the eligibility rule set applied, such as {@code 1.0}
 * @param acceptedRelativeContraindications relative contraindications the clinician accepted, possibly none
 */
public record EligibilityApproved(UUID eventId, UUID patientId, Instant occurredAt, UUID consultationId,
                                  UUID clinicianId, UUID programId, int plannedSessions, String ruleSetVersion,
                                  List<Contraindication> acceptedRelativeContraindications) implements CareEvent {

    public EligibilityApproved {
        envelope(eventId, patientId, occurredAt);
        required(consultationId, "consultationId");
        required(clinicianId, "clinicianId");
        required(programId, "programId");
        checkPlannedSessions(plannedSessions);
        matching(ruleSetVersion, VERSION, "ruleSetVersion");
        acceptedRelativeContraindications = listOf(acceptedRelativeContraindications,
                "acceptedRelativeContraindications");
    }
}
