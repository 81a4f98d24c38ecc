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
