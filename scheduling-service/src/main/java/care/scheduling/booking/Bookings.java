package care.scheduling.booking;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import care.contracts.CareEvent;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentCancelled;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.scheduling.AppointmentMissed;
import care.contracts.scheduling.AppointmentRescheduled;
import care.contracts.scheduling.ChangeInitiator;
import care.contracts.integration.CoachingSessionCompleted;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.contracts.session.SessionCompleted;
import care.contracts.session.SessionDeferred;
import care.kit.access.StaffDirectory;
import care.kit.access.StaffMember;
import care.kit.outbox.Outbox;
import care.kit.problem.ProblemException;
import care.scheduling.availability.Interval;
import care.scheduling.availability.SlotFinder;
import care.scheduling.pacing.DosingPacing;
import care.scheduling.pacing.PacingPolicy;
import care.scheduling.plan.Plans;
import care.scheduling.plan.TreatmentPlan;
import care.scheduling.provider.ProviderSchedule;

/**
 * Booking, rescheduling, cancelling and no-shows, under the program's pacing and availability rules, with
 * providers registered in the staff directory for the appointment (a clinician licensed where the patient
 * receives care, or a coach). The session service's events settle dosing appointments: a completed session
 * fulfils its appointment, a deferred one cancels it; the integration service's completed coaching fulfils the
 * coaching appointment; a plan that ends early has its future appointments cancelled.
 */
@Component
public class Bookings {

    /** Claims are five-minute blocks of a provider's time; appointment starts are on this grid. */
    static final Duration BLOCK = Duration.ofMinutes(5);
    static final int PAUSE_AFTER_MISSED = 2;

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

    /**
     * When coaching after a dosing session may start: from {@code earliest} to {@code latest}, both
     * included.
     */
    record CoachingWindow(Instant earliest, Instant latest) {

        boolean contains(Instant start) {
            return !start.isBefore(earliest) && !start.isAfter(latest);
        }
    }

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final Plans plans;
    private final PacingPolicy policy;
    private final StaffDirectory staff;
    private final Clock clock;
    private final DosingSchedules schedules;

    Bookings(MongoTemplate mongo, Outbox outbox, Plans plans, PacingPolicy policy, StaffDirectory staff, Clock clock,
            DosingSchedules schedules) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.plans = plans;
        this.policy = policy;
        this.staff = staff;
        this.clock = clock;
        this.schedules = schedules;
        mongo.indexOps(Appointment.class).createIndex(new Index().on("claims", Sort.Direction.ASC).unique());
        // A patient's and a provider's appointments by time (search, busy time, pacing), a plan's appointments.
        mongo.indexOps(Appointment.class).createIndex(new Index().on("patientId", Sort.Direction.ASC)
                .on("start", Sort.Direction.ASC));
        mongo.indexOps(Appointment.class).createIndex(new Index().on("providerId", Sort.Direction.ASC)
                .on("start", Sort.Direction.ASC));
        mongo.indexOps(Appointment.class).createIndex(new Index().on("planId", Sort.Direction.ASC));
    }

    /**
     * Books the appointment, or returns the one already booked under the same idempotency key.
     *
     * @throws ProblemException 409 when the time (or the dosing session) is taken, 422 when a rule forbids it
     */
    public Appointment book(Request request, String caller, String idempotencyKey, ChangeInitiator initiator) {
        String id = idempotencyKey == null ? UUID.randomUUID().toString() : idempotentId(caller, idempotencyKey);
        if (idempotencyKey != null) {
            Appointment earlier = mongo.findById(id, Appointment.class);
            if (earlier != null) {
                return sameRequest(earlier, request);
            }
        }
        Appointment appointment = new Appointment();
        appointment.id = id;
        appointment.patientId = request.patientId();
        appointment.providerId = request.providerId();
        appointment.kind = request.kind();
        appointment.sessionNumber = request.kind() == AppointmentKind.CONSULTATION ? null : request.sessionNumber();
        appointment.planId = request.kind() == AppointmentKind.INTEGRATION_COACHING ? request.planId() : null;
        appointment.createdAt = clock.instant();
        appointment.requestedBy = caller;
        place(appointment, request.start());
        appointment.bookedLate = DosingPacing.isLate(policy, clock.instant(), appointment.start);
        String change = null;
        if (appointment.kind == AppointmentKind.DOSING_SESSION) {
            change = reserveBooking(appointment);
            if (change == null) {
                // Booked already under this Idempotency-Key, by a request that just finished.
                return sameRequest(mongo.findById(id, Appointment.class), request);
            }
        }
        try {
            outbox.save(appointment, List.of(new AppointmentBooked(UUID.randomUUID(), UUID.fromString(appointment.patientId),
                    clock.instant(), UUID.fromString(id), uuid(appointment.planId), uuid(appointment.consultationId),
                    UUID.fromString(appointment.providerId), appointment.kind, appointment.sessionNumber,
                    appointment.start, appointment.end, appointment.bookedLate)));
        } catch (DuplicateKeyException taken) {
            if (change != null) {
                schedules.abandon(appointment.patientId, id, change);
            }
            if (idempotencyKey != null) {
                Appointment earlier = mongo.findById(id, Appointment.class);
                if (earlier != null) {
                    return sameRequest(earlier, request);
                }
            }
            throw ProblemException.conflict("slot-taken", "That time, or that session, is already booked.");
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

    /** The staff role a provider of this kind of appointment is registered for. */
    public static StaffRole providerRole(AppointmentKind kind) {
        return kind == AppointmentKind.INTEGRATION_COACHING ? StaffRole.COACH : StaffRole.CLINICIAN;
    }

    /** A staff or provider id as the staff directory keys it: a UUID in lowercase; anything else as it is. */
    public static String canonical(String id) {
        try {
            return UUID.fromString(id).toString();
        } catch (IllegalArgumentException notAUuid) {
            return id;
        }
    }

    /** Whether the provider is registered in the staff directory for the role that provides this kind. */
    public boolean registered(String providerId, AppointmentKind kind) {
        return staff.find(canonical(providerId)).filter(member -> member.is(providerRole(kind))).isPresent();
    }

    /**
     * The id of the appointment a caller books under an idempotency key: the same for every retry, so
     * the key's first booking is found again and a second one cannot be stored.
     */
    static String idempotentId(String caller, String idempotencyKey) {
        return UUID.nameUUIDFromBytes((caller + "|" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * A retry returns the first result (even if it was moved since); the same key for a booking of
     * another patient, type, provider or session is refused.
     */
    private static Appointment sameRequest(Appointment earlier, Request request) {
        if (earlier.isVoid()) {
            throw ProblemException.conflict("slot-taken",
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
            throw ProblemException.unprocessable("idempotency-key-reused", "Idempotency key reused",
                    "This Idempotency-Key was already used for a different booking.");
        }
        return earlier;
    }

    public Appointment reschedule(String appointmentId, Instant start, ChangeInitiator initiator) {
        if (booked(appointmentId).kind == AppointmentKind.DOSING_SESSION) {
            return rescheduleDosing(appointmentId, start, initiator);
        }
        try {
            return outbox.update(() -> booked(appointmentId), appointment -> moved(appointment, start, initiator));
        } catch (DuplicateKeyException taken) {
            throw ProblemException.conflict("slot-taken", "That time is already booked.");
        }
    }

    private List<CareEvent> moved(Appointment appointment, Instant start, ChangeInitiator initiator) {
        Instant previous = appointment.start;
        boolean late = DosingPacing.isLate(policy, clock.instant(), previous)
                || DosingPacing.isLate(policy, clock.instant(), start);
        place(appointment, start);
        appointment.changedLate = appointment.changedLate || late;
        return List.of(new AppointmentRescheduled(UUID.randomUUID(), UUID.fromString(appointment.patientId),
                clock.instant(), UUID.fromString(appointment.id), appointment.kind,
                UUID.fromString(appointment.providerId), previous, appointment.start, appointment.end, initiator,
                late));
    }

    /**
     * Moves a dosing session: the new start is checked against the patient's {@link DosingSchedule} and reserved
     * there (next to the old one) by one write conditional on its version, then the appointment is written
     * conditional on its own version, then the schedule keeps the start that was written. When the appointment
     * changed in between, the move is abandoned and tried again from the start.
     */
    private Appointment rescheduleDosing(String appointmentId, Instant start, ChangeInitiator initiator) {
        for (int attempt = 1;; attempt++) {
            Appointment appointment = booked(appointmentId);
            long version = appointment.version;
            List<CareEvent> events = moved(appointment, start, initiator);
            String change = UUID.randomUUID().toString();
            appointment.scheduleChange = change;
            schedules.change(appointment.patientId, schedule -> {
                DosingSchedule.Reservation session = schedule.reservation(appointmentId).orElseThrow(() ->
                        ProblemException.conflict("appointment-not-booked", "The appointment is no longer booked."));
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
                throw ProblemException.conflict("slot-taken", "That time is already booked.");
            } catch (org.springframework.dao.OptimisticLockingFailureException changed) {
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
        return leftSchedule(outbox.update(() -> booked(appointmentId),
                appointment -> cancellation(appointment, reason, initiator)));
    }

    /**
     * A dosing session that is no longer booked leaves the patient's {@link DosingSchedule}. Leaving can break no
     * pacing rule, so it follows the appointment's write; if it cannot be written now, the schedule's next change
     * removes the session.
     */
    private Appointment leftSchedule(Appointment appointment) {
        if (appointment.kind == AppointmentKind.DOSING_SESSION && appointment.status != Appointment.Status.BOOKED
                && appointment.status != Appointment.Status.FULFILLED) {
            schedules.remove(appointment.patientId, appointment.id);
        }
        return appointment;
    }

    /**
     * The plan ended: each of its appointments still booked to start later (dosing and coaching) is cancelled,
     * by the system. One write per appointment, each recording the event being handled: a redelivery cancels
     * what an interrupted delivery left booked and nothing twice.
     */
    public void cancelFutureAppointments(String planId, AppointmentCancelled.Reason reason) {
        Instant now = clock.instant();
        for (Appointment appointment : ofPlan(planId)) {
            if (appointment.status == Appointment.Status.BOOKED && appointment.start.isAfter(now)) {
                ifStillBooked(appointment.id, booked -> booked.start.isAfter(now),
                        booked -> cancellation(booked, reason, ChangeInitiator.SYSTEM));
            }
        }
    }

    /**
     * The session service did not start the dosing session: its appointment is cancelled, which frees the
     * session's number, so the patient can book that session again under the pacing rules.
     */
    public void onSessionDeferred(SessionDeferred deferred) {
        ifStillBooked(deferred.appointmentId().toString(), appointment -> true, appointment -> cancellation(appointment,
                AppointmentCancelled.Reason.SESSION_DEFERRED, ChangeInitiator.SYSTEM));
    }

    /**
     * The session service completed the dosing session: its appointment is fulfilled. It keeps its claims:
     * the session stays taken and the provider's time stays used. When it was completed is kept: the
     * coaching window after the session is measured from then, not from the booked end.
     */
    public void onSessionCompleted(SessionCompleted completed) {
        ifStillBooked(completed.appointmentId().toString(), appointment -> true, appointment -> {
            appointment.status = Appointment.Status.FULFILLED;
            appointment.fulfilledAt = completed.occurredAt();
            return List.of();
        });
    }

    /**
     * The coach recorded the coaching session: its appointment is fulfilled (and keeps its claims). An
     * appointment that is not this patient's coaching is left as it is.
     */
    public void onCoachingCompleted(CoachingSessionCompleted completed) {
        ifStillBooked(completed.appointmentId().toString(),
                appointment -> appointment.kind == AppointmentKind.INTEGRATION_COACHING
                        && appointment.patientId.equals(completed.patientId().toString()),
                appointment -> {
                    appointment.status = Appointment.Status.FULFILLED;
                    appointment.fulfilledAt = completed.occurredAt();
                    return List.of();
                });
    }

    /** Cancels a booked appointment and frees its claims. */
    private List<CareEvent> cancellation(Appointment appointment, AppointmentCancelled.Reason reason,
            ChangeInitiator initiator) {
        boolean late = DosingPacing.isLate(policy, clock.instant(), appointment.start);
        appointment.status = Appointment.Status.CANCELLED;
        appointment.cancellationReason = reason.name();
        appointment.changedLate = late;
        appointment.claims = new ArrayList<>();
        return List.of(new AppointmentCancelled(UUID.randomUUID(), UUID.fromString(appointment.patientId),
                clock.instant(), UUID.fromString(appointment.id), appointment.kind, appointment.start, initiator,
                reason, late));
    }

    /**
     * Applies an event's change to an appointment that is still booked. An unknown appointment, or one
     * that is no longer booked (a redelivered event, or a change that got there first), is left as it is:
     * throwing would only make the consumer retry and dead-letter the event. When another write changes
     * the appointment meanwhile, the save throws and the consumer handles the event again on fresh state.
     */
    private void ifStillBooked(String appointmentId, Predicate<Appointment> applies,
            Function<Appointment, List<? extends CareEvent>> change) {
        Appointment appointment = mongo.findById(appointmentId, Appointment.class);
        if (appointment != null && appointment.status == Appointment.Status.BOOKED && applies.test(appointment)) {
            outbox.save(appointment, change.apply(appointment));
            leftSchedule(appointment);
        }
    }

    /** Records a no-show after the start; the second since the plan (re)started pauses the plan. */
    public Appointment noShow(String appointmentId) {
        Appointment appointment = booked(appointmentId);
        if (clock.instant().isBefore(appointment.start)) {
            throw ProblemException.unprocessable("not-started-yet", "Not started yet",
                    "A no-show can only be recorded once the appointment has started.");
        }
        int missed = appointment.planId == null ? 1
                : plans.find(appointment.planId).map(plan -> plan.missedSinceResume() + 1).orElse(1);
        appointment.status = Appointment.Status.NO_SHOW;
        appointment.claims = new ArrayList<>();
        outbox.save(appointment, List.of(new AppointmentMissed(UUID.randomUUID(), UUID.fromString(appointment.patientId),
                clock.instant(), UUID.fromString(appointment.id), uuid(appointment.planId), appointment.kind,
                appointment.start, missed)));
        leftSchedule(appointment);
        if (appointment.planId != null) {
            plans.recordMissed(appointment.planId, PAUSE_AFTER_MISSED);
        }
        return appointment;
    }

    public Appointment get(String appointmentId) {
        Appointment appointment = mongo.findById(appointmentId, Appointment.class);
        if (appointment == null || appointment.isVoid()) {
            throw ProblemException.notFound("The appointment");
        }
        return appointment;
    }

    public List<Appointment> ofPlan(String planId) {
        return mongo.find(Query.query(Criteria.where("planId").is(planId)), Appointment.class);
    }

    /**
     * When the coaching after dosing session {@code sessionNumber} of the plan may start, from its booked
     * or fulfilled appointment; empty when the session has neither.
     */
    Optional<CoachingWindow> coachingWindow(String planId, int sessionNumber) {
        return ofPlan(planId).stream()
                .filter(dosing -> dosing.kind == AppointmentKind.DOSING_SESSION
                        && Objects.equals(dosing.sessionNumber, sessionNumber)
                        && (dosing.status == Appointment.Status.BOOKED || dosing.status == Appointment.Status.FULFILLED))
                .findFirst().map(this::coachingWindowAfter);
    }

    /**
     * Coaching starts 24 to 72 hours (the policy's numbers) after the dosing session: after it was
     * fulfilled when the session service said so (a session may end later than booked), else after its
     * booked end.
     */
    private CoachingWindow coachingWindowAfter(Appointment dosing) {
        Instant reference = dosing.status == Appointment.Status.FULFILLED && dosing.fulfilledAt != null
                ? dosing.fulfilledAt : dosing.end;
        return new CoachingWindow(reference.plus(policy.integrationCoachingFrom()),
                reference.plus(policy.integrationCoachingUntil()));
    }

    /** The coaching booked (or held) for a dosing session of the plan, if any. */
    Optional<Appointment> coachingFor(String planId, int sessionNumber) {
        return ofPlan(planId).stream()
                .filter(coaching -> coaching.kind == AppointmentKind.INTEGRATION_COACHING
                        && Objects.equals(coaching.sessionNumber, sessionNumber)
                        && (coaching.status == Appointment.Status.BOOKED
                                || coaching.status == Appointment.Status.FULFILLED))
                .findFirst();
    }

    public List<Appointment> search(String patientId, String providerId, Instant from, Instant to) {
        Criteria criteria = patientId != null ? Criteria.where("patientId").is(patientId)
                : Criteria.where("providerId").is(providerId);
        criteria = criteria.and("start").gte(from).lt(to);
        return mongo.find(Query.query(criteria).with(Sort.by("start")).limit(500), Appointment.class);
    }

    /**
     * The provider's booked time in a range, each stretched by the buffer, for slot finding; a fulfilled
     * appointment still claims its time (a session may complete before its booked end).
     */
    public List<Interval> busy(String providerId, Instant from, Instant to) {
        List<Interval> busy = new ArrayList<>();
        for (Appointment appointment : mongo.find(Query.query(Criteria.where("providerId").is(providerId)
                .and("status").in(Appointment.Status.BOOKED, Appointment.Status.FULFILLED).and("start").lt(to)
                .and("end").gt(from.minus(policy.buffer()))), Appointment.class)) {
            busy.add(new Interval(appointment.start, appointment.end.plus(policy.buffer())));
        }
        return busy;
    }

    private Appointment booked(String appointmentId) {
        Appointment appointment = get(appointmentId);
        if (appointment.status != Appointment.Status.BOOKED) {
            throw ProblemException.conflict("appointment-not-booked", "The appointment is no longer booked.");
        }
        return appointment;
    }

    /** Whether appointments may start at this instant: a whole minute on the five-minute grid. */
    static boolean onGrid(Instant start) {
        return start.truncatedTo(ChronoUnit.MINUTES).equals(start) && start.getEpochSecond() / 60 % BLOCK.toMinutes() == 0;
    }

    /** Checks every rule for this appointment at this start and sets its times and claims. */
    private void place(Appointment appointment, Instant start) {
        if (!onGrid(start)) {
            throw ProblemException.unprocessable("start-off-grid", "Start not on the booking grid",
                    "Appointments start on a " + BLOCK.toMinutes() + "-minute grid.");
        }
        if (!start.isAfter(clock.instant())) {
            throw ProblemException.unprocessable("start-in-past", "Start in the past", "Appointments start in the future.");
        }
        requireRegisteredProvider(appointment);
        Instant end = start.plus(policy.durationOf(appointment.kind));
        ProviderSchedule provider = mongo.findById(appointment.providerId, ProviderSchedule.class);
        if (provider == null || !provider.availability().offers(appointment.kind)) {
            throw ProblemException.unprocessable("provider-does-not-offer", "Provider does not offer this",
                    "The provider offers no availability for this appointment type.");
        }
        if (!SlotFinder.withinAvailability(provider.availability(), start, end)) {
            throw ProblemException.unprocessable("outside-availability", "Outside availability",
                    "The appointment is not inside the provider's availability.");
        }
        List<String> claims = new ArrayList<>();
        switch (appointment.kind) {
            case CONSULTATION -> {
                if (appointment.consultationId == null) {
                    appointment.consultationId = plans.openConsultation(appointment.patientId).orElseThrow(
                            () -> ProblemException.unprocessable("consultation-not-requested", "No consultation requested",
                                    "The patient has no consultation request waiting for an appointment."));
                }
            }
            case DOSING_SESSION -> {
                TreatmentPlan plan = activePlan(appointment.patientId);
                Integer number = appointment.sessionNumber;
                if (number == null || number < 1 || number > plan.plannedSessions()) {
                    throw ProblemException.unprocessable("session-not-in-plan", "Session not in the plan",
                            "The plan has sessions 1 to " + plan.plannedSessions() + ".");
                }
                appointment.planId = plan.id();
                for (Appointment consultation : mongo.find(Query.query(Criteria.where("patientId").is(appointment.patientId)
                        .and("kind").is(AppointmentKind.CONSULTATION).and("status")
                        .in(Appointment.Status.BOOKED, Appointment.Status.FULFILLED)), Appointment.class)) {
                    if (consultation.end.isAfter(start)) {
                        throw ProblemException.unprocessable("consultation-first", "Consultation first",
                                "A consultation precedes the first dosing session.");
                    }
                }
                // The pacing rules and the session's number are checked against the patient's DosingSchedule,
                // by the caller, in the write that reserves this start.
                claims.add("session:" + plan.id() + ":" + number);
            }
            case INTEGRATION_COACHING -> {
                // Whatever the plan's status: a pause stops dosing sessions only, and the coaching after the
                // final session takes place after the plan completed. Coaching stays in the plan it was
                // booked for (a later plan does not take it over on a reschedule).
                TreatmentPlan plan = (appointment.planId != null ? plans.find(appointment.planId)
                        : plans.currentFor(appointment.patientId))
                        .filter(found -> found.patientId().equals(appointment.patientId))
                        .orElseThrow(Bookings::noTreatmentPlan);
                if (plan.endedEarly()) {
                    throw ProblemException.unprocessable("plan-not-active", "Plan not active",
                            "The treatment plan has ended.");
                }
                appointment.planId = plan.id();
                if (appointment.sessionNumber != null) {
                    // Coaching booked for a session (automatically, or a patient naming it, or placed before
                    // and now moved) stays with that session: only its window counts.
                    coachingWindow(plan.id(), appointment.sessionNumber).filter(window -> window.contains(start))
                            .orElseThrow(Bookings::outsideCoachingWindow);
                } else {
                    Appointment after = ofPlan(plan.id()).stream()
                            .filter(other -> other.kind == AppointmentKind.DOSING_SESSION
                                    && other.status != Appointment.Status.CANCELLED)
                            .filter(dosing -> coachingWindowAfter(dosing).contains(start))
                            .findFirst().orElseThrow(Bookings::outsideCoachingWindow);
                    // Coaching belongs to the dosing session it follows.
                    appointment.sessionNumber = after.sessionNumber;
                }
            }
        }
        for (Instant block = start; block.isBefore(end.plus(policy.buffer())); block = block.plus(BLOCK)) {
            claims.add("provider:" + appointment.providerId + ":" + block.getEpochSecond() / 60);
        }
        appointment.start = start;
        appointment.end = end;
        appointment.claims = claims;
    }

    /**
     * Consultations and dosing sessions are booked with a registered clinician licensed where the patient
     * receives care, integration coaching with a registered coach; re-checked on every reschedule.
     */
    private void requireRegisteredProvider(Appointment appointment) {
        StaffRole role = providerRole(appointment.kind);
        StaffMember provider = staff.find(canonical(appointment.providerId)).filter(member -> member.is(role))
                .orElseThrow(() -> ProblemException.unprocessable("provider-not-registered", "Provider not registered",
                        role == StaffRole.COACH ? "The provider is not a registered coach."
                                : "The provider is not a registered clinician."));
        if (role == StaffRole.CLINICIAN) {
            String jurisdiction = plans.jurisdictionOf(appointment.patientId).orElseThrow(() ->
                    ProblemException.unprocessable("jurisdiction-unknown", "Jurisdiction not known",
                            "Where the patient receives care is not known yet, so no clinician can be booked."));
            if (!provider.licensedIn(jurisdiction)) {
                throw ProblemException.unprocessable("provider-not-licensed", "Provider not licensed",
                        "The clinician is not licensed where the patient receives care.");
            }
        }
    }

    private static ProblemException outsideCoachingWindow() {
        return ProblemException.unprocessable("coaching-window", "Outside the coaching window",
                "Integration coaching is booked 24 to 72 hours after a dosing session.");
    }

    private static ProblemException noTreatmentPlan() {
        return ProblemException.unprocessable("no-treatment-plan", "No treatment plan",
                "The patient has no approved treatment plan.");
    }

    private TreatmentPlan activePlan(String patientId) {
        TreatmentPlan plan = plans.currentFor(patientId).orElseThrow(Bookings::noTreatmentPlan);
        if (plan.status() != TreatmentPlan.Status.ACTIVE) {
            throw ProblemException.unprocessable("plan-not-active", "Plan not active",
                    "The treatment plan is " + plan.status().name().toLowerCase() + ".");
        }
        return plan;
    }

    private static UUID uuid(String value) {
        return value == null ? null : UUID.fromString(value);
    }
}
