package care.kit.access;

import java.util.ArrayList;
import java.util.List;

import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.kit.problem.ProblemException;
import care.kit.security.Caller;

/**
 * One access check being put together (see {@link PatientAccess#check}): what the service knows about the
 * record beyond the care team, then {@link #require()} (records and enforces) or {@link #decide()} (only
 * decides, for filtering a list whose decisions are then recorded together).
 */
public final class AccessCheck {

    record Booking(String staffId, StaffRole role) {
    }

    private final PatientAccess access;
    private final Caller caller;
    private final String patientId;
    private final Permission permission;
    private final String action;
    private final List<Booking> bookings = new ArrayList<>();
    private String notFoundWhat = "The patient";
    private String resourceId;
    private String triageJurisdiction;

    AccessCheck(PatientAccess access, Caller caller, String patientId, Permission permission, String action) {
        this.access = access;
        this.caller = caller;
        this.patientId = PatientAccess.canonical(patientId).orElseThrow(() -> ProblemException.notFound("The patient"));
        this.permission = permission;
        this.action = action;
    }

    /**
     * The record accessed, when it is not the patient as a whole: its id goes into the audit trail, and a patient
     * reaching for someone else's gets "{@code what} was not found".
     */
    public AccessCheck resource(String what, String id) {
        this.notFoundWhat = what;
        this.resourceId = PatientAccess.canonical(id).orElse(null);
        return this;
    }

    /** The wording of the 404 a patient reaching for someone else's data gets ("The treatment plan", say). */
    public AccessCheck notFound(String what) {
        this.notFoundWhat = what;
        return this;
    }

    /**
     * The record is an appointment (or a dosing session) booked with this staff member in this role: they are
     * its {@link Relationship#BOOKED_PROVIDER} if registered for the role.
     */
    public AccessCheck bookedProvider(String staffId, StaffRole role) {
        if (staffId != null) {
            bookings.add(new Booking(staffId, role));
        }
        return this;
    }

    /**
     * The patient, of this jurisdiction, waits for a clinician (a requested consultation, an open safety
     * escalation): registered clinicians licensed there are {@link Relationship#TRIAGE_CLINICIAN}s.
     */
    public AccessCheck triage(String jurisdiction, boolean waitingForClinician) {
        this.triageJurisdiction = waitingForClinician ? jurisdiction : null;
        return this;
    }

    /** Decides without recording or enforcing. */
    public AccessDecision decide() {
        return access.decide(this);
    }

    /**
     * Decides, records the decision in the audit trail and, when denied, throws the problem to answer with.
     *
     * @throws ProblemException 404 for a patient reaching for another patient's data, 403 for anyone else denied
     * @throws care.kit.audit.AuditUnavailableException when the decision cannot be recorded (nothing is read)
     */
    public AccessDecision require() {
        return access.require(this);
    }

    Caller caller() {
        return caller;
    }

    String patientId() {
        return patientId;
    }

    Permission permission() {
        return permission;
    }

    String action() {
        return action;
    }

    List<Booking> bookings() {
        return bookings;
    }

    String notFoundWhat() {
        return notFoundWhat;
    }

    String resourceId() {
        return resourceId;
    }

    String triageJurisdiction() {
        return triageJurisdiction;
    }
}
