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
import care.contracts.intake.Contraindication;
import care.contracts.intake.ContraindicationFinding;
import care.contracts.intake.EligibilityApproved;
import care.contracts.intake.EligibilityDeclined;
import care.contracts.intake.EmergencyAccessGranted;
import care.contracts.intake.PatientContactChanged;
import care.contracts.intake.PatientRegistered;
import care.contracts.intake.SafetyEscalationRaised;
import care.contracts.intake.SafetyEscalationResolved;
import care.contracts.intake.StaffMemberChanged;
import care.contracts.intake.ScreeningCompleted;
import care.contracts.notification.Channel;
import care.contracts.notification.NotificationFailed;
import care.contracts.notification.NotificationScheduled;
import care.contracts.notification.NotificationSent;
import care.contracts.notification.NotificationSuppressed;
import care.contracts.notification.Purpose;
import care.contracts.notification.Recipient;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentCancelled;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.scheduling.AppointmentMissed;
import care.contracts.scheduling.AppointmentRescheduled;
import care.contracts.scheduling.CoachingNotScheduled;
import care.contracts.scheduling.ChangeInitiator;
import care.contracts.scheduling.TreatmentPlanCompleted;
import care.contracts.scheduling.TreatmentPlanCreated;
import care.contracts.scheduling.TreatmentPlanPaused;
import care.contracts.scheduling.TreatmentPlanResumed;
import care.contracts.session.AdverseEventReported;
import care.contracts.session.BloodPressure;
import care.contracts.session.MonitorCheckMissed;
import care.contracts.session.MonitorConcernRaised;
import care.contracts.session.ReflectionSubmitted;
import care.contracts.session.SessionCompleted;
import care.contracts.session.SessionDeferred;
import care.contracts.session.SessionPrepared;
import care.contracts.session.SessionStarted;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Realistic sample events: one patient's path through a six-session program, at least one per
 * {@link EventType}. Tests run every check against every sample.
 */
public final class SampleEvents {

    public static final UUID PATIENT = UUID.fromString("9963593c-47fc-4583-90be-d2ee7180289e");
    public static final UUID PROGRAM = UUID.fromString("1495ea94-e5de-4b46-be0c-c61491fb3731");
    public static final UUID SCREENING = UUID.fromString("c079a170-aee4-4fb5-b342-8c56726ec536");
    public static final UUID CONSULTATION = UUID.fromString("586662a4-ebe6-4665-a5f5-ce8ada8cc4d0");
    public static final UUID CLINICIAN = UUID.fromString("64794873-f2f8-4d45-897d-4b10e6cbfad0");
    public static final UUID COACH = UUID.fromString("3683d060-782c-4a69-a12f-7670dc0c5545");
    public static final UUID PLAN = UUID.fromString("b20c8ac7-9f76-42ab-9902-f216bde4f362");
    public static final UUID CONSULTATION_APPOINTMENT = UUID.fromString("2ec00907-9d23-4942-b0cc-785e8782fc1c");
    public static final UUID DOSING_APPOINTMENT = UUID.fromString("558992d1-e320-483c-8317-a7c9ac375955");
    public static final UUID COACHING_APPOINTMENT = UUID.fromString("abec4b36-3dde-41d5-b432-4d19c9bfaa51");
    public static final UUID SESSION = UUID.fromString("e3ba8075-0b58-4592-bc90-acdf88a9fb4e");
    public static final UUID NOTIFICATION = UUID.fromString("e4b0cfbe-0b8f-4bdd-a839-15ab197fb71b");
    public static final UUID END_MEASUREMENT = UUID.fromString("233c3d88-7bce-428b-8cb8-44764600dbb1");
    public static final UUID ESCALATION = UUID.fromString("854e8db9-4eef-454f-8d7c-b5e7b3474a37");
    public static final UUID SUPERVISOR = UUID.fromString("0d6f6a4e-3c49-4b0f-9e8a-6c2d51b7e2a4");
    public static final UUID ON_CALL = UUID.fromString("5b9b7f0e-1c7d-4b57-8a53-3e0f2f6d9c21");
    public static final UUID GRANT = UUID.fromString("a6d2f1c4-9b7e-4e2a-b1d3-7c4e5f6a8b90");

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static final List<ContractEvent> ALL = List.of(
            new PatientRegistered(eventId(), PATIENT, at("2026-03-02T14:00:00Z"), PROGRAM, "US-CO"),
            new ScreeningCompleted(eventId(), PATIENT, at("2026-03-02T14:20:00Z"), SCREENING, 14,
                    ScreeningCompleted.Gad7Band.MODERATE, 11, ScreeningCompleted.Phq9Band.MODERATE, true,
                    List.of(new ContraindicationFinding(Contraindication.ELEVATED_BLOOD_PRESSURE,
                            Contraindication.Severity.RELATIVE))),
            new SafetyEscalationRaised(eventId(), PATIENT, at("2026-03-02T14:20:01Z"),
                    ESCALATION, SafetyEscalationRaised.Trigger.PHQ9_ITEM9_POSITIVE, SCREENING),
            new SafetyEscalationResolved(eventId(), PATIENT, at("2026-03-02T16:05:00Z"), ESCALATION,
                    SafetyEscalationResolved.Outcome.CLEARED, CLINICIAN),
            new ConsentRecorded(eventId(), PATIENT, at("2026-03-02T14:25:00Z"),
                    uuid("03e2eedb-b318-4bc6-a100-bac1fddae421"), ConsentRecorded.Scope.SMS_MESSAGING,
                    ConsentRecorded.Status.ACTIVE, "2.1"),
            new ConsultationRequested(eventId(), PATIENT, at("2026-03-03T09:00:00Z"), CONSULTATION, PROGRAM, "US-CO"),
            new EligibilityApproved(eventId(), PATIENT, at("2026-03-05T17:45:00Z"), CONSULTATION, CLINICIAN, PROGRAM,
                    6, "1.0", List.of(Contraindication.ELEVATED_BLOOD_PRESSURE)),
            new EligibilityDeclined(eventId(), PATIENT, at("2026-03-05T17:45:00Z"), CONSULTATION, CLINICIAN, "1.0",
                    List.of(EligibilityDeclined.Reason.ABSOLUTE_CONTRAINDICATION),
                    List.of(Contraindication.UNCONTROLLED_CARDIAC_DISEASE), EligibilityDeclined.Referral.PRIMARY_CARE),
            new EmergencyAccessGranted(eventId(), PATIENT, at("2026-03-11T16:50:00Z"), GRANT, ON_CALL,
                    at("2026-03-11T17:50:00Z")),
            new CareTeamChanged(eventId(), PATIENT, at("2026-03-05T17:45:00Z"), 1,
                    CareTeamChanged.Change.MEMBER_ADDED, CLINICIAN, CareTeamChanged.Role.RESPONSIBLE_CLINICIAN,
                    List.of(new CareTeamChanged.Member(CLINICIAN, CareTeamChanged.Role.RESPONSIBLE_CLINICIAN,
                            at("2026-03-05T17:45:00Z"), null, null))),
            new CareTeamChanged(eventId(), PATIENT, at("2026-03-11T16:50:00Z"), 4,
                    CareTeamChanged.Change.EMERGENCY_ACCESS_GRANTED, ON_CALL, CareTeamChanged.Role.EMERGENCY_ACCESS,
                    List.of(new CareTeamChanged.Member(CLINICIAN, CareTeamChanged.Role.RESPONSIBLE_CLINICIAN,
                                    at("2026-03-05T17:45:00Z"), null, null),
                            new CareTeamChanged.Member(SUPERVISOR, CareTeamChanged.Role.SUPERVISING_CLINICIAN,
                                    at("2026-03-06T09:00:00Z"), null, null),
                            new CareTeamChanged.Member(COACH, CareTeamChanged.Role.COACH, at("2026-03-06T09:05:00Z"),
                                    null, null),
                            new CareTeamChanged.Member(ON_CALL, CareTeamChanged.Role.EMERGENCY_ACCESS,
                                    at("2026-03-11T16:50:00Z"), at("2026-03-11T17:50:00Z"), GRANT))),
            new CareTeamChanged(eventId(), PATIENT, at("2026-04-23T11:00:00Z"), 5,
                    CareTeamChanged.Change.MEMBER_REMOVED, COACH, CareTeamChanged.Role.COACH,
                    List.of(new CareTeamChanged.Member(CLINICIAN, CareTeamChanged.Role.RESPONSIBLE_CLINICIAN,
                            at("2026-03-05T17:45:00Z"), null, null))),
            new StaffMemberChanged(eventId(), CLINICIAN, at("2026-03-01T09:00:00Z"), 1,
                    List.of(StaffMemberChanged.StaffRole.CLINICIAN), List.of("US-CO", "US-CA")),
            new StaffMemberChanged(eventId(), COACH, at("2026-03-01T09:10:00Z"), 2,
                    List.of(StaffMemberChanged.StaffRole.COACH), List.of()),
            new StaffMemberChanged(eventId(), SUPERVISOR, at("2026-09-01T09:00:00Z"), 3, List.of(), List.of()),
            new PatientContactChanged(eventId(), PATIENT, at("2026-03-02T14:00:00Z"), false, "alex.r@example.org",
                    "+17205550123", "America/Denver", "Alex"),
            PatientContactChanged.erasure(eventId(), PATIENT, at("2026-09-30T08:00:00Z")),

            new TreatmentPlanCreated(eventId(), PATIENT, at("2026-03-05T17:46:00Z"), PLAN, CONSULTATION, PROGRAM,
                    CLINICIAN, 6),
            new AppointmentBooked(eventId(), PATIENT, at("2026-03-03T09:05:00Z"), CONSULTATION_APPOINTMENT, null,
                    CONSULTATION, CLINICIAN, AppointmentKind.CONSULTATION, null, at("2026-03-05T17:00:00Z"),
                    at("2026-03-05T17:45:00Z"), false),
            new AppointmentBooked(eventId(), PATIENT, at("2026-03-05T18:00:00Z"), DOSING_APPOINTMENT, PLAN, null,
                    CLINICIAN, AppointmentKind.DOSING_SESSION, 1, at("2026-03-10T16:00:00Z"),
                    at("2026-03-10T19:00:00Z"), false),
            new AppointmentRescheduled(eventId(), PATIENT, at("2026-03-09T20:00:00Z"), DOSING_APPOINTMENT,
                    AppointmentKind.DOSING_SESSION, CLINICIAN, at("2026-03-10T16:00:00Z"), at("2026-03-11T16:00:00Z"),
                    at("2026-03-11T19:00:00Z"), ChangeInitiator.PATIENT, true),
            new AppointmentCancelled(eventId(), PATIENT, at("2026-03-20T10:00:00Z"), COACHING_APPOINTMENT,
                    AppointmentKind.INTEGRATION_COACHING, at("2026-03-23T15:00:00Z"), ChangeInitiator.PATIENT,
                    AppointmentCancelled.Reason.PATIENT_REQUEST, false),
            new AppointmentMissed(eventId(), PATIENT, at("2026-03-13T15:15:00Z"), COACHING_APPOINTMENT, PLAN,
                    AppointmentKind.INTEGRATION_COACHING, at("2026-03-13T15:00:00Z"), 1),
            new TreatmentPlanPaused(eventId(), PATIENT, at("2026-03-11T17:10:00Z"), PLAN,
                    TreatmentPlanPaused.Reason.SEVERE_ADVERSE_EVENT, null),
            new TreatmentPlanResumed(eventId(), PATIENT, at("2026-03-13T10:00:00Z"), PLAN, CLINICIAN),
            new TreatmentPlanCompleted(eventId(), PATIENT, at("2026-04-20T19:00:00Z"), PLAN,
                    TreatmentPlanCompleted.Closure.ALL_SESSIONS_COMPLETED, 6, 6, null),
            new CoachingNotScheduled(eventId(), PATIENT, at("2026-03-11T18:52:00Z"), PLAN, 1, COACH,
                    at("2026-03-12T18:50:00Z"), at("2026-03-14T18:50:00Z"), CoachingNotScheduled.Reason.NO_FREE_SLOT),

            new SessionPrepared(eventId(), PATIENT, at("2026-03-10T12:00:00Z"), SESSION, DOSING_APPOINTMENT, PLAN, 1),
            new SessionStarted(eventId(), PATIENT, at("2026-03-11T16:05:00Z"), SESSION, DOSING_APPOINTMENT, PLAN, 1,
                    CLINICIAN),
            new SessionDeferred(eventId(), PATIENT, at("2026-03-11T16:02:00Z"), SESSION, DOSING_APPOINTMENT, PLAN, 1,
                    SessionDeferred.Reason.BLOOD_PRESSURE_ABOVE_LIMIT, new BloodPressure(148, 94)),
            new MonitorCheckMissed(eventId(), PATIENT, at("2026-03-11T16:41:00Z"), SESSION, CLINICIAN, 2,
                    at("2026-03-11T16:35:00Z"), 6),
            new MonitorConcernRaised(eventId(), PATIENT, at("2026-03-11T16:50:00Z"), SESSION, CLINICIAN, 3),
            new AdverseEventReported(eventId(), PATIENT, at("2026-03-11T16:45:00Z"),
                    uuid("1b1e00ee-2e5d-4fb3-bc1d-50f16f5cf623"), SESSION, PLAN, CLINICIAN,
                    AdverseEventReported.Severity.SEVERE, AdverseEventReported.Category.BLOOD_PRESSURE_RISE,
                    new BloodPressure(172, 104)),
            new SessionCompleted(eventId(), PATIENT, at("2026-03-11T18:50:00Z"), SESSION, DOSING_APPOINTMENT, PLAN, 1,
                    CLINICIAN, 125),
            new ReflectionSubmitted(eventId(), PATIENT, at("2026-03-12T09:30:00Z"),
                    uuid("b07be3df-75d2-4241-b5c9-a5190267d2b5"), SESSION, 1, 3),

            new IntegrationStarted(eventId(), PATIENT, at("2026-03-11T18:51:00Z"), PLAN, SESSION, 1,
                    at("2026-03-12T18:50:00Z"), at("2026-03-14T18:50:00Z")),
            new JournalPromptAssigned(eventId(), PATIENT, at("2026-03-12T08:00:00Z"),
                    uuid("1439e42f-82c9-47ff-a4d0-89e3dd778051"), uuid("83e61026-718c-4154-afc9-ab30930bacfe"), 1,
                    at("2026-03-14T08:00:00Z")),
            new JournalEntrySubmitted(eventId(), PATIENT, at("2026-03-12T21:10:00Z"),
                    uuid("037ac59f-0b52-47ed-9f31-da5a89c1e5d6"), uuid("1439e42f-82c9-47ff-a4d0-89e3dd778051"), 212),
            new CoachingSessionCompleted(eventId(), PATIENT, at("2026-03-13T15:45:00Z"), COACHING_APPOINTMENT, PLAN,
                    COACH, 1, 45, List.of(uuid("b29a7c7a-2ef7-4282-9742-b4f60244f531"),
                    uuid("e9dd5e14-3884-4b17-920a-3436565db6ef"))),
            new OutcomeMeasured(eventId(), PATIENT, at("2026-03-02T14:20:00Z"),
                    uuid("04512c9c-c8a3-41db-a06e-f6f2d00e40e7"), null, OutcomeMeasured.Instrument.GAD7, 14,
                    OutcomeMeasured.Timepoint.BASELINE, null, false, false, OutcomeMeasured.Band.MODERATE, null, false),
            new OutcomeMeasured(eventId(), PATIENT, at("2026-04-21T09:00:00Z"), END_MEASUREMENT, PLAN,
                    OutcomeMeasured.Instrument.GAD7, 4, OutcomeMeasured.Timepoint.PROGRAM_END, 14, true, true,
                    OutcomeMeasured.Band.MINIMAL, -10, false),
            OutcomeMeasured.of(eventId(), PATIENT, at("2026-04-21T09:01:00Z"), uuid("5f0c1c1e-3f43-4d43-8a51-0d4c1c5e9a11"),
                    PLAN, OutcomeMeasured.Instrument.PHQ9, 6, OutcomeMeasured.Timepoint.PROGRAM_END, 11, false, false, true),
            new ProgramCompleted(eventId(), PATIENT, at("2026-04-22T10:00:00Z"), PLAN, 6, 6, END_MEASUREMENT,
                    new ProgramCompleted.OutcomeSummary(OutcomeMeasured.Instrument.GAD7, 14, 4, -10, true, true),
                    new ProgramCompleted.OutcomeSummary(OutcomeMeasured.Instrument.PHQ9, 11, 6, -5, false, false), 6),
            new CoachAssigned(eventId(), PATIENT, at("2026-03-02T15:00:00Z"), COACH, null),
            new OutcomeMeasuresDue(eventId(), PATIENT, at("2026-03-16T18:51:00Z"), PLAN,
                    OutcomeMeasured.Timepoint.AFTER_SESSION_2,
                    List.of(OutcomeMeasured.Instrument.GAD7, OutcomeMeasured.Instrument.PHQ9)),

            new NotificationScheduled(eventId(), PATIENT, at("2026-03-05T18:00:01Z"), NOTIFICATION, Channel.SMS,
                    Purpose.APPOINTMENT_REMINDER, Recipient.PATIENT, DOSING_APPOINTMENT, at("2026-03-09T16:00:00Z"),
                    false),
            new NotificationSent(eventId(), PATIENT, at("2026-03-09T16:00:02Z"), NOTIFICATION, Channel.SMS,
                    Purpose.APPOINTMENT_REMINDER, Recipient.PATIENT, DOSING_APPOINTMENT, NotificationSent.Status.SENT, 1),
            new NotificationFailed(eventId(), PATIENT, at("2026-03-09T16:00:09Z"), NOTIFICATION, Channel.SMS,
                    Purpose.APPOINTMENT_REMINDER, Recipient.PATIENT, DOSING_APPOINTMENT,
                    NotificationFailed.Status.UNDELIVERED, NotificationFailed.Failure.CARRIER_REJECTED, 1, true),
            new NotificationSuppressed(eventId(), PATIENT, at("2026-03-12T20:00:00Z"),
                    uuid("496f41f6-2d3f-44fd-a62d-e4caa5e4cbcf"), Channel.SMS, Purpose.JOURNALING_NUDGE,
                    Recipient.PATIENT, SESSION, NotificationSuppressed.Reason.DAILY_LIMIT_REACHED),

            new AccessRecorded(eventId(), PATIENT, at("2026-03-12T21:30:00Z"), "integration-service", COACH.toString(),
                    AccessRecorded.ActorRole.COACH, "integration.journal.read", AccessRecorded.Permission.JOURNAL_READ,
                    AccessRecorded.Outcome.GRANTED, AccessRecorded.Basis.COACH, null, null, null),
            new AccessRecorded(eventId(), PATIENT, at("2026-03-11T16:52:00Z"), "session-service", ON_CALL.toString(),
                    AccessRecorded.ActorRole.CLINICIAN, "session.read", AccessRecorded.Permission.SESSION_READ,
                    AccessRecorded.Outcome.GRANTED, AccessRecorded.Basis.EMERGENCY_ACCESS, null, GRANT, SESSION),
            new AccessRecorded(eventId(), PATIENT, at("2026-03-12T08:00:00Z"), "intake-service", "auth0|5f1c2e0a",
                    AccessRecorded.ActorRole.CLINICIAN, "intake.patient.read", AccessRecorded.Permission.IDENTITY_READ,
                    AccessRecorded.Outcome.DENIED, null, AccessRecorded.Reason.NOT_ON_CARE_TEAM, null, null));

    private SampleEvents() {
    }

    /** Every sample. */
    public static List<ContractEvent> all() {
        return ALL;
    }

    /** The samples of {@code type}; fails the calling test if there is none. */
    public static List<ContractEvent> of(EventType type) {
        List<ContractEvent> samples = ALL.stream().filter(event -> EventType.of(event) == type).toList();
        if (samples.isEmpty()) {
            throw new AssertionError("SampleEvents has no sample of " + type + ": add one");
        }
        return samples;
    }

    /** The first sample of {@code type}. */
    @SuppressWarnings("unchecked")
    public static <E extends ContractEvent> E first(Class<E> recordClass) {
        return (E) of(EventType.of(recordClass)).getFirst();
    }

    private static UUID eventId() {
        return new UUID(0x0000_0000_0000_4000L, 0x8000_0000_0000_0000L | SEQUENCE.incrementAndGet());
    }

    private static UUID uuid(String value) {
        return UUID.fromString(value);
    }

    private static Instant at(String value) {
        return Instant.parse(value);
    }
}
