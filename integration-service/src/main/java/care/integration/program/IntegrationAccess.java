package care.integration.program;

import java.util.Optional;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

import care.kit.audit.AuditTrail;
import care.kit.problem.ProblemException;
import care.kit.security.Caller;
import care.kit.security.Role;

/**
 * Who may do what with a patient's integration. The patient acts on their own; their coach (the assigned
 * one, or the coach of one of their coaching appointments) supports them; clinicians and coordinators see
 * progress. The journal is the patient's and their care team's only: the coach, the clinicians who lead
 * the plan or supervised a session, and coordinators. A patient reaching for another patient gets the same
 * 404 as for one that does not exist; other refusals are 403. Refusals and reads are audited.
 */
@Component
public class IntegrationAccess {

    /** What is being done. */
    public enum Action {
        READ_PROGRESS, READ_JOURNAL, WRITE_JOURNAL, SUBMIT_MEASURE, RECORD_COACHING
    }

    private final AuditTrail audit;

    IntegrationAccess(AuditTrail audit) {
        this.audit = audit;
    }

    /** The caller, if allowed to do {@code action} for this patient; otherwise a 404/403 problem (audited). */
    public Caller check(Jwt token, String patientId, Optional<CarePath> path, Action action) {
        Caller caller = Caller.from(token);
        if (allowed(caller, patientId, path, action)) {
            return caller;
        }
        audit.record(caller.subject(), "integration." + action.name().toLowerCase(), patientId,
                AuditTrail.Outcome.DENIED);
        if (caller.has(Role.PATIENT) && !caller.isPatient(patientId)) {
            throw ProblemException.notFound("The patient");
        }
        throw ProblemException.forbidden("forbidden", "The caller is not allowed to do this for this patient.");
    }

    public void read(Jwt token, String patientId, String action) {
        audit.record(Caller.from(token).subject(), action, patientId, AuditTrail.Outcome.READ);
    }

    private static boolean allowed(Caller caller, String patientId, Optional<CarePath> path, Action action) {
        boolean patient = caller.isPatient(patientId);
        boolean coach = caller.has(Role.COACH) && path.map(p -> coaches(caller, p)).orElse(false);
        boolean coordinator = caller.has(Role.COORDINATOR);
        boolean clinician = caller.has(Role.CLINICIAN);
        boolean careTeamClinician = clinician && path.map(p -> p.careTeamClinicians().stream()
                .anyMatch(id -> id.equalsIgnoreCase(caller.subject()))).orElse(false);
        return switch (action) {
            case READ_PROGRESS, SUBMIT_MEASURE -> patient || coach || clinician || coordinator;
            case READ_JOURNAL -> patient || coach || careTeamClinician || coordinator;
            case WRITE_JOURNAL -> patient;
            case RECORD_COACHING -> coach;
        };
    }

    private static boolean coaches(Caller caller, CarePath path) {
        String subject = caller.subject();
        return path.coachId().filter(subject::equalsIgnoreCase).isPresent()
                || path.program().map(program -> program.coachingAppointments().stream()
                        .anyMatch(a -> a.providerId().equalsIgnoreCase(subject))).orElse(false);
    }
}
