package care.contracts.intake;

import static care.contracts.Invariants.atLeast;
import static care.contracts.Invariants.check;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.listOf;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The patient's care team changed: who may see and act for the patient. Intake owns the care team; every other
 * service projects this event and authorizes from it. Published on the compacted
 * {@link care.contracts.Topics#CARE_TEAMS} topic with the whole team after the change, so the latest event of a
 * patient is all a reader needs: a reader keeps the event with the highest {@code version} and ignores older
 * ones, whatever order they arrive in.
 *
 * @param version  the team's version, 1 for the first change of this patient's team, one more with each change
 * @param change   what changed
 * @param staffId  the member the change is about
 * @param role     that member's role (for a removal, the role they had)
 * @param members  the whole team after the change, possibly empty; an emergency-access member is listed until
 *                 the team next changes, but grants access only until its {@code expiresAt}
 */
public record CareTeamChanged(UUID eventId, UUID patientId, Instant occurredAt, int version, Change change,
                              UUID staffId, Role role, List<Member> members) implements CareEvent {

    /** What changed. */
    public enum Change {
        /** A member joined the team. */
        MEMBER_ADDED,
        /** A member left the team (a coordinator removed them, another took their role, or they left the staff). */
        MEMBER_REMOVED,
        /** A member's role changed. */
        ROLE_CHANGED,
        /** A registered clinician opened time-limited emergency access ("break the glass"). */
        EMERGENCY_ACCESS_GRANTED
    }

    /** A member's role in the care team. */
    public enum Role {
        /** Leads the patient's care: the whole clinical record; resumes a paused plan. One per patient. */
        RESPONSIBLE_CLINICIAN,
        /** Supervises dosing sessions: the sessions they supervise and the screening and eligibility summary. */
        SUPERVISING_CLINICIAN,
        /** The integration coach: progress, prompts, journal, coaching and the schedule. One per patient. */
        COACH,
        /** Emergency access: care-team-level access for a limited time, with a recorded reason. */
        EMERGENCY_ACCESS
    }

    /**
     * A member of the team.
     *
     * @param staffId   the staff member (their provider id)
     * @param role      their role
     * @param since     when they took this role
     * @param expiresAt when emergency access ends; {@code null} for every other role
     * @param grantId   the emergency-access grant (its reason stays in intake); {@code null} for every other role
     */
    public record Member(UUID staffId, Role role, Instant since, Instant expiresAt, UUID grantId) {

        public Member {
            required(staffId, "members.staffId");
            required(role, "members.role");
            required(since, "members.since");
            boolean emergency = role == Role.EMERGENCY_ACCESS;
            check(emergency == (expiresAt != null), "members.expiresAt is required exactly for EMERGENCY_ACCESS");
            check(emergency == (grantId != null), "members.grantId is required exactly for EMERGENCY_ACCESS");
            check(expiresAt == null || expiresAt.isAfter(since), "members.expiresAt must be after members.since");
        }
    }

    public CareTeamChanged {
        envelope(eventId, patientId, occurredAt);
        atLeast(version, 1, "version");
        required(change, "change");
        required(staffId, "staffId");
        required(role, "role");
        members = listOf(members, "members");
        boolean listed = members.stream().anyMatch(m -> m.staffId().equals(staffId) && m.role() == role);
        check(change == Change.MEMBER_REMOVED ? !listed : listed,
                "members must list staffId with role after a change that adds it, and not after a removal");
        check((change == Change.EMERGENCY_ACCESS_GRANTED) == (role == Role.EMERGENCY_ACCESS)
                        || change == Change.MEMBER_REMOVED,
                "EMERGENCY_ACCESS is granted by EMERGENCY_ACCESS_GRANTED only");
        for (Role single : List.of(Role.RESPONSIBLE_CLINICIAN, Role.COACH)) {
            check(members.stream().filter(m -> m.role() == single).count() <= 1,
                    "members has at most one " + single);
        }
        check(members.stream().filter(m -> m.role() != Role.EMERGENCY_ACCESS).map(Member::staffId).distinct()
                        .count() == members.stream().filter(m -> m.role() != Role.EMERGENCY_ACCESS).count(),
                "a staff member has at most one role in the team besides emergency access");
    }
}
