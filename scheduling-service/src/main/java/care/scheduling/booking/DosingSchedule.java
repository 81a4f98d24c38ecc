package care.scheduling.booking;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

import care.kit.domain.Aggregate;
import care.kit.domain.Refusal;
import care.scheduling.pacing.BookedDosing;
import care.scheduling.pacing.DosingPacing;
import care.scheduling.pacing.PacingPolicy;

/**
 * The guard of one patient's dosing schedule: one document per patient, holding every dosing session of theirs
 * that is booked, fulfilled or being changed, with a version. A change to the schedule (a booking, a move) is
 * checked against this document and reserved in it by one write conditional on the version read, so two
 * concurrent changes cannot both pass the pacing rules against the same state: the second write fails and the
 * change is checked again against the new version.
 * <p>
 * A change the appointments do not show yet is {@link Pending}: a booking reserves its start, a move keeps the
 * old start and reserves the new one. Pacing counts both, so whichever way the change ends (its appointment
 * written, or not), the schedule that remains was checked. Removing a session (a cancellation, a no-show, a
 * deferred session) can never break a pacing rule: its appointment is written first and the reservation
 * removed afterwards.
 * <p>
 * The methods here are pure; {@link DosingSchedules} reads and writes the document.
 */
@Aggregate
@Document("dosing_schedules")
public class DosingSchedule {

    /** What a pending change does to its appointment. */
    public enum ChangeKind {
        BOOK, MOVE
    }

    /**
     * A change reserved here whose appointment write has not been confirmed yet.
     *
     * @param change             the change's id; a moved appointment records it ({@code Appointment.scheduleChange})
     * @param kind               booking or move
     * @param start              the start it reserves (for a booking, the same as the reservation's)
     * @param appointmentVersion for a move, the appointment's version the move is written against
     * @param since              when it was reserved; an old one is settled by whoever reads the schedule next
     */
    public record Pending(String change, ChangeKind kind, Instant start, Long appointmentVersion, Instant since) {
    }

    /**
     * One dosing session of the patient.
     *
     * @param appointmentId its appointment
     * @param planId        its plan; pacing applies within a plan
     * @param sessionNumber its number in the plan
     * @param start         its committed start (for a pending booking, the reserved one)
     * @param pending       the change under way, or null
     */
    public record Reservation(String appointmentId, String planId, int sessionNumber, Instant start, Pending pending) {

        boolean pendingBooking() {
            return pending != null && pending.kind() == ChangeKind.BOOK;
        }

        /** Every start this session may end up with: the committed one and, during a move, the new one. */
        List<Instant> starts() {
            return pending != null && pending.kind() == ChangeKind.MOVE ? List.of(start, pending.start()) : List.of(start);
        }
    }

    @Id
    String patientId;
    @Version
    Long version;
    List<Reservation> sessions = new ArrayList<>();

    DosingSchedule() {
    }

    DosingSchedule(String patientId, List<Reservation> sessions) {
        this.patientId = Objects.requireNonNull(patientId, "patientId");
        this.sessions = new ArrayList<>(sessions);
    }

    public String patientId() {
        return patientId;
    }

    public Long version() {
        return version;
    }

    public List<Reservation> sessions() {
        return List.copyOf(sessions);
    }

    Optional<Reservation> reservation(String appointmentId) {
        return sessions.stream().filter(session -> session.appointmentId().equals(appointmentId)).findFirst();
    }

    /**
     * Checks that session {@code sessionNumber} of the plan may start at {@code start}, against every other
     * session of the plan reserved here, each with every start it may end up with.
     *
     * @throws Refusal a conflict ({@code session-already-booked}) when another appointment holds the session, a
     *                 rule refusal with the broken pacing rule ({@link care.scheduling.pacing.PacingViolation})
     */
    void check(PacingPolicy policy, String planId, String appointmentId, int sessionNumber, Instant start) {
        List<BookedDosing> others = new ArrayList<>();
        for (Reservation other : sessions) {
            if (!other.planId().equals(planId) || other.appointmentId().equals(appointmentId)) {
                continue;
            }
            if (other.sessionNumber() == sessionNumber) {
                throw Refusal.conflict("session-already-booked", "This session of the plan is already booked.");
            }
            for (Instant otherStart : other.starts()) {
                others.add(new BookedDosing(other.sessionNumber(), otherStart));
            }
        }
        DosingPacing.check(policy, sessionNumber, start, others).ifPresent(violation -> {
            throw Refusal.rule(violation);
        });
    }

    /** Checks a new booking and reserves it, pending until its appointment is written. */
    void reserveBooking(PacingPolicy policy, String appointmentId, String planId, int sessionNumber, Instant start,
            String change, Instant now) {
        if (reservation(appointmentId).isPresent()) {
            throw new IllegalStateException("appointment already reserved");
        }
        check(policy, planId, appointmentId, sessionNumber, start);
        sessions.add(new Reservation(appointmentId, planId, sessionNumber, start,
                new Pending(change, ChangeKind.BOOK, start, null, now)));
    }

    /**
     * Checks a move of a reserved session and reserves its new start next to its old one, pending until its
     * appointment is written.
     */
    void reserveMove(PacingPolicy policy, Reservation session, Instant start, String change, long appointmentVersion,
            Instant now) {
        if (session.pending() != null) {
            throw new IllegalStateException("a change of this session is under way");
        }
        check(policy, session.planId(), session.appointmentId(), session.sessionNumber(), start);
        replace(session, new Reservation(session.appointmentId(), session.planId(), session.sessionNumber(),
                session.start(), new Pending(change, ChangeKind.MOVE, start, appointmentVersion, now)));
    }

    /** The change's appointment was written: a booking becomes booked, a move takes its new start. */
    boolean commit(String appointmentId, String change) {
        return pendingChange(appointmentId, change).map(session -> {
            replace(session, new Reservation(session.appointmentId(), session.planId(), session.sessionNumber(),
                    session.pending().start(), null));
            return true;
        }).orElse(false);
    }

    /** The change's appointment was not written and never will be: a booking goes, a move keeps its old start. */
    boolean abandon(String appointmentId, String change) {
        return pendingChange(appointmentId, change).map(session -> {
            if (session.pendingBooking()) {
                sessions.remove(session);
            } else {
                replace(session, new Reservation(session.appointmentId(), session.planId(), session.sessionNumber(),
                        session.start(), null));
            }
            return true;
        }).orElse(false);
    }

    /** The session is no longer booked (cancelled, missed, deferred): it leaves the schedule. */
    boolean remove(String appointmentId) {
        return sessions.removeIf(session -> session.appointmentId().equals(appointmentId));
    }

    /** Pending changes reserved before {@code now - staleAfter}: their writer may have stopped. */
    List<Reservation> stale(Instant now, Duration staleAfter) {
        return sessions.stream().filter(session -> session.pending() != null
                && session.pending().since().plus(staleAfter).isBefore(now)).toList();
    }

    private Optional<Reservation> pendingChange(String appointmentId, String change) {
        return reservation(appointmentId).filter(session -> session.pending() != null
                && session.pending().change().equals(change));
    }

    private void replace(Reservation old, Reservation replacement) {
        sessions.set(sessions.indexOf(old), replacement);
    }
}
