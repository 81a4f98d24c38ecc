package care.scheduling.placement;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.contracts.scheduling.AppointmentKind;
import care.kit.domain.Refusal;
import care.scheduling.availability.SlotFinder;
import care.scheduling.availability.WeeklyAvailability;
import care.scheduling.pacing.PacingPolicy;

/**
 * Where an appointment may go: the booking grid, a start in the future, a provider registered for the kind (and for
 * a clinician, licensed where the patient receives care) whose weekly availability holds the whole appointment, and
 * by kind: a consultation needs a request waiting for it; a dosing session an active plan that has the session, after
 * every consultation of the patient; coaching a plan of the patient that did not end early and a start inside the
 * coaching window after one of its dosing sessions. Pure: the caller reads the {@link Facts}; the pacing rules of
 * dosing sessions are the patient's dosing schedule's, checked where the start is reserved.
 * <p>
 * The placed appointment claims each {@link #BLOCK} of the provider's time it occupies, buffer included, and a dosing
 * session its session of the plan: the store's unique index on the claims refuses a second appointment of either.
 */
public final class Placement {

    /** Claims are five-minute blocks of a provider's time; appointment starts are on this grid. */
    public static final Duration BLOCK = Duration.ofMinutes(5);

    /**
     * An appointment at a proposed start: a new one, or one being moved (then with the plan, session and
     * consultation it has). {@code sessionNumber} is a dosing session's number, or for coaching the session it
     * follows (null: the one whose coaching window holds the start); {@code planId} the plan coaching belongs to
     * (null: the patient's current plan).
     */
    public record Proposal(String patientId, AppointmentKind kind, String providerId, Instant start,
            Integer sessionNumber, String planId, String consultationId) {

        public Proposal {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(start, "start");
        }
    }

    /**
     * The provider as the staff directory and their published availability show them.
     *
     * @param roles                 the roles they are registered for; empty when not registered
     * @param licensedJurisdictions where a clinician is licensed
     * @param availability          their weekly availability, or null when they published none
     */
    public record Provider(Set<StaffRole> roles, List<String> licensedJurisdictions, WeeklyAvailability availability) {

        public Provider {
            roles = Set.copyOf(roles);
            licensedJurisdictions = List.copyOf(licensedJurisdictions);
        }
    }

    /** A treatment plan as placement reads it; {@code status} is its status's name. */
    public record Plan(String id, String patientId, boolean active, String status, int plannedSessions,
            boolean endedEarly) {
    }

    /** What became of a dosing session's appointment. */
    public enum Standing {
        BOOKED, FULFILLED, MISSED, CANCELLED
    }

    /** A dosing session of a plan, for the coaching after it; {@code fulfilledAt} when it took place, or null. */
    public record Dosing(int sessionNumber, Standing standing, Instant end, Instant fulfilledAt) {
    }

    /**
     * What placement reads besides the proposal.
     *
     * @param provider          the provider proposed
     * @param jurisdiction      where the patient receives care, or null while intake has not told
     * @param openConsultation  the patient's consultation request waiting for an appointment, or null
     * @param plan              for a dosing session the patient's current plan, for coaching the plan it belongs to
     *                          (named, else the current one); null when there is none
     * @param consultationEnds  the ends of the patient's booked and fulfilled consultations (for a dosing session)
     * @param planDosing        the plan's dosing sessions, in the order stored (for coaching)
     */
    public record Facts(Provider provider, String jurisdiction, String openConsultation, Plan plan,
            List<Instant> consultationEnds, List<Dosing> planDosing) {

        public Facts {
            Objects.requireNonNull(provider, "provider");
            consultationEnds = List.copyOf(consultationEnds);
            planDosing = List.copyOf(planDosing);
        }
    }

    /** Where the appointment goes: its times, plan, session, consultation and claims. */
    public record Placed(Instant start, Instant end, String planId, String consultationId, Integer sessionNumber,
            List<String> claims) {

        public Placed {
            claims = List.copyOf(claims);
        }
    }

    /** When coaching after a dosing session may start: from {@code earliest} to {@code latest}, both included. */
    public record CoachingWindow(Instant earliest, Instant latest) {

        public boolean contains(Instant start) {
            return !start.isBefore(earliest) && !start.isAfter(latest);
        }
    }

    private final PacingPolicy policy;

    public Placement(PacingPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The staff role a provider of this kind of appointment is registered for. */
    public static StaffRole providerRole(AppointmentKind kind) {
        return kind == AppointmentKind.INTEGRATION_COACHING ? StaffRole.COACH : StaffRole.CLINICIAN;
    }

    /** Whether appointments may start at this instant: a whole minute on the five-minute grid. */
    public static boolean onGrid(Instant start) {
        return start.truncatedTo(ChronoUnit.MINUTES).equals(start) && start.getEpochSecond() / 60 % BLOCK.toMinutes() == 0;
    }

    /**
     * Checks every rule for the appointment at the proposed start, at {@code now}, in a fixed order (the first rule
     * broken is the answer), and places it.
     *
     * @throws Refusal (422) with a {@link PlacementRefusal} when a rule refuses it
     */
    public Placed place(Proposal proposal, Facts facts, Instant now) {
        Instant start = proposal.start();
        if (!onGrid(start)) {
            throw Refusal.rule(PlacementRefusal.START_OFF_GRID);
        }
        if (!start.isAfter(now)) {
            throw Refusal.rule(PlacementRefusal.START_IN_PAST);
        }
        requireRegisteredProvider(proposal.kind(), facts);
        Instant end = start.plus(policy.durationOf(proposal.kind()));
        WeeklyAvailability availability = facts.provider().availability();
        if (availability == null || !availability.offers(proposal.kind())) {
            throw Refusal.rule(PlacementRefusal.PROVIDER_DOES_NOT_OFFER);
        }
        if (!SlotFinder.withinAvailability(availability, start, end)) {
            throw Refusal.rule(PlacementRefusal.OUTSIDE_AVAILABILITY);
        }
        List<String> claims = new ArrayList<>();
        String planId = null;
        String consultationId = null;
        Integer sessionNumber = null;
        switch (proposal.kind()) {
            case CONSULTATION -> {
                consultationId = proposal.consultationId() != null ? proposal.consultationId()
                        : Optional.ofNullable(facts.openConsultation())
                                .orElseThrow(() -> Refusal.rule(PlacementRefusal.CONSULTATION_NOT_REQUESTED));
            }
            case DOSING_SESSION -> {
                Plan plan = activePlan(facts.plan());
                Integer number = proposal.sessionNumber();
                if (number == null || number < 1 || number > plan.plannedSessions()) {
                    throw Refusal.rule(PlacementRefusal.SESSION_NOT_IN_PLAN,
                            "The plan has sessions 1 to " + plan.plannedSessions() + ".");
                }
                if (facts.consultationEnds().stream().anyMatch(consultationEnd -> consultationEnd.isAfter(start))) {
                    throw Refusal.rule(PlacementRefusal.CONSULTATION_FIRST);
                }
                planId = plan.id();
                sessionNumber = number;
                // The pacing rules are checked against the patient's dosing schedule, where this start is reserved.
                claims.add("session:" + plan.id() + ":" + number);
            }
            case INTEGRATION_COACHING -> {
                // Whatever the plan's status: a pause stops dosing sessions only, and the coaching after the final
                // session takes place after the plan completed. Coaching stays in the plan it was booked for.
                Plan plan = facts.plan();
                if (plan == null || !plan.patientId().equals(proposal.patientId())) {
                    throw Refusal.rule(PlacementRefusal.NO_TREATMENT_PLAN);
                }
                if (plan.endedEarly()) {
                    throw Refusal.rule(PlacementRefusal.PLAN_NOT_ACTIVE);
                }
                planId = plan.id();
                sessionNumber = proposal.sessionNumber() != null
                        ? coachingAfter(facts.planDosing(), proposal.sessionNumber(), start)
                        : coachingAfterAny(facts.planDosing(), start);
            }
        }
        for (Instant block = start; block.isBefore(end.plus(policy.buffer())); block = block.plus(BLOCK)) {
            claims.add("provider:" + proposal.providerId() + ":" + block.getEpochSecond() / 60);
        }
        return new Placed(start, end, planId, consultationId, sessionNumber, claims);
    }

    /**
     * When the coaching after dosing session {@code sessionNumber} may start, from its booked or fulfilled
     * appointment among the plan's dosing sessions; empty when the session has neither.
     */
    public Optional<CoachingWindow> coachingWindow(List<Dosing> planDosing, int sessionNumber) {
        return planDosing.stream()
                .filter(dosing -> dosing.sessionNumber() == sessionNumber
                        && (dosing.standing() == Standing.BOOKED || dosing.standing() == Standing.FULFILLED))
                .findFirst().map(this::coachingWindowAfter);
    }

    /**
     * Coaching starts from {@link PacingPolicy#integrationCoachingFrom()} to
     * {@link PacingPolicy#integrationCoachingUntil()} after the dosing session: after it was fulfilled when the
     * session service said so (a session may end later than booked), else after its booked end.
     */
    public CoachingWindow coachingWindowAfter(Dosing dosing) {
        Instant reference = dosing.standing() == Standing.FULFILLED && dosing.fulfilledAt() != null
                ? dosing.fulfilledAt() : dosing.end();
        return new CoachingWindow(reference.plus(policy.integrationCoachingFrom()),
                reference.plus(policy.integrationCoachingUntil()));
    }

    /** Coaching booked for a session (automatically, named, or being moved) stays with it: only its window counts. */
    private int coachingAfter(List<Dosing> planDosing, int sessionNumber, Instant start) {
        coachingWindow(planDosing, sessionNumber).filter(window -> window.contains(start))
                .orElseThrow(() -> Refusal.rule(PlacementRefusal.COACHING_WINDOW));
        return sessionNumber;
    }

    /** Coaching belongs to the dosing session (not cancelled) whose window holds its start. */
    private int coachingAfterAny(List<Dosing> planDosing, Instant start) {
        return planDosing.stream().filter(dosing -> dosing.standing() != Standing.CANCELLED)
                .filter(dosing -> coachingWindowAfter(dosing).contains(start)).findFirst()
                .orElseThrow(() -> Refusal.rule(PlacementRefusal.COACHING_WINDOW)).sessionNumber();
    }

    /**
     * Consultations and dosing sessions are booked with a registered clinician licensed where the patient receives
     * care, integration coaching with a registered coach; checked again on every move.
     */
    private static void requireRegisteredProvider(AppointmentKind kind, Facts facts) {
        StaffRole role = providerRole(kind);
        if (!facts.provider().roles().contains(role)) {
            throw Refusal.rule(PlacementRefusal.PROVIDER_NOT_REGISTERED, role == StaffRole.COACH
                    ? "The provider is not a registered coach." : "The provider is not a registered clinician.");
        }
        if (role == StaffRole.CLINICIAN) {
            if (facts.jurisdiction() == null) {
                throw Refusal.rule(PlacementRefusal.JURISDICTION_UNKNOWN);
            }
            if (!facts.provider().licensedJurisdictions().contains(facts.jurisdiction())) {
                throw Refusal.rule(PlacementRefusal.PROVIDER_NOT_LICENSED);
            }
        }
    }

    private static Plan activePlan(Plan plan) {
        if (plan == null) {
            throw Refusal.rule(PlacementRefusal.NO_TREATMENT_PLAN);
        }
        if (!plan.active()) {
            throw Refusal.rule(PlacementRefusal.PLAN_NOT_ACTIVE,
                    "The treatment plan is " + plan.status().toLowerCase() + ".");
        }
        return plan;
    }
}
