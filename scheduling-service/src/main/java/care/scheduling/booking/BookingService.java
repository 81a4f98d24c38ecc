package care.scheduling.booking;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

import care.contracts.CareEvent;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.contracts.scheduling.AppointmentCancelled;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.scheduling.ChangeInitiator;
import care.kit.domain.DerivedIds;
import care.kit.domain.Refusal;
import care.kit.outbox.Outbox;
import care.scheduling.pacing.PacingPolicy;
import care.scheduling.placement.Placement;
import care.scheduling.plan.PlanQueries;
import care.scheduling.plan.PlanService;
import care.scheduling.plan.TreatmentPlan;
import care.scheduling.provider.Providers;

/**
 * Booking, rescheduling, cancelling and no-shows: reads what {@link Placement} needs (the provider, the patient's
 * plan and appointments), lets it place the appointment, reserves dosing sessions in the patient's
 * {@link DosingSchedule} (the pacing rules) and saves the {@link Appointment} with its events through the outbox.
 * Providers are the ones registered in the staff directory for the appointment (a clinician licensed where the
 * patient receives care, or a coach).
 */
@Component
public class BookingService {

    /**
     * What a booking asks for. {@code sessionNumber} is the dosing session's number, or for coaching the
     * dosing session it integrates (optional: without it, the session whose coaching window holds the
     * start); a consultation has none. {@code planId} names the plan coaching belongs to (the automatic
     * booking knows it); without it, the patient's current plan.
     */
    public record Request(String patientId, AppointmentKind kind, String providerId, Instant start, Integer sessionNumber,
            String planId) {

        public Request(String patientId, AppointmentKind kind, String providerId, Instant start, Integer sessionNumber) {
            this(patientId, kind, providerId, start, sessionNumber, null);
        }
    }

    private final AppointmentQueries queries;
    private final Outbox outbox;
    private final PlanQueries plans;
    private final PlanService planService;
    private final Providers providers;
    private final Placement placement;
    private final PacingPolicy policy;
    private final Clock clock;
    private final DosingSchedules schedules;

    BookingService(AppointmentQueries queries, Outbox outbox, PlanQueries plans, PlanService planService,
            Providers providers, Placement placement, PacingPolicy policy, Clock clock, DosingSchedules schedules) {
        this.queries = queries;
        this.outbox = outbox;
        this.plans = plans;
        this.planService = planService;
        this.providers = providers;
        this.placement = placement;
        this.policy = policy;
        this.clock = clock;
        this.schedules = schedules;
    }

    /**
     * The id of the appointment a caller books under an idempotency key ({@code <caller>|<key>}): the same for
     * every retry, so the key's first booking is found again and a second one cannot be stored.
     */
    static String idempotentId(String caller, String idempotencyKey) {
        return DerivedIds.of(caller + "|" + idempotencyKey).toString();
    }

    /**
     * Books the appointment, or returns the one already booked under the same idempotency key.
     *
     * @throws Refusal 409 when the time (or the dosing session) is taken, 422 when a rule forbids it
     */
    public Appointment book(Request request, String caller, String idempotencyKey, ChangeInitiator initiator) {
        String id = idempotencyKey == null ? UUID.randomUUID().toString() : idempotentId(caller, idempotencyKey);
        if (idempotencyKey != null) {
            Optional<Appointment> earlier = queries.find(id);
            if (earlier.isPresent()) {
                return sameRequest(earlier.get(), request);
            }
        }
        Appointment appointment = Appointment.requested(id, request.patientId(), request.kind(), request.providerId(),
                request.sessionNumber(), request.planId(), caller, clock.instant());
        List<CareEvent> events = appointment.book(place(appointment, request.start()), policy, clock.instant());
        String change = null;
        if (appointment.kind == AppointmentKind.DOSING_SESSION) {
            change = reserveBooking(appointment);
            if (change == null) {
                // Booked already under this Idempotency-Key, by a request that just finished.
                return sameRequest(queries.find(id).orElseThrow(), request);
            }
        }
        try {
            outbox.save(appointment, events);
        } catch (DuplicateKeyException taken) {
            if (change != null) {
                schedules.abandon(appointment.patientId, id, change);
            }
            if (idempotencyKey != null) {
                Optional<Appointment> earlier = queries.find(id);
                if (earlier.isPresent()) {
                    return sameRequest(earlier.get(), request);
                }
            }
            throw Refusal.conflict("slot-taken", "That time, or that session, is already booked.");
        }
        if (change != null) {
            schedules.commit(appointment.patientId, id, change);
        }
        return appointment;
    }

    /**
     * Checks a dosing booking against the patient's {@link DosingSchedule} and reserves it there, in one write
     * conditional on the schedule's version. Answers the change's id (the appointment records it), or null when
     * the appointment is already booked (the same Idempotency-Key).
     */
    private String reserveBooking(Appointment appointment) {
        String change = UUID.randomUUID().toString();
        boolean[] reserved = {false};
        schedules.change(appointment.patientId, schedule -> {
            Optional<DosingSchedule.Reservation> earlier = schedule.reservation(appointment.id);
            if (earlier.isPresent()) {
                if (earlier.get().pending() != null) {
                    throw new DosingSchedules.Busy();
                }
                reserved[0] = false;
                return false;
            }
            schedule.reserveBooking(policy, appointment.id, appointment.planId, appointment.sessionNumber,
                    appointment.start, change, clock.instant());
            reserved[0] = true;
            return true;
        });
        appointment.scheduleChange = change;
        return reserved[0] ? change : null;
    }

    /**
     * A retry returns the first result (even if it was moved since); the same key for a booking of
     * another patient, type, provider or session is refused.
     */
    private static Appointment sameRequest(Appointment earlier, Request request) {
        if (earlier.isVoid()) {
            throw Refusal.conflict("slot-taken",
                    "The booking under this Idempotency-Key did not complete; book again with a new key.");
        }
        boolean sameSession = switch (request.kind()) {
            case CONSULTATION -> true;
            case DOSING_SESSION -> Objects.equals(earlier.sessionNumber, request.sessionNumber());
            // Coaching booked without a number took the session whose window holds its start.
            case INTEGRATION_COACHING -> request.sessionNumber() == null
                    || Objects.equals(earlier.sessionNumber, request.sessionNumber());
        };
        boolean same = earlier.patientId.equals(request.patientId()) && earlier.kind == request.kind()
                && earlier.providerId.equals(request.providerId()) && sameSession;
        if (!same) {
            throw Refusal.rule("idempotency-key-reused", "Idempotency key reused",
                    "This Idempotency-Key was already used for a different booking.");
        }
        return earlier;
    }

    public Appointment reschedule(String appointmentId, Instant start, ChangeInitiator initiator) {
        if (queries.booked(appointmentId).kind == AppointmentKind.DOSING_SESSION) {
            return rescheduleDosing(appointmentId, start, initiator);
        }
        try {
            return outbox.update(() -> queries.booked(appointmentId),
                    appointment -> appointment.moveTo(place(appointment, start), initiator, policy, clock.instant()));
        } catch (DuplicateKeyException taken) {
            throw Refusal.conflict("slot-taken", "That time is already booked.");
        }
    }

    /**
     * Moves a dosing session: the new start is checked against the patient's {@link DosingSchedule} and reserved
     * there (next to the old one) by one write conditional on its version, then the appointment is written
     * conditional on its own version, then the schedule keeps the start that was written. When the appointment
     * changed in between, the move is abandoned and tried again from the start. (Its own loop rather than
     * {@link Outbox#update}: a lost race must first give back the reservation it made.)
     */
    private Appointment rescheduleDosing(String appointmentId, Instant start, ChangeInitiator initiator) {
        for (int attempt = 1;; attempt++) {
            Appointment appointment = queries.booked(appointmentId);
            long version = appointment.version;
            List<CareEvent> events = appointment.moveTo(place(appointment, start), initiator, policy, clock.instant());
            String change = UUID.randomUUID().toString();
            appointment.scheduleChange = change;
            schedules.change(appointment.patientId, schedule -> {
                DosingSchedule.Reservation session = schedule.reservation(appointmentId).orElseThrow(() ->
                        Refusal.conflict("appointment-not-booked", "The appointment is no longer booked."));
                if (session.pending() != null) {
                    throw new DosingSchedules.Busy();
                }
                schedule.reserveMove(policy, session, appointment.start, change, version, clock.instant());
                return true;
            });
            try {
                outbox.save(appointment, events);
            } catch (DuplicateKeyException taken) {
                schedules.abandon(appointment.patientId, appointmentId, change);
                throw Refusal.conflict("slot-taken", "That time is already booked.");
            } catch (OptimisticLockingFailureException changed) {
                schedules.abandon(appointment.patientId, appointmentId, change);
                if (attempt >= Outbox.UPDATE_ATTEMPTS) {
                    throw changed;
                }
                continue;
            }
            schedules.commit(appointment.patientId, appointmentId, change);
            return appointment;
        }
    }

    public Appointment cancel(String appointmentId, AppointmentCancelled.Reason reason, ChangeInitiator initiator) {
        return schedules.left(outbox.update(() -> queries.booked(appointmentId),
                appointment -> appointment.cancel(reason, initiator, policy, clock.instant())));
    }

    /** Records a no-show after the start; the second since the plan (re)started pauses the plan. */
    public Appointment noShow(String appointmentId) {
        Appointment appointment = queries.booked(appointmentId);
        int missed = appointment.planId == null ? 1
                : plans.find(appointment.planId).map(plan -> plan.missedSinceResume() + 1).orElse(1);
        outbox.save(appointment, appointment.noShow(missed, clock.instant()));
        schedules.left(appointment);
        if (appointment.planId != null) {
            planService.recordMissed(appointment.planId);
        }
        return appointment;
    }

    /** Where {@link Placement} puts the appointment at this start, from what it reads now. */
    private Placement.Placed place(Appointment appointment, Instant start) {
        return placement.place(appointment.proposalAt(start), facts(appointment), clock.instant());
    }

    private Placement.Facts facts(Appointment appointment) {
        String jurisdiction = Placement.providerRole(appointment.kind) == StaffRole.CLINICIAN
                ? plans.jurisdictionOf(appointment.patientId).orElse(null) : null;
        String openConsultation = null;
        Placement.Plan plan = null;
        List<Instant> consultationEnds = List.of();
        List<Placement.Dosing> planDosing = List.of();
        switch (appointment.kind) {
            case CONSULTATION -> openConsultation = appointment.consultationId != null ? null
                    : plans.openConsultation(appointment.patientId).orElse(null);
            case DOSING_SESSION -> {
                plan = plans.currentFor(appointment.patientId).map(BookingService::asPlaced).orElse(null);
                consultationEnds = queries.consultationEnds(appointment.patientId);
            }
            case INTEGRATION_COACHING -> {
                plan = (appointment.planId != null ? plans.find(appointment.planId)
                        : plans.currentFor(appointment.patientId)).map(BookingService::asPlaced).orElse(null);
                if (plan != null && plan.patientId().equals(appointment.patientId)) {
                    planDosing = queries.dosingOfPlan(plan.id());
                }
            }
        }
        return new Placement.Facts(providers.asPlaced(appointment.providerId), jurisdiction, openConsultation, plan,
                consultationEnds, planDosing);
    }

    static Placement.Plan asPlaced(TreatmentPlan plan) {
        return new Placement.Plan(plan.id(), plan.patientId(), plan.status() == TreatmentPlan.Status.ACTIVE,
                plan.status().name(), plan.plannedSessions(), plan.endedEarly());
    }
}
