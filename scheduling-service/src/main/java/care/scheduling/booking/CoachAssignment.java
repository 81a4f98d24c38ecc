package care.scheduling.booking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

import care.contracts.intake.CareTeamChanged;
import care.contracts.scheduling.CoachingNotScheduled;
import care.kit.domain.Aggregate;

/**
 * A patient's integration coach as the integration service assigned them, and what became of the coaching
 * offers that could not be booked. One document per patient; its id is the patient id.
 * <p>
 * Every coaching offer (the coaching after one dosing session of a plan) has exactly one outcome: an
 * appointment under an id derived from the offer (see {@link CoachingBookings}), a wait for a coach in
 * {@code pendingOffers}, or a {@link CoachingNotScheduled} recorded in {@code unscheduled} for a care
 * coordinator to act on. Keeping the last two here is what makes a redelivered offer change nothing, even
 * when the coach's calendar has changed since.
 */
@Aggregate
@Document("coach_assignments")
public class CoachAssignment {

    /** Coaching after session {@code sessionNumber} of the plan, to start between the window's bounds. */
    record Offer(String planId, int sessionNumber, Instant windowStart, Instant windowEnd) {

        boolean isFor(String otherPlanId, int otherSessionNumber) {
            return planId.equals(otherPlanId) && sessionNumber == otherSessionNumber;
        }
    }

    /** An offer that ended without an appointment, and why. */
    record Unscheduled(String planId, int sessionNumber, CoachingNotScheduled.Reason reason) {
    }

    @Id
    String id;
    @Version
    Long version;
    /** The coach, or null while none has been assigned. */
    String coachId;
    /** When the integration service assigned the coach; an older assignment arriving later is ignored. */
    Instant assignedAt;
    /** Offers that arrived while no coach was assigned; assigning one books them (or reports why not). */
    List<Offer> pendingOffers = new ArrayList<>();
    List<Unscheduled> unscheduled = new ArrayList<>();

    static CoachAssignment of(String patientId) {
        CoachAssignment assignment = new CoachAssignment();
        assignment.id = patientId;
        return assignment;
    }

    /** Whether this offer is already waiting for a coach or was already reported as not scheduled. */
    boolean knows(Offer offer) {
        return pendingOffers.stream().anyMatch(pending -> pending.isFor(offer.planId(), offer.sessionNumber()))
                || unscheduled.stream().anyMatch(done -> done.planId().equals(offer.planId())
                        && done.sessionNumber() == offer.sessionNumber());
    }

    /** Whether an assignment made at {@code at} is older than the one applied (it is ignored then). */
    boolean outdatedBy(Instant at) {
        return assignedAt != null && at.isBefore(assignedAt);
    }

    /** Whether this coach is assigned already and nothing waits for them: a redelivery. */
    boolean applied(String coach) {
        return coach.equals(coachId) && pendingOffers.isEmpty();
    }

    /** Assigns the coach; answers the offers that waited for one, which wait no longer. */
    List<Offer> assign(String coach, Instant at) {
        coachId = coach;
        assignedAt = at;
        List<Offer> waiting = List.copyOf(pendingOffers);
        pendingOffers = new ArrayList<>();
        return waiting;
    }

    /** No coach is assigned: the offer waits for one, and a coordinator hears of it (NO_COACH_ASSIGNED). */
    CoachingNotScheduled awaitCoach(Offer offer, Instant now) {
        pendingOffers.add(offer);
        return event(offer, CoachingNotScheduled.Reason.NO_COACH_ASSIGNED, now);
    }

    /** The offer ends without an appointment, for this reason, and a coordinator hears of it. */
    CoachingNotScheduled notScheduled(Offer offer, CoachingNotScheduled.Reason reason, Instant now) {
        unscheduled.add(new Unscheduled(offer.planId(), offer.sessionNumber(), reason));
        return event(offer, reason, now);
    }

    /**
     * The care team changed: when it no longer has the coach as COACH, the coach is forgotten (coaching booked with
     * them stays). Answers whether it changed.
     */
    boolean followCareTeam(CareTeamChanged change) {
        if (coachId == null) {
            return false;
        }
        boolean stillCoach = change.members().stream().anyMatch(member -> member.role() == CareTeamChanged.Role.COACH
                && member.staffId().toString().equalsIgnoreCase(coachId));
        if (stillCoach) {
            return false;
        }
        coachId = null;
        return true;
    }

    private CoachingNotScheduled event(Offer offer, CoachingNotScheduled.Reason reason, Instant now) {
        return new CoachingNotScheduled(UUID.randomUUID(), UUID.fromString(id), now, UUID.fromString(offer.planId()),
                offer.sessionNumber(), coachId == null ? null : UUID.fromString(coachId), offer.windowStart(),
                offer.windowEnd(), reason);
    }
}
