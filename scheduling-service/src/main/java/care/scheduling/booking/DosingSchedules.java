package care.scheduling.booking;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import care.kit.events.TraceContext;
import care.kit.outbox.Outbox;
import care.scheduling.booking.DosingSchedule.ChangeKind;
import care.scheduling.booking.DosingSchedule.Reservation;

/**
 * Reads and writes the patients' {@link DosingSchedule}s. Every write is one document write conditional on the
 * version read ({@link Outbox#save} without events); a change that loses the race is read again and re-checked,
 * up to {@value #ATTEMPTS} times, then refused with 409.
 * <p>
 * Before a change is applied, the schedule is brought up to date, in the same write: a session whose appointment
 * is no longer booked or fulfilled leaves it, and a change pending for longer than {@link #STALE_AFTER} (its
 * writer stopped between the two writes) is settled. Settling fences the appointment first, so that a late
 * writer cannot write it afterwards: a booking whose appointment does not exist gets a void appointment under
 * its id (nobody can insert it any more), a move whose appointment is still at the version it was to be written
 * against gets that version advanced (the move's conditional write can no longer succeed). Then the change is
 * committed when its appointment shows it, abandoned otherwise.
 */
@Component
class DosingSchedules {

    static final int ATTEMPTS = 100;
    /** Confirming, dropping or removing a session competes with new changes; it tries harder. */
    static final int FOLLOW_UP_ATTEMPTS = 1000;
    static final Duration STALE_AFTER = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(DosingSchedules.class);

    /** A change of a session that another change has pending: wait and read the schedule again. */
    static final class Busy extends RuntimeException {

        Busy() {
            super("another change of this session is under way", null, false, false);
        }
    }

    private final MongoTemplate mongo;
    private final AppointmentQueries appointments;
    private final Outbox outbox;
    private final Clock clock;

    DosingSchedules(MongoTemplate mongo, AppointmentQueries appointments, Outbox outbox, Clock clock) {
        this.mongo = mongo;
        this.appointments = appointments;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Reads the patient's schedule, applies {@code change} and writes it, conditional on the version read; on a
     * lost race (or {@link Busy}) reads again and re-applies. A {@code Refusal} from the change refuses it as it is.
     * (Its own loop rather than {@link Outbox#upsert}: it settles the schedule in the same write, retries far more
     * often, and writes outside the handling of the causing event.)
     *
     * @param change applies the change and answers whether the schedule changed (false: nothing to write)
     * @throws OptimisticLockingFailureException when every attempt lost (a 409 problem)
     */
    void change(String patientId, Predicate<DosingSchedule> change) {
        change(patientId, change, ATTEMPTS);
    }

    // The writes here are not the handling of an event, even when an event caused them: the outbox must not
    // record the event as handled by the schedule (or by a fenced appointment), which would skip the next write
    // for the same event (a plan ending cancels several sessions).
    private void change(String patientId, Predicate<DosingSchedule> change, int attempts) {
        TraceContext current = TraceContext.current().orElse(null);
        if (current != null && current.causingEventId() != null) {
            new TraceContext(current.correlationId(), current.traceparent(), null)
                    .run(() -> change(patientId, change, attempts));
            return;
        }
        for (int attempt = 1;; attempt++) {
            try {
                DosingSchedule schedule = current(patientId);
                boolean settled = schedule.version == null || settle(schedule);
                if (change.test(schedule) || settled) {
                    outbox.save(schedule, List.of());
                }
                return;
            } catch (OptimisticLockingFailureException | DuplicateKeyException | Busy lost) {
                if (attempt >= attempts) {
                    throw new OptimisticLockingFailureException(
                            "The patient's dosing schedule is being changed by other requests.", lost);
                }
                pause(attempt);
            }
        }
    }

    /** The change's appointment was written. */
    void commit(String patientId, String appointmentId, String change) {
        quietly(patientId, schedule -> schedule.commit(appointmentId, change));
    }

    /** The change's appointment was not written and will not be. */
    void abandon(String patientId, String appointmentId, String change) {
        quietly(patientId, schedule -> schedule.abandon(appointmentId, change));
    }

    /** The appointment is no longer booked (its write is done). */
    void remove(String patientId, String appointmentId) {
        quietly(patientId, schedule -> schedule.remove(appointmentId));
    }

    /**
     * A dosing session that is no longer booked leaves the patient's schedule. Leaving can break no pacing rule, so
     * it follows the appointment's write; if it cannot be written now, the schedule's next change removes it.
     */
    Appointment left(Appointment appointment) {
        if (appointment.leftSchedule()) {
            remove(appointment.patientId, appointment.id);
        }
        return appointment;
    }

    /**
     * Follow-up writes after the appointment's own: when they cannot be made, the next change of the schedule
     * settles the same way, so they need not fail the request.
     */
    private void quietly(String patientId, Predicate<DosingSchedule> change) {
        try {
            change(patientId, change, FOLLOW_UP_ATTEMPTS);
        } catch (OptimisticLockingFailureException contended) {
            log.warn("A dosing schedule stays to be settled by its next change");
        }
    }

    /** The stored schedule, or a new one (version null) from the patient's booked and fulfilled dosing sessions. */
    DosingSchedule current(String patientId) {
        DosingSchedule schedule = mongo.findById(patientId, DosingSchedule.class);
        if (schedule != null) {
            return schedule;
        }
        return new DosingSchedule(patientId, appointments.liveDosing(patientId).stream()
                .map(appointment -> new Reservation(appointment.id, appointment.planId, appointment.sessionNumber,
                        appointment.start, null))
                .toList());
    }

    /**
     * Brings the schedule up to date with the appointments: sessions no longer booked leave, stale pending
     * changes are settled. Answers whether anything changed.
     */
    boolean settle(DosingSchedule schedule) {
        boolean changed = false;
        for (Reservation stale : schedule.stale(clock.instant(), STALE_AFTER)) {
            changed |= written(stale) ? schedule.commit(stale.appointmentId(), stale.pending().change())
                    : schedule.abandon(stale.appointmentId(), stale.pending().change());
        }
        Set<String> live = new HashSet<>();
        appointments.liveDosing(schedule.patientId).forEach(appointment -> live.add(appointment.id));
        // A pending booking has no appointment yet; a session that left the booked ones never comes back.
        for (Reservation session : schedule.sessions()) {
            if (!session.pendingBooking() && !live.contains(session.appointmentId())) {
                changed |= schedule.remove(session.appointmentId());
            }
        }
        return changed;
    }

    /** Whether a pending change's appointment was written; fences it first so that the answer stays true. */
    private boolean written(Reservation session) {
        DosingSchedule.Pending pending = session.pending();
        for (int attempt = 1;; attempt++) {
            Appointment appointment = appointments.find(session.appointmentId()).orElse(null);
            try {
                if (pending.kind() == ChangeKind.BOOK) {
                    if (appointment != null) {
                        return !appointment.isVoid();
                    }
                    outbox.save(Appointment.voided(session.appointmentId()), List.of());
                    return false;
                }
                if (appointment == null) {
                    return false;
                }
                if (pending.change().equals(appointment.scheduleChange)) {
                    return true;
                }
                if (!pending.appointmentVersion().equals(appointment.version)) {
                    return false;
                }
                outbox.save(appointment, List.of());
                return false;
            } catch (OptimisticLockingFailureException | DuplicateKeyException raced) {
                // The late writer got there first, or another fence: read the appointment again.
                if (attempt >= ATTEMPTS) {
                    throw raced;
                }
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2 + Math.min(attempt, 20)));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new OptimisticLockingFailureException("Interrupted while retrying", interrupted);
        }
    }
}
