package care.intake.patient;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

import care.kit.audit.AuditTrail;
import care.kit.problem.ProblemException;
import care.kit.security.Caller;
import care.kit.security.Role;

/**
 * Who may act on a patient's intake record: the patient (token {@code patient_id} equal to the record's
 * id), clinicians and care coordinators. A patient asking for someone else's record gets the same 404 as
 * for a record that does not exist; any other role gets 403. Both are audited.
 */
@Component
public class PatientAccess {

    private final AuditTrail audit;

    PatientAccess(AuditTrail audit) {
        this.audit = audit;
    }

    public Caller check(Jwt token, String patientId, String action) {
        Caller caller = Caller.from(token);
        if (caller.has(Role.CLINICIAN) || caller.has(Role.COORDINATOR) || caller.isPatient(patientId)) {
            return caller;
        }
        audit.record(caller.subject(), action, patientId, AuditTrail.Outcome.DENIED);
        if (caller.has(Role.PATIENT)) {
            throw ProblemException.notFound("The patient");
        }
        throw ProblemException.forbidden("forbidden", "The caller is not allowed to do this.");
    }

    public void read(Caller caller, String patientId, String action) {
        audit.record(caller.subject(), action, patientId, AuditTrail.Outcome.READ);
    }
}
