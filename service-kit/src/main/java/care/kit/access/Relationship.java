package care.kit.access;

import java.util.Optional;

import care.contracts.audit.AccessRecorded;
import care.contracts.intake.StaffMemberChanged.StaffRole;

/**
 * How a caller stands to a patient. Access to a patient's data follows from these alone (see
 * {@link Permission}); a role in the token is never enough by itself. Staff relationships also need the
 * caller's token role and a registration for that role in the staff directory.
 */
public enum Relationship {

    /** The patient themself (the token's {@code patient_id}). */
    PATIENT("the patient", null),
    /** The clinician who leads the patient's care (care team). */
    RESPONSIBLE_CLINICIAN("responsible clinician", StaffRole.CLINICIAN),
    /** A clinician of the care team who supervises the patient's dosing sessions. */
    SUPERVISING_CLINICIAN("supervising clinician", StaffRole.CLINICIAN),
    /** The patient's integration coach (care team). */
    COACH("coach", StaffRole.COACH),
    /**
     * The clinician or coach an appointment is booked with: for a dosing session, the clinician who supervises
     * it. Access to that appointment or session only, not to the rest of the record.
     */
    BOOKED_PROVIDER("booked provider", null),
    /**
     * A clinician licensed in the patient's jurisdiction while the patient waits for a clinician (a requested
     * consultation, an open safety escalation): the intake queue.
     */
    TRIAGE_CLINICIAN("triage clinician", StaffRole.CLINICIAN),
    /** A care coordinator (token role): registration, contact details, schedules and care teams of every patient. */
    COORDINATOR("coordinator", null),
    /** A clinician's time-limited emergency access ("break the glass"), with a recorded reason. */
    EMERGENCY_ACCESS("emergency access", StaffRole.CLINICIAN);

    private final String label;
    private final StaffRole staffRole;

    Relationship(String label, StaffRole staffRole) {
        this.label = label;
        this.staffRole = staffRole;
    }

    /** How docs/access.md names it. */
    public String label() {
        return label;
    }

    /**
     * The staff role the caller must hold (in the token and in the directory) for this relationship, if it is
     * fixed; a booked provider needs the role of the appointment (clinician or coach).
     */
    public Optional<StaffRole> staffRole() {
        return Optional.ofNullable(staffRole);
    }

    /** The audit trail's code for it. */
    public AccessRecorded.Basis basis() {
        return AccessRecorded.Basis.valueOf(name());
    }
}
