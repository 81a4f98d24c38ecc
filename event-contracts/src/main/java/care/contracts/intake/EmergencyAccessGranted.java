package care.contracts.intake;

import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.ordered;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A registered clinician outside the patient's care team opened emergency access ("break the glass"): care-team
 * level access in every service until {@code expiresAt}. The patient's responsible clinician is told; the reason
 * the clinician gave stays in intake, where the patient's access log shows it.
 *
 * @param grantId     the grant; every access made under it names it in the audit trail
 * @param clinicianId the clinician who opened it
 * @param expiresAt   when the access ends
 */
public record EmergencyAccessGranted(UUID eventId, UUID patientId, Instant occurredAt, UUID grantId,
                                     UUID clinicianId, Instant expiresAt) implements CareEvent {

    public EmergencyAccessGranted {
        envelope(eventId, patientId, occurredAt);
        required(grantId, "grantId");
        required(clinicianId, "clinicianId");
        ordered(occurredAt, "occurredAt", expiresAt, "expiresAt");
    }
}
