package care.contracts.intake;

import static care.contracts.Invariants.JURISDICTION;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.matching;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A patient registered for a program. Identity and contact details stay in the intake service; contacts
 * travel only as {@link PatientContactChanged}.
 *
 * @param programId    the program (template and configurable defaults) the patient registered for
 * @param jurisdiction where the patient receives care, ISO 3166-1 alpha-2 or ISO 3166-2 code such as
 *                     {@code US-CA}; decides which clinicians are licensed to see the patient
 */
public record PatientRegistered(UUID eventId, UUID patientId, Instant occurredAt, UUID programId,
                                String jurisdiction) implements CareEvent {

    public PatientRegistered {
        envelope(eventId, patientId, occurredAt);
        required(programId, "programId");
        matching(jurisdiction, JURISDICTION, "jurisdiction");
    }
}
