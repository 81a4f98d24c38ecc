package care.kit.access;

import java.util.Set;

import care.contracts.audit.AccessRecorded;
import care.kit.security.Caller;
import care.kit.security.Role;

/**
 * What {@link PatientAccess} decided for one request: granted on a {@code basis}, or denied for a
 * {@code reason}. It is what the audit trail records.
 *
 * @param patientId        the patient (a lowercase UUID)
 * @param relationships    every relationship the caller holds to the patient (and the resource), whether or not
 *                         it allows this permission
 * @param basis            the relationship that granted access; {@code null} when denied
 * @param reason           why access was denied; {@code null} when granted
 * @param emergencyGrantId the emergency-access grant, when that is the basis
 * @param resourceId       the record accessed (a session, an appointment), or {@code null} for the patient
 * @param bookedRole       the role a booked provider was booked in, when the check named one
 */
public record AccessDecision(Caller caller, String patientId, Permission permission, String action,
        Set<Relationship> relationships, Relationship basis, AccessRecorded.Reason reason, String emergencyGrantId,
        String resourceId, care.contracts.intake.StaffMemberChanged.StaffRole bookedRole) {

    public AccessDecision {
        relationships = Set.copyOf(relationships);
    }

    public boolean granted() {
        return basis != null;
    }

    /** Whether the caller holds this relationship (whether or not it is what granted access). */
    public boolean is(Relationship relationship) {
        return relationships.contains(relationship);
    }

    /** The role the caller acted in, for the audit trail. */
    public AccessRecorded.ActorRole actorRole() {
        if (basis != null) {
            return switch (basis) {
                case PATIENT -> AccessRecorded.ActorRole.PATIENT;
                case COORDINATOR -> AccessRecorded.ActorRole.COORDINATOR;
                case COACH -> AccessRecorded.ActorRole.COACH;
                case BOOKED_PROVIDER -> bookedRole == care.contracts.intake.StaffMemberChanged.StaffRole.COACH
                        ? AccessRecorded.ActorRole.COACH : AccessRecorded.ActorRole.CLINICIAN;
                default -> AccessRecorded.ActorRole.CLINICIAN;
            };
        }
        for (Role role : new Role[] { Role.PATIENT, Role.CLINICIAN, Role.COACH, Role.COORDINATOR, Role.ADMIN }) {
            if (caller.has(role)) {
                return AccessRecorded.ActorRole.valueOf(role.name());
            }
        }
        return AccessRecorded.ActorRole.UNKNOWN;
    }
}
