package care.contracts.intake;

import static care.contracts.Invariants.VERSION;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.matching;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * The patient gave, refused or withdrew a consent (FHIR Consent). Notification reads SMS and email consent
 * from it; a withdrawal takes effect at once.
 *
 * @param consentId   the consent record in the intake service
 * @param scope       what the consent covers
 * @param status      FHIR Consent status: ACTIVE (given), REJECTED (refused), INACTIVE (withdrawn)
 * @param formVersion version of the consent form the patient saw, such as {@code 2.1}
 */
public record ConsentRecorded(UUID eventId, UUID patientId, Instant occurredAt, UUID consentId, Scope scope,
                              Status status, String formVersion) implements CareEvent {

    /** What a consent covers. */
    public enum Scope { TREATMENT, TELEHEALTH, SMS_MESSAGING, EMAIL_MESSAGING, RESEARCH_DATA_USE }

    /** The FHIR Consent statuses intake records. */
    public enum Status { ACTIVE, REJECTED, INACTIVE }

    public ConsentRecorded {
        envelope(eventId, patientId, occurredAt);
        required(consentId, "consentId");
        required(scope, "scope");
        required(status, "status");
        matching(formVersion, VERSION, "formVersion");
    }
}
