package care.kit.access;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.security.oauth2.jwt.Jwt;

import care.contracts.audit.AccessRecorded;
import care.contracts.intake.CareTeamChanged;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.kit.audit.AuditTrail;
import care.kit.problem.ProblemException;
import care.kit.security.Caller;
import care.kit.security.Role;

/**
 * The one access component of the platform: may this caller do this ({@link Permission}) with this patient's
 * data? It works out how the caller stands to the patient ({@link Relationship}: the patient themself, a member
 * of the care team, the provider an appointment is booked with, a coordinator, an emergency access) from the
 * token, the staff directory and the care team, decides from the {@link Permission} table, and records the
 * decision in the audit trail before anything is read or changed. When the record cannot be stored the request
 * fails. A patient reaching for another patient's data gets the same 404 as for data that does not exist;
 * anyone else refused gets 403.
 *
 * <pre>{@code
 * DosingSession session = sessions.get(sessionId);
 * access.check(token, session.patientId(), Permission.SESSION_READ, "session.read")
 *         .resource("The session", session.id())
 *         .bookedProvider(session.providerId(), StaffRole.CLINICIAN)
 *         .require();
 * }</pre>
 *
 * A staff token (CLINICIAN or COACH) counts only if its subject is registered for that role in the staff
 * directory: an unregistered or deregistered staff member has no access to patient data.
 */
public class PatientAccess {

    private final StaffDirectory staff;
    private final CareTeams teams;
    private final AuditTrail audit;
    private final Clock clock;

    public PatientAccess(StaffDirectory staff, CareTeams teams, AuditTrail audit, Clock clock) {
        this.staff = staff;
        this.teams = teams;
        this.audit = audit;
        this.clock = clock;
    }

    /** Starts a check of {@code permission} on the patient's data; {@code action} names it in the audit trail. */
    public AccessCheck check(Jwt token, String patientId, Permission permission, String action) {
        return check(Caller.from(token), patientId, permission, action);
    }

    public AccessCheck check(Caller caller, String patientId, Permission permission, String action) {
        return new AccessCheck(this, caller, patientId, permission, action);
    }

    /**
     * The caller's directory entry when the token holds {@code role} and its subject is registered for it; else a
     * 403 {@code staff-not-registered}, recorded in the audit trail.
     */
    public StaffMember requireStaff(Jwt token, StaffRole role, String action) {
        Caller caller = Caller.from(token);
        return registered(caller, role).orElseThrow(() -> {
            audit.recordRefusal(caller, action);
            return ProblemException.forbidden("staff-not-registered",
                    "The caller is not registered in the staff directory for this role.");
        });
    }

    /** The caller's directory entry when the token holds {@code role} and its subject is registered for it. */
    public Optional<StaffMember> registered(Caller caller, StaffRole role) {
        if (!caller.has(Role.valueOf(role.name()))) {
            return Optional.empty();
        }
        return canonical(caller.subject()).flatMap(staff::find).filter(member -> member.is(role));
    }

    /**
     * The caller when they are the staff member {@code staffId} themself, registered for one of {@code roles}, or a
     * coordinator: for a staff member's own records (availability, worklist, calendar). Otherwise 403, recorded:
     * {@code staff-not-registered} for a staff token whose subject is not registered, {@code forbidden} for anyone
     * else.
     */
    public Caller requireSelfOrCoordinator(Jwt token, String staffId, String action, StaffRole... roles) {
        Caller caller = Caller.from(token);
        if (caller.has(Role.COORDINATOR)) {
            return caller;
        }
        Optional<StaffMember> self = Arrays.stream(roles).map(role -> registered(caller, role))
                .flatMap(Optional::stream).findFirst();
        if (self.isEmpty() && Arrays.stream(roles).anyMatch(role -> caller.has(Role.valueOf(role.name())))) {
            audit.recordRefusal(caller, action);
            throw ProblemException.forbidden("staff-not-registered",
                    "The caller is not registered in the staff directory for this role.");
        }
        if (self.isEmpty() || !self.get().staffId().equalsIgnoreCase(staffId)) {
            audit.recordRefusal(caller, action);
            throw ProblemException.forbidden("forbidden", "Only the staff member themself or a coordinator may do this.");
        }
        return caller;
    }

    /**
     * The items of a list spanning patients (a worklist) that the caller may see: one decision per key (a patient,
     * say), made with the check the key's first item gives. The decisions of what is shown are recorded together,
     * in one write, before the answer; what is not shown is left out silently.
     *
     * @throws care.kit.audit.AuditUnavailableException when they cannot be recorded: the request must fail
     */
    public <T> List<T> visible(Collection<T> items, Function<T, String> key,
            Function<T, AccessCheck> check) {
        Map<String, AccessDecision> decisions = new LinkedHashMap<>();
        List<T> shown = new ArrayList<>();
        for (T item : items) {
            if (decisions.computeIfAbsent(key.apply(item), k -> check.apply(item).decide()).granted()) {
                shown.add(item);
            }
        }
        audit.recordAll(decisions.values().stream().filter(AccessDecision::granted).toList());
        return shown;
    }

    /** The patient's care team as this service knows it. */
    public CareTeam careTeam(String patientId) {
        return canonical(patientId).flatMap(teams::of).orElseGet(() -> CareTeam.empty(patientId));
    }

    /**
     * Records decisions made with {@link AccessCheck#decide()} (the patients a worklist shows, say) in one write.
     *
     * @throws care.kit.audit.AuditUnavailableException when they cannot be recorded: the request must fail
     */
    public void recordAll(Collection<AccessDecision> decisions) {
        audit.recordAll(List.copyOf(decisions));
    }

    /** Records a decision made elsewhere (an emergency access just opened, say). */
    public void record(AccessDecision decision) {
        audit.record(decision);
    }

    Instant now() {
        return clock.instant();
    }

    AccessDecision decide(AccessCheck check) {
        Caller caller = check.caller();
        String patientId = check.patientId();
        Set<Relationship> held = EnumSet.noneOf(Relationship.class);
        String grantId = null;
        boolean expiredGrant = false;
        boolean staffRole = caller.has(Role.CLINICIAN) || caller.has(Role.COACH);
        boolean registered = false;
        Instant now = now();

        if (caller.has(Role.PATIENT) && caller.patientId().flatMap(PatientAccess::canonical)
                .filter(patientId::equals).isPresent()) {
            held.add(Relationship.PATIENT);
        }
        if (caller.has(Role.COORDINATOR)) {
            held.add(Relationship.COORDINATOR);
        }
        Optional<String> staffId = staffRole ? canonical(caller.subject()) : Optional.empty();
        Optional<StaffMember> member = staffId.flatMap(staff::find);
        boolean clinician = caller.has(Role.CLINICIAN) && member.filter(m -> m.is(StaffRole.CLINICIAN)).isPresent();
        boolean coach = caller.has(Role.COACH) && member.filter(m -> m.is(StaffRole.COACH)).isPresent();
        if (clinician || coach) {
            registered = true;
            String id = staffId.get();
            for (CareTeam.Member membership : teams.of(patientId).map(team -> team.membershipsOf(id))
                    .orElse(List.of())) {
                switch (membership.role()) {
                    case RESPONSIBLE_CLINICIAN -> add(held, clinician, Relationship.RESPONSIBLE_CLINICIAN);
                    case SUPERVISING_CLINICIAN -> add(held, clinician, Relationship.SUPERVISING_CLINICIAN);
                    case COACH -> add(held, coach, Relationship.COACH);
                    case EMERGENCY_ACCESS -> {
                        if (clinician && membership.activeAt(now)) {
                            held.add(Relationship.EMERGENCY_ACCESS);
                            grantId = membership.grantId();
                        } else if (clinician) {
                            expiredGrant = true;
                        }
                    }
                }
            }
            for (AccessCheck.Booking booking : check.bookings()) {
                boolean asRole = booking.role() == StaffRole.CLINICIAN ? clinician : coach;
                if (asRole && id.equalsIgnoreCase(booking.staffId())) {
                    held.add(Relationship.BOOKED_PROVIDER);
                }
            }
            if (clinician && check.triageJurisdiction() != null && member.get().licensedIn(check.triageJurisdiction())) {
                held.add(Relationship.TRIAGE_CLINICIAN);
            }
        }

        Permission permission = check.permission();
        Relationship basis = null;
        for (Relationship relationship : Relationship.values()) {
            if (held.contains(relationship) && permission.allows(relationship)) {
                basis = relationship;
                break;
            }
        }
        AccessRecorded.Reason reason = null;
        if (basis == null) {
            if (caller.has(Role.PATIENT) && !held.contains(Relationship.PATIENT) && held.isEmpty() && !registered) {
                reason = AccessRecorded.Reason.OTHER_PATIENT;
            } else if (!held.isEmpty()) {
                reason = AccessRecorded.Reason.NOT_PERMITTED;
            } else if (expiredGrant) {
                reason = AccessRecorded.Reason.EMERGENCY_ACCESS_EXPIRED;
            } else if (registered) {
                reason = AccessRecorded.Reason.NOT_ON_CARE_TEAM;
            } else if (staffRole) {
                reason = AccessRecorded.Reason.NOT_REGISTERED;
            } else {
                reason = AccessRecorded.Reason.NOT_PERMITTED;
            }
        }
        StaffRole bookedRole = check.bookings().isEmpty() ? null : check.bookings().getFirst().role();
        return new AccessDecision(caller, patientId, permission, check.action(), held, basis, reason,
                basis == Relationship.EMERGENCY_ACCESS ? grantId : null, check.resourceId(), bookedRole);
    }

    AccessDecision require(AccessCheck check) {
        AccessDecision decision = decide(check);
        audit.record(decision);
        if (!decision.granted()) {
            if (decision.reason() == AccessRecorded.Reason.OTHER_PATIENT) {
                throw ProblemException.notFound(check.notFoundWhat());
            }
            throw ProblemException.forbidden("forbidden", "The caller is not allowed to do this for this patient.");
        }
        return decision;
    }

    private static void add(Set<Relationship> held, boolean qualifies, Relationship relationship) {
        if (qualifies) {
            held.add(relationship);
        }
    }

    /** A UUID in canonical lowercase form, or empty when the value is not one. */
    static Optional<String> canonical(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(value).toString());
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }

    /** The role of a care-team membership as a relationship. */
    public static Relationship relationshipOf(CareTeamChanged.Role role) {
        return Relationship.valueOf(role.name());
    }
}
