package care.session.dosing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import care.contracts.CareEvent;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.session.AdverseEventReported;
import care.contracts.session.ReflectionSubmitted;
import care.contracts.session.SessionCompleted;
import care.contracts.session.SessionDeferred;
import care.contracts.session.SessionPrepared;
import care.contracts.session.SessionStarted;
import care.kit.domain.Aggregate;
import care.kit.domain.DerivedIds;
import care.kit.domain.Refusal;
import care.session.safety.MonitorSchedule;
import care.session.safety.Reading;
import care.session.safety.SafetyGates;
import care.session.safety.SafetyPolicy;

/**
 * One supervised dosing session, from its booked appointment to the patient's reflection: one document,
 * so every step, its safety checks and the events it causes are one write. The free text (intention,
 * monitor's contact, adverse-event descriptions, reflection) stays in this document; events carry ids,
 * codes and numbers only.
 * <p>
 * Each step takes the time as an argument, so the rules are tested at their boundaries without waiting.
 */
@Aggregate
@Document("sessions")
@CompoundIndex(def = "{'patientId': 1}")
@CompoundIndex(def = "{'providerId': 1, 'scheduledStart': 1}")
@CompoundIndex(def = "{'nextCheckDeadline': 1}", sparse = true)
public class DosingSession {

    /** Where a session is in its life. */
    public enum Status {
        /** Booked; the patient prepares. */
        SCHEDULED,
        /** Dosed and under supervision. */
        IN_PROGRESS,
        /** Discharged after the minimum monitoring time. */
        COMPLETED,
        /** Not started (for example blood pressure above the limit); the session is booked again. */
        DEFERRED,
        /** The appointment was cancelled. */
        CANCELLED,
        /** The patient did not attend. */
        MISSED
    }

    /** Who recorded a reading or a check-in. */
    public enum Source { PATIENT, CLINICIAN }

    /** What the monitor reports at a check-in. */
    public enum CheckInStatus { OK, CONCERN }

    @Id
    String id;
    @Version
    Long version;
    String patientId;
    String appointmentId;
    String planId;
    int sessionNumber;
    String providerId;
    Instant scheduledStart;
    Instant scheduledEnd;
    Status status = Status.SCHEDULED;
    Preparation preparation = new Preparation();
    Instant preparedAt;
    List<VitalSign> vitals = new ArrayList<>();
    Instant startedAt;
    String baselineReadingId;
    List<MonitorCheck> monitorChecks = new ArrayList<>();
    List<CheckIn> checkIns = new ArrayList<>();
    /** The earliest time a pending monitor check is missed; what the durable timer looks for. */
    Instant nextCheckDeadline;
    List<AdverseEvent> adverseEvents = new ArrayList<>();
    Instant completedAt;
    Integer monitoredMinutes;
    SessionDeferred.Reason deferralReason;
    Instant deferredAt;
    Reflection reflection;
    Instant createdAt;

    /** The session id of an appointment: the same appointment always gives the same session. */
    static String idFor(UUID appointmentId) {
        return DerivedIds.of("session", appointmentId).toString();
    }

    static DosingSession scheduled(AppointmentBooked booked, Instant now) {
        DosingSession session = new DosingSession();
        session.id = idFor(booked.appointmentId());
        session.patientId = booked.patientId().toString();
        session.appointmentId = booked.appointmentId().toString();
        session.planId = booked.planId().toString();
        session.sessionNumber = booked.sessionNumber();
        session.providerId = booked.providerId().toString();
        session.scheduledStart = booked.startsAt();
        session.scheduledEnd = booked.endsAt();
        session.createdAt = now;
        return session;
    }

    /** The appointment moved (perhaps to another clinician); only a session not yet started moves. */
    boolean reschedule(Instant start, Instant end, String provider) {
        if (status != Status.SCHEDULED) {
            return false;
        }
        scheduledStart = start;
        scheduledEnd = end;
        providerId = provider;
        return true;
    }

    /** The appointment was cancelled or missed; a session that has started or ended stays as it is. */
    boolean close(Status closing) {
        boolean closes = status == Status.SCHEDULED;
        status = closes ? closing : status;
        return closes;
    }

    List<CareEvent> prepare(Preparation checklist, Instant now) {
        requireStatus(Status.SCHEDULED, "session-not-scheduled", "Only a session that has not started can be prepared.");
        checklist.updatedAt = now;
        preparation = checklist;
        if (preparedAt == null && checklist.missing().isEmpty()) {
            preparedAt = now;
            return List.of(new SessionPrepared(UUID.randomUUID(), patient(), now, uuid(id), uuid(appointmentId),
                    uuid(planId), sessionNumber));
        }
        return List.of();
    }

    boolean prepared() {
        return preparation != null && preparation.missing().isEmpty();
    }

    /**
     * Records a reading: pre-dose before the start, peak and discharge while in progress. A peak reading
     * that rose by the limit over the baseline records an adverse event (once per session).
     */
    List<CareEvent> recordVitals(Reading reading, Source source, SafetyPolicy policy) {
        if (reading.phase() == Reading.Phase.PRE_DOSE) {
            requireStatus(Status.SCHEDULED, "reading-phase-not-now", "A pre-dose reading is taken before the start.");
        } else {
            requireStatus(Status.IN_PROGRESS, "reading-phase-not-now",
                    "Peak and discharge readings are taken after the start, before the discharge.");
        }
        EntryLimit.requireRoom(vitals.size());
        VitalSign sign = VitalSign.of(reading, source, UUID.randomUUID().toString());
        vitals.add(sign);
        Optional<Reading> baseline = VitalSign.find(vitals, baselineReadingId);
        if (reading.phase() == Reading.Phase.PEAK && baseline.isPresent()
                && policy.bloodPressure().significantRise(baseline.get(), reading)
                && !AdverseEvent.automaticRiseRecorded(adverseEvents)) {
            return List.of(AdverseEvents.add(this, policy.bloodPressure().riseSeverity(),
                    AdverseEventReported.Category.BLOOD_PRESSURE_RISE, null, "system", true, null, reading, reading.takenAt()));
        }
        return List.of();
    }

    /**
     * A start request by the supervising clinician: starts the session, defers it when the pre-dose blood
     * pressure is above the limit, or refuses it (422, nothing changes).
     */
    List<CareEvent> start(Instant now, SafetyPolicy policy, boolean planPaused) {
        requireStatus(Status.SCHEDULED, "session-not-scheduled", "Only a scheduled session can start.");
        SafetyGates.StartDecision decision = SafetyGates.start(policy, now, scheduledStart, scheduledEnd, planPaused,
                prepared(), readings());
        return switch (decision) {
            case SafetyGates.Refuse refuse -> throw Refusal.rule(refuse.refusal());
            case SafetyGates.Defer defer -> deferFor(SessionDeferred.Reason.BLOOD_PRESSURE_ABOVE_LIMIT, defer.reading(), now);
            case SafetyGates.Start start -> {
                status = Status.IN_PROGRESS;
                startedAt = now;
                baselineReadingId = VitalSign.idOf(vitals, start.baseline());
                monitorChecks = MonitorCheck.laidOut(new MonitorSchedule(policy, now));
                nextCheckDeadline = Monitoring.nextDeadline(this, policy);
                yield List.of(new SessionStarted(UUID.randomUUID(), patient(), now, uuid(id), uuid(appointmentId),
                        uuid(planId), sessionNumber, uuid(providerId)));
            }
        };
    }

    /** The supervising clinician defers a session that has not started, for a reason other than a reading. */
    List<CareEvent> defer(SessionDeferred.Reason reason, Instant now) {
        requireStatus(Status.SCHEDULED, "session-not-scheduled", "Only a session that has not started can be deferred.");
        return deferFor(reason, null, now);
    }

    private List<CareEvent> deferFor(SessionDeferred.Reason reason, Reading reading, Instant now) {
        status = Status.DEFERRED;
        deferralReason = reason;
        deferredAt = now;
        return List.of(new SessionDeferred(UUID.randomUUID(), patient(), now, uuid(id), uuid(appointmentId), uuid(planId),
                sessionNumber, reason, reading == null ? null : reading.bloodPressure()));
    }

    /**
     * A monitor check-in at {@code now}: first every check already missed at this time is raised, then the
     * check-in counts for the earliest pending check whose window holds it (see {@link Monitoring}).
     */
    List<CareEvent> checkIn(CheckInStatus reported, Source source, Instant now, SafetyPolicy policy) {
        return Monitoring.checkIn(this, reported, source, now, policy);
    }

    /** Every pending check missed at {@code now} becomes MISSED with one MonitorCheckMissed each. */
    List<CareEvent> raiseMissedChecks(Instant now, SafetyPolicy policy) {
        return Monitoring.raiseMissedChecks(this, now, policy);
    }

    /**
     * An adverse event during the session or after it (reported by the supervising clinician). A retry
     * with the same request key records nothing more (see {@link AdverseEvents}).
     */
    List<CareEvent> reportAdverseEvent(AdverseEventReported.Severity severity, AdverseEventReported.Category category,
            String description, String reportedBy, String requestKey, Instant now) {
        return AdverseEvents.report(this, severity, category, description, reportedBy, requestKey, now);
    }

    /** Discharge by the supervising clinician, after the minimum monitoring time on a stable reading. */
    List<CareEvent> complete(Instant now, SafetyPolicy policy) {
        requireStatus(Status.IN_PROGRESS, "session-not-in-progress", "Only a session in progress can be completed.");
        SafetyGates.discharge(policy, now, startedAt, readings()).ifPresent(refusal -> {
            throw Refusal.rule(refusal);
        });
        List<CareEvent> events = new ArrayList<>(raiseMissedChecks(now, policy));
        status = Status.COMPLETED;
        completedAt = now;
        monitoredMinutes = (int) Duration.between(startedAt, now).toMinutes();
        nextCheckDeadline = null;
        events.add(new SessionCompleted(UUID.randomUUID(), patient(), now, uuid(id), uuid(appointmentId), uuid(planId),
                sessionNumber, uuid(providerId), monitoredMinutes));
        return events;
    }

    /** The patient's reflection, once, after the session. */
    List<CareEvent> reflect(String text, int mood, Instant now) {
        requireStatus(Status.COMPLETED, "session-not-completed", "A reflection follows a completed session.");
        if (reflection != null) {
            throw Refusal.conflict("reflection-already-submitted", "The reflection on this session was already submitted.");
        }
        reflection = Reflection.of(text, mood, now);
        return List.of(new ReflectionSubmitted(UUID.randomUUID(), patient(), now, uuid(reflection.id), uuid(id),
                sessionNumber, 1));
    }

    List<Reading> readings() {
        return vitals.stream().map(VitalSign::reading).toList();
    }

    void requireStatus(Status required, String kind, String detail) {
        if (status != required) {
            throw Refusal.rule(kind, "Not possible now", detail + " This session is "
                    + status.name().toLowerCase().replace('_', ' ') + ".");
        }
    }

    UUID patient() {
        return UUID.fromString(patientId);
    }

    static UUID uuid(String value) {
        return UUID.fromString(value);
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

    public Status status() {
        return status;
    }
}
