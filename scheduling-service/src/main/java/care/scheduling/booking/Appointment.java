package care.scheduling.booking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import care.contracts.CareEvent;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentCancelled;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.scheduling.AppointmentMissed;
import care.contracts.scheduling.AppointmentRescheduled;
import care.contracts.scheduling.ChangeInitiator;
import care.kit.domain.Aggregate;
import care.kit.domain.Refusal;
import care.scheduling.pacing.DosingPacing;
import care.scheduling.pacing.PacingPolicy;
import care.scheduling.placement.Placement;

/**
 * One appointment. Its {@code claims} are unique keys across all appointments (a unique multikey index):
 * one per five-minute block of the provider's time it occupies, buffer included, and one per dosing
 * session of a plan. Two bookings that overlap in any block cannot both be stored, whatever the number
 * of threads or instances: the store refuses the second write. Cancelling (and a no-show) empties the
 * claims; a fulfilled appointment keeps them.
 * <p>
 * Where it may go is {@link Placement}'s to decide; the changes here take the placement, the time and the policy
 * and return the events. Dosing sessions are also reserved in the patient's {@link DosingSchedule}, which every
 * change of them is checked against first (the pacing rules).
 * <p>
 * {@code fulfilledAt} is when the session service (or, for coaching, the integration service) reported
 * the appointment took place; a dosing session's coaching window is measured from it, since a session can
 * end later than booked.
 */
@Aggregate
@Document("appointments")
@CompoundIndex(name = "claims_1", def = "{'claims': 1}", unique = true)
@CompoundIndex(name = "patientId_1_start_1", def = "{'patientId': 1, 'start': 1}")
@CompoundIndex(name = "providerId_1_start_1", def = "{'providerId': 1, 'start': 1}")
@CompoundIndex(name = "planId_1", def = "{'planId': 1}")
public class Appointment {

    public enum Status {
        BOOKED, CANCELLED, NO_SHOW, FULFILLED
    }

    @Id
    String id;
    @Version
    Long version;
    String patientId;
    String planId;
    String consultationId;
    String providerId;
    AppointmentKind kind;
    Integer sessionNumber;
    Instant start;
    Instant end;
    Status status = Status.BOOKED;
    boolean bookedLate;
    boolean changedLate;
    String cancellationReason;
    Instant fulfilledAt;
    Instant createdAt;
    String requestedBy;
    List<String> claims = new ArrayList<>();
    /** The last change of the patient's {@link DosingSchedule} written to this appointment. */
    String scheduleChange;
    /**
     * Set on a void appointment only: the id of a dosing booking whose writer stopped before writing it, taken
     * so that it can no longer be written. It has no patient, provider or plan, so no search finds it.
     */
    Boolean voided;

    /**
     * A booking asked for, not placed yet: a consultation has no session, and only coaching names its plan (the
     * others take the patient's current one).
     */
    static Appointment requested(String id, String patientId, AppointmentKind kind, String providerId,
            Integer sessionNumber, String planId, String requestedBy, Instant now) {
        Appointment appointment = new Appointment();
        appointment.id = id;
        appointment.patientId = patientId;
        appointment.providerId = providerId;
        appointment.kind = kind;
        appointment.sessionNumber = kind == AppointmentKind.CONSULTATION ? null : sessionNumber;
        appointment.planId = kind == AppointmentKind.INTEGRATION_COACHING ? planId : null;
        appointment.createdAt = now;
        appointment.requestedBy = requestedBy;
        return appointment;
    }

    /** A void appointment under the id of a booking that did not take place (see {@link DosingSchedules}). */
    static Appointment voided(String id) {
        Appointment appointment = new Appointment();
        appointment.id = id;
        appointment.status = Status.CANCELLED;
        appointment.voided = true;
        appointment.claims = new ArrayList<>(List.of("void:" + id));
        return appointment;
    }

    boolean isVoid() {
        return Boolean.TRUE.equals(voided);
    }

    /** This appointment at another start, as {@link Placement} is asked about it. */
    Placement.Proposal proposalAt(Instant newStart) {
        return new Placement.Proposal(patientId, kind, providerId, newStart, sessionNumber, planId, consultationId);
    }

    /** Books it where it was placed; late when booked with less than the policy's notice. */
    List<CareEvent> book(Placement.Placed placed, PacingPolicy policy, Instant now) {
        placeAt(placed);
        bookedLate = DosingPacing.isLate(policy, now, start);
        return List.of(new AppointmentBooked(UUID.randomUUID(), UUID.fromString(patientId), now, UUID.fromString(id),
                uuid(planId), uuid(consultationId), UUID.fromString(providerId), kind, sessionNumber, start, end,
                bookedLate));
    }

    /** Moves it where it was placed; late when the old or the new start is within the policy's notice. */
    List<CareEvent> moveTo(Placement.Placed placed, ChangeInitiator initiator, PacingPolicy policy, Instant now) {
        requireBooked();
        Instant previous = start;
        boolean late = DosingPacing.isLate(policy, now, previous) || DosingPacing.isLate(policy, now, placed.start());
        placeAt(placed);
        changedLate = changedLate || late;
        return List.of(new AppointmentRescheduled(UUID.randomUUID(), UUID.fromString(patientId), now,
                UUID.fromString(id), kind, UUID.fromString(providerId), previous, start, end, initiator, late));
    }

    /** Cancels it and frees its claims; late within the policy's notice. */
    List<CareEvent> cancel(AppointmentCancelled.Reason reason, ChangeInitiator initiator, PacingPolicy policy,
            Instant now) {
        requireBooked();
        boolean late = DosingPacing.isLate(policy, now, start);
        status = Status.CANCELLED;
        cancellationReason = reason.name();
        changedLate = late;
        claims = new ArrayList<>();
        return List.of(new AppointmentCancelled(UUID.randomUUID(), UUID.fromString(patientId), now,
                UUID.fromString(id), kind, start, initiator, reason, late));
    }

    /**
     * Records that the patient did not come, once it has started, and frees its claims.
     *
     * @param missed the plan's no-shows since it (re)started, this one included
     */
    List<CareEvent> noShow(int missed, Instant now) {
        requireBooked();
        if (now.isBefore(start)) {
            throw Refusal.rule("not-started-yet", "Not started yet",
                    "A no-show can only be recorded once the appointment has started.");
        }
        status = Status.NO_SHOW;
        claims = new ArrayList<>();
        return List.of(new AppointmentMissed(UUID.randomUUID(), UUID.fromString(patientId), now, UUID.fromString(id),
                uuid(planId), kind, start, missed));
    }

    /** It took place (reported at {@code at}); it keeps its claims: the provider's time stays used. */
    List<CareEvent> fulfil(Instant at) {
        status = Status.FULFILLED;
        fulfilledAt = at;
        return List.of();
    }

    /** Refuses a change of an appointment that is no longer booked. */
    void requireBooked() {
        if (status != Status.BOOKED) {
            throw Refusal.conflict("appointment-not-booked", "The appointment is no longer booked.");
        }
    }

    /** A dosing session that is no longer booked or fulfilled leaves the patient's {@link DosingSchedule}. */
    boolean leftSchedule() {
        return kind == AppointmentKind.DOSING_SESSION && status != Status.BOOKED && status != Status.FULFILLED;
    }

    /** This dosing session as the coaching after it is placed. */
    Placement.Dosing asDosing() {
        Placement.Standing standing = switch (status) {
            case BOOKED -> Placement.Standing.BOOKED;
            case FULFILLED -> Placement.Standing.FULFILLED;
            case NO_SHOW -> Placement.Standing.MISSED;
            case CANCELLED -> Placement.Standing.CANCELLED;
        };
        return new Placement.Dosing(sessionNumber, standing, end, fulfilledAt);
    }

    private void placeAt(Placement.Placed placed) {
        start = placed.start();
        end = placed.end();
        planId = placed.planId() != null ? placed.planId() : planId;
        consultationId = placed.consultationId() != null ? placed.consultationId() : consultationId;
        sessionNumber = placed.sessionNumber() != null ? placed.sessionNumber() : sessionNumber;
        claims = new ArrayList<>(placed.claims());
    }

    private static UUID uuid(String value) {
        return value == null ? null : UUID.fromString(value);
    }

    public String id() {
        return id;
    }

    public String patientId() {
        return patientId;
    }

    public String providerId() {
        return providerId;
    }

    public AppointmentKind kind() {
        return kind;
    }

    public Integer sessionNumber() {
        return sessionNumber;
    }

    public Instant start() {
        return start;
    }

    public Instant end() {
        return end;
    }

    public Status status() {
        return status;
    }
}
