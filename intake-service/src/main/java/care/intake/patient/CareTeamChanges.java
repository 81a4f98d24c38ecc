package care.intake.patient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import care.contracts.CareEvent;
import care.contracts.intake.CareTeamChanged;
import care.contracts.intake.CareTeamChanged.Change;
import care.contracts.intake.CareTeamChanged.Role;
import care.contracts.intake.EmergencyAccessGranted;

/**
 * Changes to one patient's care team, made on the patient's record: each step publishes a CareTeamChanged with
 * the next team version and the whole team after that step (emergency access that has ended left out), so the
 * events of one write carry consecutive versions. Responsible clinician and coach are held by one member each:
 * a new holder replaces the previous one.
 */
final class CareTeamChanges {

    /** Roles one member holds at most. */
    static final Set<Role> SINGLE = Set.of(Role.RESPONSIBLE_CLINICIAN, Role.COACH);

    private final Patient patient;
    private final Instant now;
    private final List<CareEvent> events = new ArrayList<>();

    CareTeamChanges(Patient patient, Instant now) {
        this.patient = patient;
        this.now = now;
    }

    /** The events of the changes so far, in order. */
    List<CareEvent> events() {
        return List.copyOf(events);
    }

    Optional<Patient.CareTeamMember> member(String staffId) {
        return patient.careTeam.stream().filter(member -> member.staffId().equals(staffId)).findFirst();
    }

    /**
     * Gives the staff member this role (replacing the previous holder of a single role); their membership as it
     * is afterwards. The same role again changes nothing.
     */
    Patient.CareTeamMember assign(String staffId, Role role) {
        Optional<Patient.CareTeamMember> current = member(staffId);
        if (current.isPresent() && current.get().role() == role) {
            return current.get();
        }
        if (SINGLE.contains(role)) {
            patient.careTeam.stream().filter(member -> member.role() == role && !member.staffId().equals(staffId))
                    .findFirst().ifPresent(previous -> {
                        patient.careTeam.remove(previous);
                        publish(Change.MEMBER_REMOVED, previous.staffId(), previous.role());
                    });
        }
        Patient.CareTeamMember next = new Patient.CareTeamMember(staffId, role, now);
        if (current.isPresent()) {
            patient.careTeam.set(patient.careTeam.indexOf(current.get()), next);
            publish(Change.ROLE_CHANGED, staffId, role);
        } else {
            patient.careTeam.add(next);
            publish(Change.MEMBER_ADDED, staffId, role);
        }
        return next;
    }

    /**
     * Takes the staff member off the team: their role, if they are in these roles, and their emergency access,
     * ended now, if {@code roles} has {@link Role#EMERGENCY_ACCESS}. Whether anything was removed.
     */
    boolean remove(String staffId, Set<Role> roles) {
        boolean removed = false;
        Optional<Patient.CareTeamMember> current = member(staffId);
        if (current.isPresent() && roles.contains(current.get().role())) {
            patient.careTeam.remove(current.get());
            publish(Change.MEMBER_REMOVED, staffId, current.get().role());
            removed = true;
        }
        if (roles.contains(Role.EMERGENCY_ACCESS) && endEmergencyAccess(staffId)) {
            publish(Change.MEMBER_REMOVED, staffId, Role.EMERGENCY_ACCESS);
            removed = true;
        }
        return removed;
    }

    /**
     * Opens emergency access for the clinician until {@code now + duration} (ending an earlier one of theirs):
     * CareTeamChanged and EmergencyAccessGranted. The reason stays in the record.
     */
    EmergencyGrant openEmergencyAccess(String grantId, String staffId, String reason, Duration duration) {
        endEmergencyAccess(staffId);
        EmergencyGrant grant = new EmergencyGrant(grantId, staffId, reason, now, now.plus(duration),
                null);
        patient.emergencyGrants.add(grant);
        publish(Change.EMERGENCY_ACCESS_GRANTED, staffId, Role.EMERGENCY_ACCESS);
        events.add(new EmergencyAccessGranted(UUID.randomUUID(), UUID.fromString(patient.id), now,
                UUID.fromString(grantId), UUID.fromString(staffId), grant.expiresAt()));
        return grant;
    }

    private boolean endEmergencyAccess(String staffId) {
        boolean ended = false;
        for (int i = 0; i < patient.emergencyGrants.size(); i++) {
            EmergencyGrant grant = patient.emergencyGrants.get(i);
            if (grant.staffId().equals(staffId) && grant.activeAt(now)) {
                patient.emergencyGrants.set(i, grant.endedAt(now));
                ended = true;
            }
        }
        return ended;
    }

    private void publish(Change change, String staffId, Role role) {
        patient.careTeamVersion++;
        events.add(new CareTeamChanged(UUID.randomUUID(), UUID.fromString(patient.id), now, patient.careTeamVersion,
                change, UUID.fromString(staffId), role, members(patient, now)));
    }

    /** The team as CareTeamChanged lists it at {@code now}: the members, then emergency access not yet ended. */
    static List<CareTeamChanged.Member> members(Patient patient, Instant now) {
        List<CareTeamChanged.Member> members = new ArrayList<>();
        for (Patient.CareTeamMember member : patient.careTeam) {
            members.add(new CareTeamChanged.Member(UUID.fromString(member.staffId()), member.role(), member.since(),
                    null, null));
        }
        for (EmergencyGrant grant : patient.emergencyGrants) {
            if (grant.activeAt(now)) {
                members.add(new CareTeamChanged.Member(UUID.fromString(grant.staffId()), Role.EMERGENCY_ACCESS,
                        grant.grantedAt(), grant.expiresAt(), UUID.fromString(grant.grantId())));
            }
        }
        return members;
    }
}
