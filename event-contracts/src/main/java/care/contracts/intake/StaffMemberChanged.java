package care.contracts.intake;

import static care.contracts.Invariants.JURISDICTION;
import static care.contracts.Invariants.atLeast;
import static care.contracts.Invariants.check;
import static care.contracts.Invariants.listOf;
import static care.contracts.Invariants.matching;
import static care.contracts.Invariants.required;

import care.contracts.StaffEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A staff member's entry in the clinic's directory changed: an administrator registered a clinician (with the
 * jurisdictions they are licensed in) or a coach, changed them, or ended their registration. Published on the
 * compacted {@link care.contracts.Topics#STAFF_DIRECTORY} topic, keyed by the staff id, with the whole entry
 * after the change; a reader keeps the highest {@code version}. A staff token whose subject is not registered
 * for its role has no access to patient data in any service. Names and contact details stay in intake.
 *
 * @param staffId                the staff member (their provider id, the {@code sub} of their token)
 * @param version                the entry's version, one more with each change
 * @param roles                  the roles they are registered for now; empty when no longer registered
 * @param licensedJurisdictions  where a clinician is licensed (ISO 3166 codes); empty for anyone else
 */
public record StaffMemberChanged(UUID eventId, UUID staffId, Instant occurredAt, int version, List<StaffRole> roles,
                                 List<String> licensedJurisdictions) implements StaffEvent {

    /** A role a staff member is registered for. */
    public enum StaffRole { CLINICIAN, COACH }

    public StaffMemberChanged {
        required(eventId, "eventId");
        required(staffId, "staffId");
        required(occurredAt, "occurredAt");
        atLeast(version, 1, "version");
        roles = listOf(roles, "roles");
        check(roles.stream().distinct().count() == roles.size(), "roles must not repeat");
        licensedJurisdictions = listOf(licensedJurisdictions, "licensedJurisdictions");
        licensedJurisdictions.forEach(code -> matching(code, JURISDICTION, "licensedJurisdictions"));
        check(roles.contains(StaffRole.CLINICIAN) || licensedJurisdictions.isEmpty(),
                "licensedJurisdictions must be empty unless the staff member is a CLINICIAN");
    }
}
