package care.contracts.audit;

import static care.contracts.Invariants.check;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.matching;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import care.contracts.ServiceReportedEvent;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Someone read or changed a patient's personal data, or was refused: the accounting of access (HIPAA
 * 45 CFR 164.312(b) audit controls, 164.528 accounting of disclosures). Every service publishes one for every
 * such request, through its outbox, before it answers; a request whose record cannot be stored fails. Intake
 * keeps them all and shows them in the patient's access log. Ids and codes only: never the data itself, and
 * never the free-text reason of an emergency access (intake holds it under {@code emergencyGrantId}).
 *
 * @param service          the service that was accessed, such as {@code intake-service}
 * @param actorId          who: the token's subject (a staff member's provider id, a patient's account id), or a
 *                         pseudonym ({@code sub-} and a hash) for a subject that is not a plain identifier
 * @param actorRole        the role the actor acted in
 * @param action           what was done, such as {@code intake.patient.read}
 * @param permission       the kind of data and access the action needs
 * @param outcome          granted or denied
 * @param basis            why access was granted: the actor's relationship to the patient; {@code null} when denied
 * @param reason           why access was denied; {@code null} when granted
 * @param emergencyGrantId the emergency-access grant the access was made under, or {@code null}
 * @param resourceId       the record accessed when it is not the patient as a whole (a session, an appointment),
 *                         or {@code null}
 */
public record AccessRecorded(UUID eventId, UUID patientId, Instant occurredAt, String service, String actorId,
                             ActorRole actorRole, String action, Permission permission, Outcome outcome, Basis basis,
                             Reason reason, UUID emergencyGrantId, UUID resourceId)
        implements CareEvent, ServiceReportedEvent {

    /** A service name: lowercase letters, digits and hyphens. */
    public static final Pattern SERVICE = Pattern.compile("^[a-z][a-z0-9-]{1,62}$");

    /**
     * An actor id: letters, digits and {@code . _ : | -}, with at least one letter, so that it cannot hold an
     * email address, a phone number, a date or words.
     */
    public static final Pattern ACTOR = Pattern.compile("^(?=[^A-Za-z]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9._:|-]{0,127}$");

    /** An action code such as {@code session.vitals.record}. */
    public static final Pattern ACTION = Pattern.compile("^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*){1,5}$");

    /** The role an actor acted in. */
    public enum ActorRole { PATIENT, CLINICIAN, COACH, COORDINATOR, ADMIN, UNKNOWN }

    /** What kind of data, and what kind of access, an action needs (the platform's access table). */
    public enum Permission {
        IDENTITY_READ, IDENTITY_CHANGE, CONSENT_RECORD, SCREENING_SUBMIT, SCREENING_READ, CLINICAL_SUMMARY_READ,
        CONSULTATION_REQUEST, CONSULTATION_DECIDE, SAFETY_REVIEW, CARE_TEAM_READ, CARE_TEAM_MANAGE,
        ACCESS_LOG_READ, SCHEDULE_READ, APPOINTMENT_BOOK, APPOINTMENT_CHANGE, APPOINTMENT_NO_SHOW, PLAN_RESUME,
        SESSION_LIST, SESSION_READ, SESSION_PREPARE, SESSION_RECORD, SESSION_SUPERVISE, REFLECTION_WRITE,
        PROGRESS_READ, JOURNAL_READ, JOURNAL_WRITE, MEASURE_SUBMIT, COACHING_RECORD, NOTIFICATIONS_READ,
        PREFERENCES_READ, PREFERENCES_CHANGE, EMERGENCY_ACCESS_OPEN, ALERTS_READ
    }

    /** Granted or denied. */
    public enum Outcome { GRANTED, DENIED }

    /** The actor's relationship to the patient that granted access. */
    public enum Basis {
        PATIENT, RESPONSIBLE_CLINICIAN, SUPERVISING_CLINICIAN, COACH, BOOKED_PROVIDER, TRIAGE_CLINICIAN, COORDINATOR,
        EMERGENCY_ACCESS
    }

    /** Why access was denied. */
    public enum Reason {
        /** A patient reached for another patient's data. */
        OTHER_PATIENT,
        /** A staff token whose subject is not registered (or no longer) for its role. */
        NOT_REGISTERED,
        /** Registered staff without a relationship to this patient. */
        NOT_ON_CARE_TEAM,
        /** The actor's only relationship was an emergency access that has ended. */
        EMERGENCY_ACCESS_EXPIRED,
        /** The actor has a relationship to the patient, but not one that allows this. */
        NOT_PERMITTED
    }

    public AccessRecorded {
        envelope(eventId, patientId, occurredAt);
        matching(service, SERVICE, "service");
        matching(actorId, ACTOR, "actorId");
        required(actorRole, "actorRole");
        matching(action, ACTION, "action");
        required(permission, "permission");
        required(outcome, "outcome");
        check((outcome == Outcome.GRANTED) == (basis != null), "basis is required exactly when access was granted");
        check((outcome == Outcome.DENIED) == (reason != null), "reason is required exactly when access was denied");
        check((basis == Basis.EMERGENCY_ACCESS) == (emergencyGrantId != null),
                "emergencyGrantId is given exactly for access granted under EMERGENCY_ACCESS");
    }
}
