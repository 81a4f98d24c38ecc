package care.scheduling.booking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import care.contracts.scheduling.AppointmentKind;
import care.kit.domain.Refusal;
import care.scheduling.availability.Interval;
import care.scheduling.pacing.PacingPolicy;
import care.scheduling.placement.Placement;

/** Reads of appointments: by id, a plan's, a patient's or provider's by time, a provider's busy time. */
@Component
public class AppointmentQueries {

    private final MongoTemplate mongo;
    private final PacingPolicy policy;
    private final Placement placement;

    AppointmentQueries(MongoTemplate mongo, PacingPolicy policy, Placement placement) {
        this.mongo = mongo;
        this.policy = policy;
        this.placement = placement;
    }

    /** The stored appointment, void ones included. */
    Optional<Appointment> find(String appointmentId) {
        return Optional.ofNullable(mongo.findById(appointmentId, Appointment.class));
    }

    /**
     * The appointment.
     *
     * @throws Refusal 404 when there is none (or only a void one)
     */
    public Appointment get(String appointmentId) {
        return find(appointmentId).filter(appointment -> !appointment.isVoid())
                .orElseThrow(() -> Refusal.notFound("The appointment"));
    }

    /** The appointment, still booked: 404 when there is none, 409 {@code appointment-not-booked} otherwise. */
    Appointment booked(String appointmentId) {
        Appointment appointment = get(appointmentId);
        appointment.requireBooked();
        return appointment;
    }

    public List<Appointment> ofPlan(String planId) {
        return mongo.find(Query.query(Criteria.where("planId").is(planId)), Appointment.class);
    }

    /** The plan's dosing sessions, as coaching is placed after them. */
    List<Placement.Dosing> dosingOfPlan(String planId) {
        return ofPlan(planId).stream().filter(appointment -> appointment.kind == AppointmentKind.DOSING_SESSION)
                .map(Appointment::asDosing).toList();
    }

    /** The ends of the patient's booked and fulfilled consultations. */
    List<Instant> consultationEnds(String patientId) {
        return mongo.find(Query.query(Criteria.where("patientId").is(patientId).and("kind")
                .is(AppointmentKind.CONSULTATION).and("status")
                .in(Appointment.Status.BOOKED, Appointment.Status.FULFILLED)), Appointment.class)
                .stream().map(consultation -> consultation.end).toList();
    }

    /** The patient's booked and fulfilled dosing sessions. */
    List<Appointment> liveDosing(String patientId) {
        return mongo.find(Query.query(Criteria.where("patientId").is(patientId).and("kind")
                .is(AppointmentKind.DOSING_SESSION).and("status")
                .in(Appointment.Status.BOOKED, Appointment.Status.FULFILLED)), Appointment.class);
    }

    /**
     * When the coaching after dosing session {@code sessionNumber} of the plan may start, from its booked
     * or fulfilled appointment; empty when the session has neither.
     */
    Optional<Placement.CoachingWindow> coachingWindow(String planId, int sessionNumber) {
        return placement.coachingWindow(dosingOfPlan(planId), sessionNumber);
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

    /** A patient's (or else a provider's) appointments starting in {@code [from, to)}, by start, at most 500. */
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
}
