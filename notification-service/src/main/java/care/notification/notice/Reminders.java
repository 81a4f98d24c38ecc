package care.notification.notice;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;

import care.contracts.notification.Channel;
import care.contracts.notification.Purpose;
import care.contracts.notification.Recipient;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentCancelled;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.scheduling.AppointmentMissed;
import care.contracts.scheduling.AppointmentRescheduled;
import care.contracts.scheduling.ChangeInitiator;
import care.contracts.session.SessionPrepared;
import care.notification.policy.ReminderPlan;
import care.notification.policy.Timeliness;

/**
 * The reminders of an appointment ({@link ReminderPlan}) and of a dosing session's preparation
 * ({@link Timeliness#preparationDue}), moved and cancelled with it, and the notice to the patient when the clinic
 * (not the patient) moved or cancelled the appointment.
 */
@Service
public class Reminders {

    private final NotificationRecords records;
    private final NotificationQueries queries;
    private final List<Duration> offsets;
    private final Timeliness timeliness;

    Reminders(NotificationRecords records, NotificationQueries queries, NotificationSettings settings) {
        this.records = records;
        this.queries = queries;
        this.offsets = settings.appointmentReminders();
        this.timeliness = settings.timeliness();
    }

    static UUID reminderId(UUID appointmentId, Duration offset) {
        return Notification.idFor(Purpose.APPOINTMENT_REMINDER, appointmentId, offset);
    }

    static UUID preparationId(UUID appointmentId) {
        return Notification.idFor(Purpose.PREPARATION_REMINDER, appointmentId);
    }

    void onBooked(AppointmentBooked booked) {
        Channel planned = records.plannedChannel(booked.patientId());
        Instant now = records.now();
        for (ReminderPlan.Reminder reminder : ReminderPlan.plan(booked.startsAt(), offsets, now)) {
            createReminder(booked.patientId(), booked.appointmentId(), booked.startsAt(), reminder, planned, now);
        }
        if (booked.kind() == AppointmentKind.DOSING_SESSION) {
            timeliness.preparationDue(booked.startsAt(), now).ifPresent(due -> records.create(Notification
                    .scheduled(preparationId(booked.appointmentId()), booked.patientId(), Purpose.PREPARATION_REMINDER,
                            Recipient.PATIENT, booked.appointmentId(), planned, false, due, now)
                    .aboutAppointment(booked.startsAt(), timeliness.preparationReminder())));
        }
        records.wake();
    }

    void onRescheduled(AppointmentRescheduled moved) {
        Instant now = records.now();
        Channel channel = records.plannedChannel(moved.patientId());
        Map<Duration, ReminderPlan.Reminder> plan = ReminderPlan.plan(moved.startsAt(), offsets, now).stream()
                .collect(Collectors.toMap(ReminderPlan.Reminder::offset, r -> r));
        for (Notification known : queries.forAppointment(moved.appointmentId())) {
            if (known.purpose == Purpose.APPOINTMENT_REMINDER) {
                ReminderPlan.Reminder planned = plan.remove(known.offset);
                records.change(known.id, n -> n.reminderMoved(moved.startsAt(), planned, now));
            } else if (known.purpose == Purpose.PREPARATION_REMINDER) {
                records.change(known.id, n -> n.preparationMoved(moved.startsAt(),
                        timeliness.preparationDue(moved.startsAt(), now), now));
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
        records.wake();
    }

    void onCancelled(AppointmentCancelled cancelled) {
        Instant now = records.now();
        if (cancelled.initiatedBy() != ChangeInitiator.PATIENT && cancelled.startsAt().isAfter(now)) {
            notice(cancelled.patientId(), Purpose.APPOINTMENT_CANCELLED, cancelled.appointmentId(),
                    cancelled.startsAt(), records.plannedChannel(cancelled.patientId()), now, "cancelled");
        }
        for (Notification known : queries.forAppointment(cancelled.appointmentId())) {
            records.change(known.id, n -> n.appointmentCancelled(now));
        }
    }

    void onMissed(AppointmentMissed missed) {
        Instant now = records.now();
        for (Notification known : queries.forAppointment(missed.appointmentId())) {
            records.change(known.id, n -> n.noLongerNeeded(now));
        }
    }

    /** The preparation is done: its reminder is dropped, or never made when this arrives before the booking. */
    void onPrepared(SessionPrepared prepared) {
        Instant now = records.now();
        UUID id = preparationId(prepared.appointmentId());
        records.createOrChange(id, () -> {
            Notification done = Notification.scheduled(id, prepared.patientId(), Purpose.PREPARATION_REMINDER,
                    Recipient.PATIENT, prepared.appointmentId(), Channel.EMAIL, false, now, now);
            done.noLongerNeeded(now);
            return done;
        }, n -> n.noLongerNeeded(now));
    }

    private void createReminder(UUID patientId, UUID appointmentId, Instant startsAt, ReminderPlan.Reminder reminder,
            Channel planned, Instant now) {
        records.create(Notification.scheduled(reminderId(appointmentId, reminder.offset()), patientId,
                Purpose.APPOINTMENT_REMINDER, Recipient.PATIENT, appointmentId, planned, false, reminder.dueAt(), now)
                .aboutAppointment(startsAt, reminder.offset()));
    }

    /** The clinic moved or cancelled a patient's appointment: the patient is told (they did not do it). */
    private void notice(UUID patientId, Purpose purpose, UUID appointmentId, Instant appointmentStart,
            Channel planned, Instant now, Object key) {
        records.create(Notification.scheduled(Notification.idFor(purpose, appointmentId, key), patientId, purpose,
                Recipient.PATIENT, appointmentId, planned, false, now, now).aboutAppointment(appointmentStart, null));
        records.wake();
    }
}
