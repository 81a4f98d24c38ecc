package care.contracts.intake;

import static care.contracts.Invariants.JURISDICTION;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.matching;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * Screening is done and the patient needs a video consultation; scheduling books it with a clinician
 * licensed in {@code jurisdiction}.
 *
 * @param consultationId the consultation in the intake service; the booked appointment refers to it
 * @param programId      the program the consultation is for
 * @param jurisdiction   ISO 3166-1 alpha-2 or ISO 3166-2 code of where the patient receives care
 */
public record ConsultationRequested(UUID eventId, UUID patientId, Instant occurredAt, UUID consultationId,
                                    UUID programId, String jurisdiction) implements CareEvent {

    public ConsultationRequested {
        envelope(eventId, patientId, occurredAt);
        required(consultationId, "consultationId");
        required(programId, "programId");
        matching(jurisdiction, JURISDICTION, "jurisdiction");
    }
}
