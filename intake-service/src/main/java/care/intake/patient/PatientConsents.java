package care.intake.patient;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import care.contracts.CareEvent;
import care.contracts.intake.ConsentRecorded;

/**
 * Consents on a {@link Patient}'s record: treatment, SMS and e-mail contact. A withdrawal is a new entry, the
 * history is kept; ConsentRecorded states the result: ACTIVE when granted, INACTIVE when withdrawn after an
 * earlier decision, REJECTED when first refused.
 */
final class PatientConsents {

    private PatientConsents() {
    }

    static List<CareEvent> record(Patient patient, String consentId, Patient.ConsentType type, boolean granted,
            String recordedBy, String consentFormVersion, Instant now) {
        boolean wasGranted = patient.consentGranted(type);
        boolean everRecorded = patient.consents.stream().anyMatch(c -> c.type() == type);
        patient.consents.add(new Patient.Consent(consentId, type, granted, now, recordedBy));
        ConsentRecorded.Status status = granted ? ConsentRecorded.Status.ACTIVE
                : wasGranted || everRecorded ? ConsentRecorded.Status.INACTIVE : ConsentRecorded.Status.REJECTED;
        return List.of(new ConsentRecorded(UUID.randomUUID(), UUID.fromString(patient.id), now,
                UUID.fromString(consentId), scope(type), status, consentFormVersion));
    }

    private static ConsentRecorded.Scope scope(Patient.ConsentType type) {
        return switch (type) {
            case TREATMENT -> ConsentRecorded.Scope.TREATMENT;
            case SMS -> ConsentRecorded.Scope.SMS_MESSAGING;
            case EMAIL -> ConsentRecorded.Scope.EMAIL_MESSAGING;
        };
    }
}
