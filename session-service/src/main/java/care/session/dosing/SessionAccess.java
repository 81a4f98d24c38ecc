package care.session.dosing;

import java.util.EnumSet;
import java.util.Set;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

import care.kit.audit.AuditTrail;
import care.kit.problem.ProblemException;
import care.kit.security.Caller;
import care.kit.security.Role;

/**
 * Who may do what with a session. The patient acts on their own sessions, the supervising clinician (the
 * appointment's provider) supervises, and care coordinators see all. A patient reaching for another
 * patient's session gets the same 404 as for one that does not exist; other refusals are 403. Refusals and
 * reads of personal data are audited.
 */
@Component
class SessionAccess {

    /** Who is acting on a session. */
    enum Party {
        PATIENT, SUPERVISOR, COORDINATOR
    }

    /** What is being done, and which parties may do it. */
    enum Action {
        READ(EnumSet.allOf(Party.class)),
        PREPARE(EnumSet.of(Party.PATIENT, Party.COORDINATOR)),
        RECORD_VITALS(EnumSet.of(Party.PATIENT, Party.SUPERVISOR)),
        CHECK_IN(EnumSet.of(Party.PATIENT, Party.SUPERVISOR)),
        SUPERVISE(EnumSet.of(Party.SUPERVISOR)),
        REFLECT(EnumSet.of(Party.PATIENT));

        private final Set<Party> parties;

        Action(Set<Party> parties) {
            this.parties = parties;
        }
    }

    private final AuditTrail audit;

    SessionAccess(AuditTrail audit) {
        this.audit = audit;
    }

    /** The party the caller acts as on this session, or a 404/403 problem (audited). */
    Party check(Jwt token, DosingSession session, Action action) {
        Caller caller = Caller.from(token);
        for (Party party : action.parties) {
            if (is(caller, party, session)) {
                return party;
            }
        }
        String name = "session." + action.name().toLowerCase();
        audit.record(caller.subject(), name, session.patientId(), AuditTrail.Outcome.DENIED);
        if (caller.has(Role.PATIENT) && !caller.isPatient(session.patientId())) {
            throw ProblemException.notFound("The session");
        }
        throw ProblemException.forbidden("forbidden", "The caller is not allowed to do this with this session.");
    }

    /** May the caller list this patient's sessions (a clinician sees those they supervise)? */
    Caller checkPatient(Jwt token, String patientId) {
        Caller caller = Caller.from(token);
        if (caller.isPatient(patientId) || caller.has(Role.COORDINATOR) || caller.has(Role.CLINICIAN)) {
            return caller;
        }
        audit.record(caller.subject(), "session.list", patientId, AuditTrail.Outcome.DENIED);
        if (caller.has(Role.PATIENT)) {
            throw ProblemException.notFound("The patient");
        }
        throw ProblemException.forbidden("forbidden", "The caller is not allowed to do this.");
    }

    void read(Jwt token, String patientId, String action) {
        audit.record(Caller.from(token).subject(), action, patientId, AuditTrail.Outcome.READ);
    }

    static boolean supervises(Caller caller, DosingSession session) {
        return caller.has(Role.CLINICIAN) && caller.subject().equalsIgnoreCase(session.providerId());
    }

    private static boolean is(Caller caller, Party party, DosingSession session) {
        return switch (party) {
            case PATIENT -> caller.isPatient(session.patientId());
            case SUPERVISOR -> supervises(caller, session);
            case COORDINATOR -> caller.has(Role.COORDINATOR);
        };
    }
}
