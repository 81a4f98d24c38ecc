package care.scheduling.booking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

import care.contracts.scheduling.CoachingNotScheduled;

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

    /** Whether this offer is already waiting for a coach or was already reported as not scheduled. */
    boolean knows(Offer offer) {
        return pendingOffers.stream().anyMatch(pending -> pending.isFor(offer.planId(), offer.sessionNumber()))
                || unscheduled.stream().anyMatch(done -> done.planId().equals(offer.planId())
                        && done.sessionNumber() == offer.sessionNumber());
    }
}
