package care.kit.access;

import static care.kit.access.Relationship.BOOKED_PROVIDER;
import static care.kit.access.Relationship.COACH;
import static care.kit.access.Relationship.COORDINATOR;
import static care.kit.access.Relationship.EMERGENCY_ACCESS;
import static care.kit.access.Relationship.PATIENT;
import static care.kit.access.Relationship.RESPONSIBLE_CLINICIAN;
import static care.kit.access.Relationship.SUPERVISING_CLINICIAN;
import static care.kit.access.Relationship.TRIAGE_CLINICIAN;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import care.contracts.audit.AccessRecorded;

/**
 * The platform's access table (HIPAA "minimum necessary"): for each kind of access to a patient's data, the
 * relationships to the patient that allow it. This enum is the one table: every service asks
 * {@link PatientAccess} for one of these, docs/access.md shows {@link #markdownTable()}, and every service's
 * authorization matrix test derives its expectations from it. Staff not related to the patient get nothing.
 */
public enum Permission {

    IDENTITY_READ("Identity and contact details: read", "intake", null,
            PATIENT, RESPONSIBLE_CLINICIAN, COORDINATOR, EMERGENCY_ACCESS),
    IDENTITY_CHANGE("Contact details: change", "intake", IDENTITY_READ, PATIENT, COORDINATOR),
    CONSENT_RECORD("Consents: record", "intake", null, PATIENT, COORDINATOR),
    SCREENING_SUBMIT("Screening: submit", "intake", null, PATIENT, RESPONSIBLE_CLINICIAN),
    SCREENING_READ("Screening answers: read", "intake", null,
            PATIENT, RESPONSIBLE_CLINICIAN, TRIAGE_CLINICIAN, EMERGENCY_ACCESS),
    CLINICAL_SUMMARY_READ("Screening and eligibility summary: read", "intake", null,
            PATIENT, RESPONSIBLE_CLINICIAN, SUPERVISING_CLINICIAN, TRIAGE_CLINICIAN, EMERGENCY_ACCESS),
    CONSULTATION_REQUEST("Consultation: request", "intake", null, PATIENT, COORDINATOR),
    CONSULTATION_DECIDE("Consultation: decide eligibility", "intake", CLINICAL_SUMMARY_READ, TRIAGE_CLINICIAN),
    SAFETY_REVIEW("Safety escalation: review", "intake", CLINICAL_SUMMARY_READ, TRIAGE_CLINICIAN),
    CARE_TEAM_READ("Care team: read", "intake", null, PATIENT, RESPONSIBLE_CLINICIAN, SUPERVISING_CLINICIAN, COACH,
            COORDINATOR, EMERGENCY_ACCESS),
    CARE_TEAM_MANAGE("Care team: add, change, remove", "intake", CARE_TEAM_READ, COORDINATOR),
    EMERGENCY_ACCESS_OPEN("Emergency access: open (any registered clinician, with a reason)", "intake", null),
    ACCESS_LOG_READ("Access log: read", "intake", null, PATIENT, COORDINATOR),
    SCHEDULE_READ("Plan and appointments: read", "scheduling", null, PATIENT, RESPONSIBLE_CLINICIAN,
            SUPERVISING_CLINICIAN, COACH, BOOKED_PROVIDER, COORDINATOR, EMERGENCY_ACCESS),
    APPOINTMENT_BOOK("Appointment: book (staff only with themselves as the provider)", "scheduling", null,
            PATIENT, RESPONSIBLE_CLINICIAN, SUPERVISING_CLINICIAN, COACH, COORDINATOR),
    APPOINTMENT_CHANGE("Appointment: reschedule, cancel", "scheduling", null, PATIENT, BOOKED_PROVIDER, COORDINATOR),
    APPOINTMENT_NO_SHOW("Appointment: record a no-show", "scheduling", null, BOOKED_PROVIDER, COORDINATOR),
    PLAN_RESUME("Paused plan: resume", "scheduling", SCHEDULE_READ, RESPONSIBLE_CLINICIAN, EMERGENCY_ACCESS),
    SESSION_LIST("Sessions: list (no free text)", "session", null, PATIENT, RESPONSIBLE_CLINICIAN,
            SUPERVISING_CLINICIAN, COACH, BOOKED_PROVIDER, COORDINATOR, EMERGENCY_ACCESS),
    SESSION_READ("Session: read (preparation, monitor contact, readings, reflection)", "session", null,
            PATIENT, RESPONSIBLE_CLINICIAN, BOOKED_PROVIDER, EMERGENCY_ACCESS),
    SESSION_PREPARE("Session: prepare", "session", SESSION_READ, PATIENT),
    SESSION_RECORD("Session: vitals, monitor check-ins", "session", SESSION_READ, PATIENT, BOOKED_PROVIDER),
    SESSION_SUPERVISE("Session: start, defer, adverse events, discharge", "session", SESSION_READ, BOOKED_PROVIDER),
    REFLECTION_WRITE("Session: reflection", "session", SESSION_READ, PATIENT),
    PROGRESS_READ("Progress, outcome measures, prompts: read", "integration", null,
            PATIENT, RESPONSIBLE_CLINICIAN, COACH, EMERGENCY_ACCESS),
    JOURNAL_READ("Journal text and coaching notes: read", "integration", null,
            PATIENT, RESPONSIBLE_CLINICIAN, COACH, EMERGENCY_ACCESS),
    JOURNAL_WRITE("Journal: write", "integration", JOURNAL_READ, PATIENT),
    MEASURE_SUBMIT("Outcome measure: submit", "integration", PROGRESS_READ, PATIENT),
    COACHING_RECORD("Coaching session: record (the appointment's coach)", "integration", JOURNAL_READ, COACH),
    NOTIFICATIONS_READ("Notification history: read (the patient and the coach: the messages to the patient)",
            "notification", null, PATIENT, RESPONSIBLE_CLINICIAN, COACH, COORDINATOR, EMERGENCY_ACCESS),
    PREFERENCES_READ("Notification preferences: read", "notification", null,
            PATIENT, RESPONSIBLE_CLINICIAN, COORDINATOR, EMERGENCY_ACCESS),
    PREFERENCES_CHANGE("Notification preferences: change", "notification", PREFERENCES_READ, PATIENT, COORDINATOR),
    ALERTS_READ("Clinical alerts about the patient not yet delivered: list", "notification", null,
            RESPONSIBLE_CLINICIAN, SUPERVISING_CLINICIAN, BOOKED_PROVIDER, COORDINATOR, EMERGENCY_ACCESS);

    private final String label;
    private final String service;
    private final Permission discloses;
    private final Set<Relationship> allowed;

    Permission(String label, String service, Permission discloses, Relationship... allowed) {
        this.label = label;
        this.service = service;
        this.discloses = discloses;
        this.allowed = allowed.length == 0 ? Set.of() : Set.copyOf(EnumSet.copyOf(Arrays.asList(allowed)));
    }

    /** What it covers, as docs/access.md says. */
    public String label() {
        return label;
    }

    /** The service whose data it covers ({@code intake}, {@code scheduling}, ...). */
    public String service() {
        return service;
    }

    /** The relationships that allow it; empty for access granted otherwise (see {@link #EMERGENCY_ACCESS_OPEN}). */
    public Set<Relationship> allowed() {
        return allowed;
    }

    public boolean allows(Relationship relationship) {
        return allowed.contains(relationship);
    }

    /**
     * The read permission whose data this change answers with (a changed record is shown back): whoever may
     * make the change must also be allowed that read.
     */
    public Optional<Permission> discloses() {
        return Optional.ofNullable(discloses);
    }

    /** The audit trail's code for it. */
    public AccessRecorded.Permission code() {
        return AccessRecorded.Permission.valueOf(name());
    }

    /** The table as Markdown: one row per permission, one column per relationship. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| access | ");
        table.append(Arrays.stream(Relationship.values()).map(Relationship::label).collect(Collectors.joining(" | ")))
                .append(" |\n| --- |").append(" :-: |".repeat(Relationship.values().length)).append('\n');
        for (Permission permission : values()) {
            table.append("| ").append(permission.label()).append(" (`").append(permission.name()).append("`) |");
            for (Relationship relationship : Relationship.values()) {
                table.append(permission.allows(relationship) ? " ✓ |" : "   |");
            }
            table.append('\n');
        }
        return table.toString();
    }
}
