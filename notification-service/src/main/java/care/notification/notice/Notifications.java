package care.notification.notice;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import care.contracts.CareEvent;
import care.contracts.intake.ConsentRecorded;
import care.contracts.intake.EmergencyAccessGranted;
import care.contracts.intake.PatientContactChanged;
import care.contracts.intake.SafetyEscalationRaised;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.contracts.integration.OutcomeMeasuresDue;
import care.contracts.notification.Channel;
import care.contracts.notification.NotificationScheduled;
import care.contracts.notification.NotificationSuppressed;
import care.contracts.notification.Purpose;
import care.contracts.notification.Recipient;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentCancelled;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.scheduling.AppointmentMissed;
import care.contracts.scheduling.AppointmentRescheduled;
import care.contracts.scheduling.ChangeInitiator;
import care.contracts.scheduling.TreatmentPlanCompleted;
import care.contracts.session.AdverseEventReported;
import care.contracts.session.MonitorCheckMissed;
import care.contracts.session.MonitorConcernRaised;
import care.contracts.session.SessionCompleted;
import care.contracts.session.SessionPrepared;
import care.kit.access.CareTeam;
import care.kit.access.PatientAccess;
import care.kit.access.StaffDirectory;
import care.kit.outbox.Outbox;
import care.notification.policy.ReminderPlan;

/**
 * Turns the other services' events into notifications: appointment and preparation reminders, notices of
 * appointments the clinic moved or cancelled, journaling nudges, outcome-measure requests, the notice of a plan
 * that ended early, and the care team's alerts, and keeps each patient's contact projection and consents.
 * Alerts about a patient go to the members of the patient's care team as intake last published it
 * ({@link PatientAccess#careTeam}). Each notification is one document written with its NotificationScheduled
 * event; its id derives from what it is about, so a redelivered event finds the one it made before. The
 * {@link Dispatcher} sends them when their time comes.
 */
@Component
public class Notifications {

    /** The reminders of an appointment (moved and cancelled with it); not the notices about the change. */
    private static final List<Purpose> APPOINTMENT_PURPOSES = List.of(Purpose.APPOINTMENT_REMINDER,
            Purpose.PREPARATION_REMINDER);

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final Clock clock;
    private final NotificationSettings settings;
    private final DispatchSignal signal;
    private final MeterRegistry meters;
    private final PatientAccess access;
    private final StaffDirectory staff;

    Notifications(MongoTemplate mongo, Outbox outbox, Clock clock, NotificationSettings settings,
            DispatchSignal signal, MeterRegistry meters, PatientAccess access, StaffDirectory staff) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.clock = clock;
        this.settings = settings;
        this.signal = signal;
        this.meters = meters;
        this.access = access;
        this.staff = staff;
        mongo.indexOps(Notification.class).createIndex(new Index().on("status", Sort.Direction.ASC)
                .on("nextAttemptAt", Sort.Direction.ASC));
        mongo.indexOps(Notification.class).createIndex(new Index().on("patientId", Sort.Direction.ASC));
        mongo.indexOps(Notification.class).createIndex(new Index().on("referenceId", Sort.Direction.ASC));
        mongo.indexOps(PatientProfile.class).createIndex(new Index().on("phone", Sort.Direction.ASC).sparse());
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // ---- the patient's projection: contacts, consents ----

    void onContactChanged(PatientContactChanged change) {
        changeProfile(change.patientId(), profile -> profile.apply(change));
    }

    void onConsent(ConsentRecorded consent) {
        if (consent.scope() == ConsentRecorded.Scope.SMS_MESSAGING
                || consent.scope() == ConsentRecorded.Scope.EMAIL_MESSAGING) {
            changeProfile(consent.patientId(), profile -> profile.apply(consent));
        }
    }

    Optional<PatientProfile> profile(UUID patientId) {
        return Optional.ofNullable(mongo.findById(patientId.toString(), PatientProfile.class));
    }

    /** Reads (or starts) the patient's profile, changes it and saves it, again on a concurrent change. */
    PatientProfile changeProfile(UUID patientId, Consumer<PatientProfile> change) {
        for (int attempt = 1;; attempt++) {
            try {
                return outbox.update(() -> profile(patientId).orElseGet(() -> PatientProfile.empty(patientId)),
                        profile -> {
                            change.accept(profile);
                            return List.of();
                        });
            } catch (DuplicateKeyException createdMeanwhile) {
                if (attempt >= 3) {
                    throw createdMeanwhile;
                }
            }
        }
    }

    // ---- appointments ----

    void onBooked(AppointmentBooked booked) {
        Channel planned = plannedChannel(booked.patientId());
        Instant now = now();
        for (ReminderPlan.Reminder reminder : ReminderPlan.plan(booked.startsAt(), settings.appointmentReminders(),
                now)) {
            createReminder(booked.patientId(), booked.appointmentId(), booked.startsAt(), reminder, planned, now);
        }
        if (booked.kind() == AppointmentKind.DOSING_SESSION) {
            preparationDue(booked.startsAt(), now).ifPresent(due -> {
                Notification n = Notification.scheduled(preparationId(booked.appointmentId()), booked.patientId(),
                        Purpose.PREPARATION_REMINDER, Recipient.PATIENT, booked.appointmentId(), planned, false, due,
                        now);
                n.appointmentStart = booked.startsAt();
                n.offset = settings.preparationReminder();
                create(n);
            });
        }
        signal.wake();
    }

    void onRescheduled(AppointmentRescheduled moved) {
        Instant now = now();
        Channel channel = plannedChannel(moved.patientId());
        Map<Duration, ReminderPlan.Reminder> plan = ReminderPlan.plan(moved.startsAt(),
                settings.appointmentReminders(), now).stream()
                .collect(Collectors.toMap(ReminderPlan.Reminder::offset, r -> r));
        List<Notification> existing = forAppointment(moved.appointmentId());
        for (Notification known : existing) {
            if (known.purpose == Purpose.APPOINTMENT_REMINDER) {
                ReminderPlan.Reminder planned = plan.remove(known.offset);
                change(known.id, n -> moveReminder(n, moved.startsAt(), planned, now));
            } else if (known.purpose == Purpose.PREPARATION_REMINDER) {
                change(known.id, n -> {
                    if (n.status.pending()) {
                        Optional<Instant> due = preparationDue(moved.startsAt(), now);
                        n.appointmentStart = moved.startsAt();
                        if (due.isPresent()) {
                            n.dueAt = due.get();
                            n.waitUntil(due.get());
                        } else {
                            n.settle(Notification.Status.CANCELLED, now);
                        }
                    }
                    return List.of();
                });
            }
        }
        if (moved.initiatedBy() != ChangeInitiator.PATIENT && moved.startsAt().isAfter(now)) {
            notice(moved.patientId(), Purpose.APPOINTMENT_CHANGED, moved.appointmentId(), moved.startsAt(), channel,
                    now, moved.startsAt());
        }
        // Offsets that had no reminder yet (the appointment was booked too late for them).
        for (ReminderPlan.Reminder reminder : plan.values()) {
            createReminder(moved.patientId(), moved.appointmentId(), moved.startsAt(), reminder, channel, now);
        }
        signal.wake();
    }

    private void createReminder(UUID patientId, UUID appointmentId, Instant startsAt, ReminderPlan.Reminder reminder,
            Channel planned, Instant now) {
        Notification n = Notification.scheduled(reminderId(appointmentId, reminder.offset()), patientId,
                Purpose.APPOINTMENT_REMINDER, Recipient.PATIENT, appointmentId, planned, false, reminder.dueAt(), now);
        n.appointmentStart = startsAt;
        n.offset = reminder.offset();
        create(n);
    }

    /** Moves a pending reminder to the new time; one already sent for the old time is armed again for the new. */
    private List<CareEvent> moveReminder(Notification n, Instant newStart, ReminderPlan.Reminder planned, Instant now) {
        if (newStart.equals(n.appointmentStart) || n.status == Notification.Status.CANCELLED) {
            return List.of();
        }
        n.appointmentStart = newStart;
        if (planned == null) {
            if (n.status.pending()) {
                n.settle(Notification.Status.CANCELLED, now);
            }
            return List.of();
        }
        n.dueAt = planned.dueAt();
        if (!n.status.pending()) {
            n.attempts = 0;
            n.providerMessageId = null;
            n.sentAt = null;
            n.deliveredAt = null;
            n.settledAt = null;
            n.suppressedReason = null;
            n.lastFailure = null;
            n.onCall = false;
        }
        n.waitUntil(planned.dueAt());
        return List.of(scheduledEvent(n, now));
    }

    void onCancelled(AppointmentCancelled cancelled) {
        Instant now = now();
        if (cancelled.initiatedBy() != ChangeInitiator.PATIENT && cancelled.startsAt().isAfter(now)) {
            notice(cancelled.patientId(), Purpose.APPOINTMENT_CANCELLED, cancelled.appointmentId(),
                    cancelled.startsAt(), plannedChannel(cancelled.patientId()), now, "cancelled");
        }
        for (Notification known : forAppointment(cancelled.appointmentId())) {
            change(known.id, n -> {
                if (!n.status.pending()) {
                    return List.of();
                }
                n.settle(Notification.Status.CANCELLED, now);
                n.suppressedReason = NotificationSuppressed.Reason.APPOINTMENT_CANCELLED;
                return List.of(new NotificationSuppressed(UUID.randomUUID(), n.patientId, now, n.id, n.channel,
                        n.purpose, n.recipient, n.referenceId, NotificationSuppressed.Reason.APPOINTMENT_CANCELLED));
            });
        }
    }

    /** The clinic moved or cancelled a patient's appointment: the patient is told (they did not do it). */
    private void notice(UUID patientId, Purpose purpose, UUID appointmentId, Instant appointmentStart,
            Channel planned, Instant now, Object key) {
        Notification n = Notification.scheduled(Notification.idFor(purpose, appointmentId, key), patientId, purpose,
                Recipient.PATIENT, appointmentId, planned, false, now, now);
        n.appointmentStart = appointmentStart;
        create(n);
        signal.wake();
    }

    void onMissed(AppointmentMissed missed) {
        Instant now = now();
        for (Notification known : forAppointment(missed.appointmentId())) {
            change(known.id, n -> {
                if (n.status.pending()) {
                    n.settle(Notification.Status.CANCELLED, now);
                }
                return List.of();
            });
        }
    }

    // ---- sessions and integration ----

    /** The preparation is done: its reminder is dropped, or never made when this arrives before the booking. */
    void onPrepared(SessionPrepared prepared) {
        Instant now = now();
        UUID id = preparationId(prepared.appointmentId());
        if (mongo.findById(id, Notification.class) == null) {
            Notification done = Notification.scheduled(id, prepared.patientId(), Purpose.PREPARATION_REMINDER,
                    Recipient.PATIENT, prepared.appointmentId(), Channel.EMAIL, false, now, now);
            done.settle(Notification.Status.CANCELLED, now);
            try {
                outbox.save(done, List.of());
                return;
            } catch (DuplicateKeyException bookedMeanwhile) {
                // The booking made the reminder first: drop it below.
            }
        }
        change(id, n -> {
            if (n.status.pending()) {
                n.settle(Notification.Status.CANCELLED, now);
            }
            return List.of();
        });
    }

    void onSessionCompleted(SessionCompleted completed) {
        Instant now = now();
        Instant due = completed.occurredAt().plus(settings.journalingNudgeAfter());
        if (stale(due, now, Purpose.JOURNALING_NUDGE)) {
            return;
        }
        create(Notification.scheduled(Notification.idFor(Purpose.JOURNALING_NUDGE, completed.sessionId()),
                completed.patientId(), Purpose.JOURNALING_NUDGE, Recipient.PATIENT, completed.sessionId(),
                plannedChannel(completed.patientId()), false, due.isBefore(now) ? now : due, now));
        signal.wake();
    }

    void onMeasuresDue(OutcomeMeasuresDue due) {
        Instant now = now();
        if (stale(due.occurredAt(), now, Purpose.OUTCOME_MEASURE_REQUEST)) {
            return;
        }
        create(Notification.scheduled(Notification.idFor(Purpose.OUTCOME_MEASURE_REQUEST, due.planId(), due.timepoint()),
                due.patientId(), Purpose.OUTCOME_MEASURE_REQUEST, Recipient.PATIENT, due.planId(),
                plannedChannel(due.patientId()), false, now, now));
        signal.wake();
    }

    /**
     * A plan that ended before its last session (closed by a clinician, withdrawn by the patient): the patient is
     * told that there is an update (by their channels, under their rules), and the responsible clinician and the
     * coach at once. One notice each per plan.
     */
    void onPlanCompleted(TreatmentPlanCompleted completed) {
        if (completed.closure() == TreatmentPlanCompleted.Closure.ALL_SESSIONS_COMPLETED) {
            return;
        }
        Instant now = now();
        if (stale(completed.occurredAt(), now, Purpose.PLAN_ENDED)) {
            return;
        }
        create(Notification.scheduled(Notification.idFor(Purpose.PLAN_ENDED, completed.planId()),
                completed.patientId(), Purpose.PLAN_ENDED, Recipient.PATIENT, completed.planId(),
                plannedChannel(completed.patientId()), false, now, now));
        CareTeam team = access.careTeam(completed.patientId().toString());
        registered(team.responsibleClinician(), StaffRole.CLINICIAN).ifPresent(clinician -> toCareTeam(
                completed.patientId(), Purpose.PLAN_ENDED, Recipient.CLINICIAN, clinician, completed.planId(),
                completed.planId() + ":" + Recipient.CLINICIAN, now));
        registered(team.coach(), StaffRole.COACH).ifPresent(coach -> toCareTeam(completed.patientId(),
                Purpose.PLAN_ENDED, Recipient.COACH, coach, completed.planId(),
                completed.planId() + ":" + Recipient.COACH, now));
        signal.wake();
    }

    // ---- clinical alerts ----

    /** To the responsible clinician of the patient's care team, or on call when the patient has none. */
    void onSafetyEscalation(SafetyEscalationRaised escalation) {
        alert(escalation.patientId(), Purpose.SAFETY_ESCALATION, responsibleClinician(escalation.patientId()),
                escalation.escalationId(), escalation.escalationId(), escalation.occurredAt());
    }

    /**
     * A clinician outside the care team opened emergency access: the responsible clinician (or on call) is told at
     * once, once per grant. Who and why are in intake, behind sign-in.
     */
    void onEmergencyAccess(EmergencyAccessGranted granted) {
        alert(granted.patientId(), Purpose.EMERGENCY_ACCESS_OPENED, responsibleClinician(granted.patientId()),
                granted.grantId(), granted.grantId(), granted.occurredAt());
    }

    void onMonitorCheckMissed(MonitorCheckMissed missed) {
        alert(missed.patientId(), Purpose.MONITOR_CHECK_ESCALATION, missed.clinicianId(), missed.sessionId(),
                missed.sessionId() + ":missed:" + missed.checkNumber(), missed.occurredAt());
    }

    void onMonitorConcern(MonitorConcernRaised concern) {
        alert(concern.patientId(), Purpose.MONITOR_CHECK_ESCALATION, concern.clinicianId(), concern.sessionId(),
                concern.sessionId() + ":concern:" + concern.eventId(), concern.occurredAt());
    }

    void onAdverseEvent(AdverseEventReported reported) {
        if (reported.severity() == AdverseEventReported.Severity.SEVERE) {
            alert(reported.patientId(), Purpose.SAFETY_ESCALATION, reported.clinicianId(), reported.sessionId(),
                    reported.adverseEventId(), reported.occurredAt());
        }
    }

    private void alert(UUID patientId, Purpose purpose, UUID clinicianId, UUID referenceId, Object key,
            Instant raisedAt) {
        Instant now = now();
        if (stale(raisedAt, now, purpose)) {
            return;
        }
        toCareTeam(patientId, purpose, Recipient.CLINICIAN, clinicianId, referenceId, key, now);
        signal.wake();
    }

    /**
     * A message to a member of the care team goes at once, by every channel the member (or, without a contact,
     * the on-call service) can be reached on; without any address it waits, visible, until one is set.
     */
    private void toCareTeam(UUID patientId, Purpose purpose, Recipient recipient, UUID staffId, UUID referenceId,
            Object key, Instant now) {
        ClinicianContact contact = staffId == null ? null
                : mongo.findById(staffId.toString(), ClinicianContact.class);
        List<Channel> channels = new ArrayList<>();
        if (contact != null && contact.email != null || contact == null && settings.onCallEmail() != null) {
            channels.add(Channel.EMAIL);
        }
        if (contact != null && contact.phone != null || contact == null && settings.onCallPhone() != null) {
            channels.add(Channel.SMS);
        }
        if (channels.isEmpty()) {
            channels.add(Channel.EMAIL);
        }
        for (Channel channel : channels) {
            Notification n = Notification.scheduled(Notification.idFor(purpose, key, channel), patientId, purpose,
                    recipient, referenceId, channel, true, now, now);
            n.clinicianId = staffId;
            n.onCall = contact == null;
            create(n);
        }
        meters.counter("care.notification.alerts.raised", "purpose", purpose.name()).increment();
    }

    /** The patient's responsible clinician, while registered as a clinician; null: the on-call service. */
    private UUID responsibleClinician(UUID patientId) {
        return registered(access.careTeam(patientId.toString()).responsibleClinician(), StaffRole.CLINICIAN)
                .orElse(null);
    }

    /** The member, when the staff directory has them registered for the role (someone who left gets nothing). */
    private Optional<UUID> registered(Optional<String> member, StaffRole role) {
        return member.filter(id -> staff.find(id).filter(entry -> entry.is(role)).isPresent()).map(UUID::fromString);
    }

    // ---- helpers ----

    /**
     * Whether a message meant for {@code at} is too late to be of use: a first start reading the topics from
     * their beginning, or a long outage, must not send old nudges and alerts in a burst.
     */
    private boolean stale(Instant at, Instant now, Purpose purpose) {
        if (at.plus(settings.staleAfter()).isBefore(now)) {
            meters.counter("care.notification.stale", "purpose", purpose.name()).increment();
            return true;
        }
        return false;
    }

    private Optional<Instant> preparationDue(Instant startsAt, Instant now) {
        if (!startsAt.isAfter(now)) {
            return Optional.empty();
        }
        Instant due = startsAt.minus(settings.preparationReminder());
        return Optional.of(due.isAfter(now) ? due : now);
    }

    /** The channel a patient's message is expected to go by, as far as is known now (decided when sent). */
    private Channel plannedChannel(UUID patientId) {
        return profile(patientId).map(this::plannedChannel).orElse(Channel.EMAIL);
    }

    private Channel plannedChannel(PatientProfile p) {
        return p.channelsInOrder().stream()
                .filter(c -> p.consented(c) && p.address(c) != null && !(c == Channel.SMS && p.smsOptedOut))
                .findFirst().orElse(Channel.EMAIL);
    }

    private void create(Notification n) {
        try {
            outbox.save(n, List.of(scheduledEvent(n, n.createdAt)));
            meters.counter("care.notification.scheduled", "purpose", n.purpose.name()).increment();
        } catch (DuplicateKeyException alreadyThere) {
            // Made by an earlier delivery of the same event (or of another that concerns the same thing).
        }
    }

    private static NotificationScheduled scheduledEvent(Notification n, Instant now) {
        return new NotificationScheduled(UUID.randomUUID(), n.patientId, now, n.id, n.channel, n.purpose,
                n.recipient, n.referenceId, n.dueAt, n.urgent);
    }

    private List<Notification> forAppointment(UUID appointmentId) {
        return mongo.find(Query.query(Criteria.where("referenceId").is(appointmentId)), Notification.class).stream()
                .filter(n -> APPOINTMENT_PURPOSES.contains(n.purpose)).toList();
    }

    /** Reads a notification, changes it and saves it with the events the change returns. */
    void change(UUID id, Function<Notification, List<? extends CareEvent>> change) {
        outbox.update(() -> {
            Notification n = mongo.findById(id, Notification.class);
            if (n == null) {
                throw new IllegalStateException("notification " + id + " vanished");
            }
            return n;
        }, change);
    }

    static UUID reminderId(UUID appointmentId, Duration offset) {
        return Notification.idFor(Purpose.APPOINTMENT_REMINDER, appointmentId, offset);
    }

    static UUID preparationId(UUID appointmentId) {
        return Notification.idFor(Purpose.PREPARATION_REMINDER, appointmentId);
    }
}
