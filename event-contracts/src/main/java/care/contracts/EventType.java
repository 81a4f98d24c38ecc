package care.contracts;

import care.contracts.integration.CoachAssigned;
import care.contracts.integration.CoachingSessionCompleted;
import care.contracts.integration.IntegrationStarted;
import care.contracts.integration.JournalEntrySubmitted;
import care.contracts.integration.JournalPromptAssigned;
import care.contracts.integration.OutcomeMeasured;
import care.contracts.integration.OutcomeMeasuresDue;
import care.contracts.integration.ProgramCompleted;
import care.contracts.audit.AccessRecorded;
import care.contracts.intake.CareTeamChanged;
import care.contracts.intake.ConsentRecorded;
import care.contracts.intake.ConsultationRequested;
import care.contracts.intake.EligibilityApproved;
import care.contracts.intake.EligibilityDeclined;
import care.contracts.intake.EmergencyAccessGranted;
import care.contracts.intake.PatientContactChanged;
import care.contracts.intake.PatientRegistered;
import care.contracts.intake.SafetyEscalationRaised;
import care.contracts.intake.SafetyEscalationResolved;
import care.contracts.intake.StaffMemberChanged;
import care.contracts.intake.ScreeningCompleted;
import care.contracts.notification.NotificationFailed;
import care.contracts.notification.NotificationScheduled;
import care.contracts.notification.NotificationSent;
import care.contracts.notification.NotificationSuppressed;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentCancelled;
import care.contracts.scheduling.AppointmentMissed;
import care.contracts.scheduling.AppointmentRescheduled;
import care.contracts.scheduling.CoachingNotScheduled;
import care.contracts.scheduling.TreatmentPlanCompleted;
import care.contracts.scheduling.TreatmentPlanCreated;
import care.contracts.scheduling.TreatmentPlanPaused;
import care.contracts.scheduling.TreatmentPlanResumed;
import care.contracts.session.AdverseEventReported;
import care.contracts.session.MonitorCheckMissed;
import care.contracts.session.MonitorConcernRaised;
import care.contracts.session.ReflectionSubmitted;
import care.contracts.session.SessionCompleted;
import care.contracts.session.SessionDeferred;
import care.contracts.session.SessionPrepared;
import care.contracts.session.SessionStarted;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The catalog of v1 event types: for each, its record class, CloudEvents {@code type} and {@code source},
 * topic and JSON Schema. Producers take the headers from here; consumers map {@code ce_type} back to a
 * record class with {@link #ofType(String)} and ignore types they do not know (a newer producer may add
 * some).
 */
public enum EventType {

    PATIENT_REGISTERED(PatientRegistered.class, "intake", Topics.INTAKE_EVENTS),
    SCREENING_COMPLETED(ScreeningCompleted.class, "intake", Topics.INTAKE_EVENTS),
    SAFETY_ESCALATION_RAISED(SafetyEscalationRaised.class, "intake", Topics.INTAKE_EVENTS),
    CONSENT_RECORDED(ConsentRecorded.class, "intake", Topics.INTAKE_EVENTS),
    CONSULTATION_REQUESTED(ConsultationRequested.class, "intake", Topics.INTAKE_EVENTS),
    ELIGIBILITY_APPROVED(EligibilityApproved.class, "intake", Topics.INTAKE_EVENTS),
    ELIGIBILITY_DECLINED(EligibilityDeclined.class, "intake", Topics.INTAKE_EVENTS),
    SAFETY_ESCALATION_RESOLVED(SafetyEscalationResolved.class, "intake", Topics.INTAKE_EVENTS),
    EMERGENCY_ACCESS_GRANTED(EmergencyAccessGranted.class, "intake", Topics.INTAKE_EVENTS),

    PATIENT_CONTACT_CHANGED(PatientContactChanged.class, "intake", Topics.PATIENT_CONTACTS),

    CARE_TEAM_CHANGED(CareTeamChanged.class, "intake", Topics.CARE_TEAMS),

    STAFF_MEMBER_CHANGED(StaffMemberChanged.class, "intake", Topics.STAFF_DIRECTORY),

    TREATMENT_PLAN_CREATED(TreatmentPlanCreated.class, "scheduling", Topics.SCHEDULING_EVENTS),
    APPOINTMENT_BOOKED(AppointmentBooked.class, "scheduling", Topics.SCHEDULING_EVENTS),
    APPOINTMENT_RESCHEDULED(AppointmentRescheduled.class, "scheduling", Topics.SCHEDULING_EVENTS),
    APPOINTMENT_CANCELLED(AppointmentCancelled.class, "scheduling", Topics.SCHEDULING_EVENTS),
    APPOINTMENT_MISSED(AppointmentMissed.class, "scheduling", Topics.SCHEDULING_EVENTS),
    TREATMENT_PLAN_PAUSED(TreatmentPlanPaused.class, "scheduling", Topics.SCHEDULING_EVENTS),
    TREATMENT_PLAN_RESUMED(TreatmentPlanResumed.class, "scheduling", Topics.SCHEDULING_EVENTS),
    TREATMENT_PLAN_COMPLETED(TreatmentPlanCompleted.class, "scheduling", Topics.SCHEDULING_EVENTS),
    COACHING_NOT_SCHEDULED(CoachingNotScheduled.class, "scheduling", Topics.SCHEDULING_EVENTS),

    SESSION_PREPARED(SessionPrepared.class, "session", Topics.SESSION_EVENTS),
    SESSION_STARTED(SessionStarted.class, "session", Topics.SESSION_EVENTS),
    SESSION_DEFERRED(SessionDeferred.class, "session", Topics.SESSION_EVENTS),
    MONITOR_CHECK_MISSED(MonitorCheckMissed.class, "session", Topics.SESSION_EVENTS),
    MONITOR_CONCERN_RAISED(MonitorConcernRaised.class, "session", Topics.SESSION_EVENTS),
    ADVERSE_EVENT_REPORTED(AdverseEventReported.class, "session", Topics.SESSION_EVENTS),
    SESSION_COMPLETED(SessionCompleted.class, "session", Topics.SESSION_EVENTS),
    REFLECTION_SUBMITTED(ReflectionSubmitted.class, "session", Topics.SESSION_EVENTS),

    INTEGRATION_STARTED(IntegrationStarted.class, "integration", Topics.INTEGRATION_EVENTS),
    JOURNAL_PROMPT_ASSIGNED(JournalPromptAssigned.class, "integration", Topics.INTEGRATION_EVENTS),
    JOURNAL_ENTRY_SUBMITTED(JournalEntrySubmitted.class, "integration", Topics.INTEGRATION_EVENTS),
    COACHING_SESSION_COMPLETED(CoachingSessionCompleted.class, "integration", Topics.INTEGRATION_EVENTS),
    OUTCOME_MEASURED(OutcomeMeasured.class, "integration", Topics.INTEGRATION_EVENTS),
    PROGRAM_COMPLETED(ProgramCompleted.class, "integration", Topics.INTEGRATION_EVENTS),
    COACH_ASSIGNED(CoachAssigned.class, "integration", Topics.INTEGRATION_EVENTS),
    OUTCOME_MEASURES_DUE(OutcomeMeasuresDue.class, "integration", Topics.INTEGRATION_EVENTS),

    NOTIFICATION_SCHEDULED(NotificationScheduled.class, "notification", Topics.NOTIFICATION_EVENTS),
    NOTIFICATION_SENT(NotificationSent.class, "notification", Topics.NOTIFICATION_EVENTS),
    NOTIFICATION_FAILED(NotificationFailed.class, "notification", Topics.NOTIFICATION_EVENTS),
    NOTIFICATION_SUPPRESSED(NotificationSuppressed.class, "notification", Topics.NOTIFICATION_EVENTS),

    /** Published by every service: its {@code ce_source} is the event's {@code service}. */
    ACCESS_RECORDED(AccessRecorded.class, "audit", Topics.AUDIT_EVENTS);

    /** Classpath folder of the JSON Schemas. */
    public static final String SCHEMA_FOLDER = "care/contracts/schemas/";

    /** Base URI of the schemas' {@code $id}. */
    public static final String SCHEMA_ID_BASE = "https://contracts.care-pathway.example/schemas/";

    private final Class<? extends ContractEvent> recordClass;
    private final String type;
    private final String source;
    private final String topic;

    EventType(Class<? extends ContractEvent> recordClass, String service, String topic) {
        this.recordClass = recordClass;
        this.type = "care." + service + "." + recordClass.getSimpleName() + ".v1";
        this.source = ServiceReportedEvent.class.isAssignableFrom(recordClass) ? Topics.EVERY_SERVICE
                : service + "-service";
        this.topic = topic;
    }

    /** The record class, e.g. {@code EligibilityApproved.class}. */
    public Class<? extends ContractEvent> recordClass() {
        return recordClass;
    }

    /** The CloudEvents {@code type}, e.g. {@code care.intake.EligibilityApproved.v1}. */
    public String type() {
        return type;
    }

    /**
     * The CloudEvents {@code source}: the only service that publishes it, e.g. {@code intake-service}, or
     * {@link Topics#EVERY_SERVICE} for a {@link ServiceReportedEvent}, whose {@code ce_source} is the service the
     * event names.
     */
    public String source() {
        return source;
    }

    /** The topic name, one of the {@link Topics} constants. */
    public String topic() {
        return topic;
    }

    /** The topic's description. */
    public Topics.Topic topicDescription() {
        return Topics.describe(topic).orElseThrow();
    }

    /** Classpath location of the JSON Schema, e.g. {@code care/contracts/schemas/care.intake.EligibilityApproved.v1.json}. */
    public String schemaResource() {
        return SCHEMA_FOLDER + type + ".json";
    }

    /** The schema's {@code $id}. */
    public String schemaId() {
        return SCHEMA_ID_BASE + type + ".json";
    }

    /** The type of {@code recordClass}; throws {@link IllegalArgumentException} if it is not in the catalog. */
    public static EventType of(Class<?> recordClass) {
        return Arrays.stream(values())
                .filter(value -> value.recordClass == recordClass)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(recordClass.getName() + " is not a v1 event"));
    }

    /** Whether every service publishes this type ({@link ServiceReportedEvent}). */
    public boolean reportedByEveryService() {
        return ServiceReportedEvent.class.isAssignableFrom(recordClass);
    }

    /** The type of {@code event}. */
    public static EventType of(ContractEvent event) {
        return of(event.getClass());
    }

    /** The type with CloudEvents type {@code ceType}, or empty for a type this version does not know. */
    public static Optional<EventType> ofType(String ceType) {
        return Arrays.stream(values()).filter(value -> value.type.equals(ceType)).findFirst();
    }

    /** The types published on {@code topic}. */
    public static List<EventType> on(String topic) {
        return Arrays.stream(values()).filter(value -> value.topic.equals(topic)).toList();
    }
}
