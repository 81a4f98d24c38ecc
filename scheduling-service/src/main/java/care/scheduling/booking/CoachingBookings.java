package care.scheduling.booking;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import care.contracts.intake.CareTeamChanged;
import care.contracts.integration.CoachAssigned;
import care.contracts.integration.IntegrationStarted;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.scheduling.ChangeInitiator;
import care.contracts.scheduling.CoachingNotScheduled;
import care.kit.access.CareTeamListener;
import care.kit.outbox.Outbox;
import care.kit.domain.Refusal;
import care.kit.outbox.WriteResult;
import care.scheduling.availability.Slot;
import care.scheduling.availability.SlotFinder;
import care.scheduling.pacing.PacingPolicy;
import care.scheduling.placement.Placement;
import care.scheduling.plan.PlanQueries;
import care.scheduling.plan.TreatmentPlan;
import care.scheduling.provider.ProviderSchedule;
import care.scheduling.provider.Providers;

/**
 * Books the integration coaching after each completed dosing session by itself, so that no patient has
 * to ask for it: the integration service offers it (IntegrationStarted, with a window) and names the
 * patient's coach (CoachAssigned); this books the coach's first free slot that starts inside both the
 * offered window and scheduling's own coaching window for that session ({@link Placement#coachingWindow}),
 * through the ordinary booking rules. What cannot be booked is published as {@link CoachingNotScheduled}
 * for a care coordinator.
 *
 * <h2>Once per offer</h2>
 * An offer is identified by its plan and session. Its automatic appointment's id derives from them (the
 * idempotency-key path of {@link BookingService#book} under a fixed system caller), and an offer that ends
 * otherwise is recorded in the patient's {@link CoachAssignment}. Each outcome is one document write that
 * also records the event as handled, and a redelivered (or repeated) offer finds its outcome and changes
 * nothing: one appointment, one CoachingNotScheduled, however often it arrives.
 *
 * <h2>The coach follows the care team</h2>
 * Booking coaching never makes anyone the patient's coach: intake's care team does. When the care team no
 * longer has the coach scheduling books with, that coach is forgotten here (coaching already booked with them
 * stays), and later offers wait for the next CoachAssigned as NO_COACH_ASSIGNED.
 */
@Component
public class CoachingBookings implements CareTeamListener {

    /** The caller automatic coaching bookings are made as; with the offer's key it gives their ids. */
    static final String SYSTEM_CALLER = "system:integration-coaching";

    private static final Logger log = LoggerFactory.getLogger(CoachingBookings.class);

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final BookingService bookings;
    private final AppointmentQueries appointments;
    private final PlanQueries plans;
    private final Providers providers;
    private final PacingPolicy policy;
    private final Clock clock;
    private final MeterRegistry meters;

    CoachingBookings(MongoTemplate mongo, Outbox outbox, BookingService bookings, AppointmentQueries appointments,
            PlanQueries plans, Providers providers, PacingPolicy policy, Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.bookings = bookings;
        this.appointments = appointments;
        this.plans = plans;
        this.providers = providers;
        this.policy = policy;
        this.clock = clock;
        this.meters = meters;
    }

    /** The id of the appointment the offer for this session of this plan is booked under. */
    static String appointmentId(String planId, int sessionNumber) {
        return BookingService.idempotentId(SYSTEM_CALLER, "coaching:" + planId + ":" + sessionNumber);
    }

    /**
     * Coaching is offered after a dosing session: booked with the patient's coach, else kept until a coach
     * is assigned (NO_COACH_ASSIGNED), else reported (NO_FREE_SLOT). An offer for a plan that is not the
     * patient's or that a clinician closed, or whose session already has coaching, leaves everything as it is.
     */
    public void onIntegrationStarted(IntegrationStarted started) {
        String patientId = started.patientId().toString();
        CoachAssignment.Offer offer = new CoachAssignment.Offer(started.planId().toString(), started.sessionNumber(),
                started.coachingWindowStart(), started.coachingWindowEnd());
        Optional<TreatmentPlan> plan = plans.find(offer.planId());
        if (plan.isEmpty() || !plan.get().patientId().equals(patientId)) {
            // Throwing would only retry and dead-letter it: the plan will not appear later.
            log.warn("Coaching offer {} names no plan of its patient; nothing booked", started.eventId());
            return;
        }
        if (plan.get().endedEarly() || hasCoaching(offer)) {
            return;
        }
        CoachAssignment assignment = assignmentOf(patientId);
        if (assignment.knows(offer)) {
            return;
        }
        if (assignment.coachId == null) {
            save(assignment, List.of(assignment.awaitCoach(offer, clock.instant())));
        } else if (!book(patientId, assignment.coachId, offer)) {
            save(assignment, List.of(assignment.notScheduled(offer, CoachingNotScheduled.Reason.NO_FREE_SLOT,
                    clock.instant())));
        }
    }

    /**
     * The patient's coach is (re)assigned; the offers that waited for one are booked with them, or reported
     * (WINDOW_PASSED once their window has ended, NO_FREE_SLOT when the coach has no time in it).
     * Appointments already booked with the previous coach stay with them.
     * <p>
     * This is the one handler that may write more than one document: an appointment per waiting offer, then
     * the assignment (which clears the offers). If it stops in between, the redelivery finds those
     * appointments by their derived ids, books nothing twice and completes the assignment.
     */
    public void onCoachAssigned(CoachAssigned assigned) {
        String patientId = assigned.patientId().toString();
        String coachId = assigned.coachId().toString();
        CoachAssignment assignment = assignmentOf(patientId);
        if (assignment.outdatedBy(assigned.occurredAt())) {
            return; // a later assignment is already applied
        }
        if (assignment.applied(coachId) || handled(patientId, assigned)) {
            return; // already applied: a redelivery
        }
        List<CoachingNotScheduled> events = new ArrayList<>();
        for (CoachAssignment.Offer offer : assignment.assign(coachId, assigned.occurredAt())) {
            if (hasCoaching(offer)) {
                continue; // booked by an earlier attempt of this event, or arranged by hand meanwhile
            }
            if (plans.find(offer.planId()).filter(TreatmentPlan::endedEarly).isPresent()) {
                continue; // the plan was closed by a clinician meanwhile: no more coaching
            }
            CoachingNotScheduled.Reason reason = !offer.windowEnd().isAfter(clock.instant())
                    ? CoachingNotScheduled.Reason.WINDOW_PASSED
                    : book(patientId, coachId, offer) ? null : CoachingNotScheduled.Reason.NO_FREE_SLOT;
            if (reason != null) {
                events.add(assignment.notScheduled(offer, reason, clock.instant()));
            }
        }
        save(assignment, events);
    }

    /**
     * The patient's care team changed: when it no longer has the coach automatic coaching is booked with (as
     * COACH), that coach is cleared. Coaching already booked with them is left as it is.
     */
    @Override
    public void careTeamChanged(CareTeamChanged change) {
        CoachAssignment assignment = mongo.findById(change.patientId().toString(), CoachAssignment.class);
        if (assignment != null && assignment.followCareTeam(change)) {
            save(assignment, List.of());
        }
    }

    /**
     * Whether the assignment already recorded this event as handled: a redelivery after the coach was cleared
     * must not book waiting offers with them.
     */
    private boolean handled(String patientId, CoachAssigned assigned) {
        return mongo.exists(Query.query(Criteria.where("_id").is(patientId).and(Outbox.HANDLED)
                .is(assigned.eventId().toString())), CoachAssignment.class);
    }

    /** Whether the offer's session already has coaching: booked for this offer before, or by hand. */
    private boolean hasCoaching(CoachAssignment.Offer offer) {
        // The derived appointment counts whatever became of it: a patient's cancellation is not undone.
        return appointments.find(appointmentId(offer.planId(), offer.sessionNumber())).isPresent()
                || appointments.coachingFor(offer.planId(), offer.sessionNumber()).isPresent();
    }

    /**
     * Books the coach's first free slot starting inside the offer's window and the session's coaching
     * window, under the offer's derived id. A slot taken since the search (409), or refused by a rule,
     * passes to the next one.
     *
     * @return false when no slot could be booked
     */
    private boolean book(String patientId, String coachId, CoachAssignment.Offer offer) {
        Optional<Placement.CoachingWindow> rule = appointments.coachingWindow(offer.planId(), offer.sessionNumber());
        ProviderSchedule coach = providers.schedule(coachId).orElse(null);
        if (rule.isEmpty() || coach == null || !providers.registered(coachId, AppointmentKind.INTEGRATION_COACHING)) {
            return false;
        }
        Instant now = clock.instant();
        Instant earliest = latestOf(latestOf(offer.windowStart(), rule.get().earliest()), now);
        Instant latest = earliestOf(offer.windowEnd(), rule.get().latest());
        if (latest.isBefore(earliest)) {
            return false;
        }
        // SlotFinder bounds a slot's end, not its start: the latest start plus the length.
        Instant lastEnd = latest.plus(policy.durationOf(AppointmentKind.INTEGRATION_COACHING));
        List<Slot> slots = SlotFinder.freeSlots(coach.availability(), AppointmentKind.INTEGRATION_COACHING, policy,
                earliest, lastEnd, appointments.busy(coachId, earliest, lastEnd));
        for (Slot slot : slots) {
            if (!Placement.onGrid(slot.start()) || !slot.start().isAfter(now)) {
                continue;
            }
            try {
                bookings.book(new BookingService.Request(patientId, AppointmentKind.INTEGRATION_COACHING, coachId,
                        slot.start(), offer.sessionNumber(), offer.planId()), SYSTEM_CALLER,
                        "coaching:" + offer.planId() + ":" + offer.sessionNumber(), ChangeInitiator.SYSTEM);
                Counter.builder("care.scheduling.coaching.booked")
                        .description("Integration coaching booked automatically").register(meters).increment();
                return true;
            } catch (Refusal refused) {
                log.debug("Coaching slot refused ({}); trying the next one", refused.type());
            }
        }
        return false;
    }

    /**
     * The patient's assignment, or a new one. Not {@link Outbox#upsert}: the handlers book appointments between
     * reading and saving it, so a lost race is not re-applied here but handled by the event's redelivery, which
     * finds those appointments by their derived ids.
     */
    private CoachAssignment assignmentOf(String patientId) {
        return Optional.ofNullable(mongo.findById(patientId, CoachAssignment.class))
                .orElseGet(() -> CoachAssignment.of(patientId));
    }

    /** One write: the assignment, its events, and the event being handled recorded as handled. */
    private void save(CoachAssignment assignment, List<CoachingNotScheduled> events) {
        if (outbox.save(assignment, events) == WriteResult.STORED) {
            for (CoachingNotScheduled event : events) {
                Counter.builder("care.scheduling.coaching.not.scheduled")
                        .description("Integration coaching that could not be booked automatically")
                        .tag("reason", event.reason().name()).register(meters).increment();
            }
        }
    }

    private static Instant latestOf(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earliestOf(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
