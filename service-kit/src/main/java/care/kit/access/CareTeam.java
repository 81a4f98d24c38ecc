package care.kit.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import care.contracts.intake.CareTeamChanged;
import care.contracts.intake.CareTeamChanged.Role;

/**
 * A patient's care team as intake last published it: who may see and act for the patient, in which role.
 *
 * @param version the team's version (see {@link CareTeamChanged#version()}); 0 for a patient without a team
 */
public record CareTeam(String patientId, long version, List<Member> members) {

    /**
     * A member.
     *
     * @param expiresAt when emergency access ends; {@code null} for every other role
     * @param grantId   the emergency-access grant; {@code null} for every other role
     */
    public record Member(String staffId, Role role, Instant since, Instant expiresAt, String grantId) {

        /** Whether this membership grants access at {@code now}: always, except an ended emergency access. */
        public boolean activeAt(Instant now) {
            return expiresAt == null || now.isBefore(expiresAt);
        }

        static Member of(CareTeamChanged.Member member) {
            return new Member(member.staffId().toString(), member.role(), member.since(), member.expiresAt(),
                    member.grantId() == null ? null : member.grantId().toString());
        }
    }

    public CareTeam {
        members = List.copyOf(members);
    }

    /** A patient nobody has been added for yet. */
    public static CareTeam empty(String patientId) {
        return new CareTeam(patientId, 0, List.of());
    }

    /** The team that a CareTeamChanged describes. */
    public static CareTeam of(CareTeamChanged changed) {
        return new CareTeam(changed.patientId().toString(), changed.version(),
                changed.members().stream().map(Member::of).toList());
    }

    /** The memberships of this staff member (a regular role, and possibly emergency access). */
    public List<Member> membershipsOf(String staffId) {
        return members.stream().filter(member -> member.staffId().equalsIgnoreCase(staffId)).toList();
    }

    /** The member in this role (for a role held by one member at most). */
    public Optional<Member> memberIn(Role role) {
        return members.stream().filter(member -> member.role() == role).findFirst();
    }

    public Optional<String> responsibleClinician() {
        return memberIn(Role.RESPONSIBLE_CLINICIAN).map(Member::staffId);
    }

    public Optional<String> coach() {
        return memberIn(Role.COACH).map(Member::staffId);
    }

    /** Whether the staff member holds this role now (emergency access: not yet ended). */
    public boolean has(String staffId, Role role, Instant now) {
        return membershipsOf(staffId).stream().anyMatch(member -> member.role() == role && member.activeAt(now));
    }
}
