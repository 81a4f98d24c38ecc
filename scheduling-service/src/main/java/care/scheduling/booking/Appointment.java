package care.scheduling.booking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

import care.contracts.scheduling.AppointmentKind;

/**
 * One appointment. Its {@code claims} are unique keys across all appointments (a unique multikey index):
 * one per five-minute block of the provider's time it occupies, buffer included, and one per dosing
 * session of a plan. Two bookings that overlap in any block cannot both be stored, whatever the number
 * of threads or instances: the store refuses the second write. Cancelling (and a no-show) empties the
 * claims; a fulfilled appointment keeps them.
 * <p>
 * Dosing sessions are also reserved in the patient's {@link DosingSchedule}, which every change of them is
 * checked against first (the pacing rules).
 * <p>
 * {@code fulfilledAt} is when the session service (or, for coaching, the integration service) reported
 * the appointment took place; a dosing session's coaching window is measured from it, since a session can
 * end later than booked.
 */
@Document("appointments")
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
