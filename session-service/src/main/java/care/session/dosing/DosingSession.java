package care.session.dosing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

import care.contracts.CareEvent;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.session.AdverseEventReported;
import care.contracts.session.MonitorCheckMissed;
import care.contracts.session.MonitorConcernRaised;
import care.contracts.session.ReflectionSubmitted;
import care.contracts.session.SessionCompleted;
import care.contracts.session.SessionDeferred;
import care.contracts.session.SessionPrepared;
import care.contracts.session.SessionStarted;
import care.kit.problem.ProblemException;
import care.session.safety.MonitorSchedule;
import care.session.safety.Reading;
import care.session.safety.Refusal;
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
@Document("sessions")
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
    public enum Source {
        PATIENT, CLINICIAN
    }

    /** What the monitor reports at a check-in. */
    public enum CheckInStatus {
        OK, CONCERN
    }

    /** Most readings, check-ins and adverse events one session keeps. */
    static final int MAX_ENTRIES = 100;

    /** The preparation checklist. */
    public static class Preparation {
        String intention;
        boolean fastingConfirmed;
        String monitorName;
        String monitorPhone;
        boolean noDriving;
        boolean safeEnvironment;
        Instant updatedAt;

        /** The items still missing, empty when the checklist is complete. */
        public List<String> missing() {
            List<String> missing = new ArrayList<>();
            if (intention == null || intention.isBlank()) {
                missing.add("intention");
            }
            if (!fastingConfirmed) {
                missing.add("fastingConfirmed");
            }
            if (monitorName == null || monitorName.isBlank() || monitorPhone == null || monitorPhone.isBlank()) {
                missing.add("monitor");
            }
            if (!noDriving) {
                missing.add("noDriving");
            }
            if (!safeEnvironment) {
                missing.add("safeEnvironment");
            }
            return missing;
        }
    }

    /** A recorded reading. */
    public static class VitalSign {
        String id;
        Reading.Phase phase;
        int systolic;
        int diastolic;
        int heartRate;
        Instant takenAt;
        Source source;

        Reading reading() {
            return new Reading(phase, systolic, diastolic, heartRate, takenAt);
        }
    }

    /** A scheduled monitor check. */
    public static class MonitorCheck {
        /** PENDING until checked in or missed. */
        public enum State {
            PENDING, CHECKED_IN, MISSED
        }

        int number;
        Instant dueAt;
        State state = State.PENDING;
        CheckInStatus reported;
        Instant checkedAt;
    }

    /** A check-in as the monitor (or the clinician) reported it. */
    public static class CheckIn {
        Instant at;
        CheckInStatus status;
        Source source;
        Integer checkNumber;
    }

    /** An adverse event; the description stays here. */
    public static class AdverseEvent {
        String id;
        AdverseEventReported.Severity severity;
        AdverseEventReported.Category category;
        String description;
        Instant reportedAt;
        String reportedBy;
        boolean automatic;
        /** The reporter's Idempotency-Key, so a retried report is not a second event. */
        String requestKey;
    }

    /** The patient's reflection after the session. */
    public static class Reflection {
        String id;
        String text;
        int mood;
        Instant submittedAt;
    }

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
        return UUID.nameUUIDFromBytes(("session:" + appointmentId).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
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
        if (status != Status.SCHEDULED) {
            return false;
        }
        status = closing;
        return true;
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
        requireRoom(vitals.size());
        VitalSign sign = new VitalSign();
        sign.id = UUID.randomUUID().toString();
        sign.phase = reading.phase();
        sign.systolic = reading.systolic();
        sign.diastolic = reading.diastolic();
        sign.heartRate = reading.heartRate();
        sign.takenAt = reading.takenAt();
        sign.source = source;
        vitals.add(sign);
        if (reading.phase() == Reading.Phase.PEAK && baseline().isPresent()
                && policy.bloodPressure().significantRise(baseline().get(), reading)
                && adverseEvents.stream().noneMatch(event -> event.automatic
                        && event.category == AdverseEventReported.Category.BLOOD_PRESSURE_RISE)) {
            return List.of(addAdverseEvent(policy.bloodPressure().riseSeverity(),
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
            case SafetyGates.Refuse refuse -> throw refused(refuse.refusal());
            case SafetyGates.Defer defer -> deferFor(SessionDeferred.Reason.BLOOD_PRESSURE_ABOVE_LIMIT, defer.reading(), now);
            case SafetyGates.Start start -> {
                status = Status.IN_PROGRESS;
                startedAt = now;
                baselineReadingId = vitals.stream().filter(sign -> sign.takenAt.equals(start.baseline().takenAt())
                        && sign.phase == Reading.Phase.PRE_DOSE).reduce((first, second) -> second).map(sign -> sign.id)
                        .orElse(null);
                MonitorSchedule schedule = new MonitorSchedule(policy, now);
                monitorChecks = new ArrayList<>();
                for (int number = 1; number <= schedule.dueTimes().size(); number++) {
                    MonitorCheck check = new MonitorCheck();
                    check.number = number;
                    check.dueAt = schedule.dueAt(number);
                    monitorChecks.add(check);
                }
                nextCheckDeadline = nextDeadline(policy);
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
     * check-in counts for the earliest pending check whose window holds it. A concern alerts the
     * supervising clinician at once.
     */
    List<CareEvent> checkIn(CheckInStatus reported, Source source, Instant now, SafetyPolicy policy) {
        requireStatus(Status.IN_PROGRESS, "session-not-in-progress", "Check-ins are recorded while the session is in progress.");
        requireRoom(checkIns.size());
        List<CareEvent> events = new ArrayList<>(raiseMissedChecks(now, policy));
        MonitorSchedule schedule = new MonitorSchedule(policy, startedAt);
        CheckIn checkIn = new CheckIn();
        checkIn.at = now;
        checkIn.status = reported;
        checkIn.source = source;
        for (MonitorCheck check : monitorChecks) {
            if (check.state == MonitorCheck.State.PENDING && schedule.counts(check.dueAt, now)) {
                check.state = MonitorCheck.State.CHECKED_IN;
                check.reported = reported;
                check.checkedAt = now;
                checkIn.checkNumber = check.number;
                break;
            }
        }
        checkIns.add(checkIn);
        nextCheckDeadline = nextDeadline(policy);
        if (reported == CheckInStatus.CONCERN) {
            events.add(new MonitorConcernRaised(UUID.randomUUID(), patient(), now, uuid(id), uuid(providerId),
                    checkIn.checkNumber));
        }
        return events;
    }

    /** Every pending check missed at {@code now} becomes MISSED with one MonitorCheckMissed each. */
    List<CareEvent> raiseMissedChecks(Instant now, SafetyPolicy policy) {
        if (status != Status.IN_PROGRESS) {
            return List.of();
        }
        MonitorSchedule schedule = new MonitorSchedule(policy, startedAt);
        List<CareEvent> events = new ArrayList<>();
        for (MonitorCheck check : monitorChecks) {
            if (check.state == MonitorCheck.State.PENDING && schedule.missedAt(check.dueAt, now)) {
                check.state = MonitorCheck.State.MISSED;
                events.add(new MonitorCheckMissed(UUID.randomUUID(), patient(), now, uuid(id), uuid(providerId),
                        check.number, check.dueAt, schedule.minutesLate(check.dueAt, now)));
            }
        }
        nextCheckDeadline = nextDeadline(policy);
        return events;
    }

    private Instant nextDeadline(SafetyPolicy policy) {
        if (status != Status.IN_PROGRESS) {
            return null;
        }
        MonitorSchedule schedule = new MonitorSchedule(policy, startedAt);
        return monitorChecks.stream().filter(check -> check.state == MonitorCheck.State.PENDING)
                .map(check -> schedule.deadline(check.dueAt)).min(Instant::compareTo).orElse(null);
    }

    /**
     * An adverse event during the session or after it (reported by the supervising clinician). A retry
     * with the same request key records nothing more.
     */
    List<CareEvent> reportAdverseEvent(AdverseEventReported.Severity severity, AdverseEventReported.Category category,
            String description, String reportedBy, String requestKey, Instant now) {
        if (requestKey != null && adverseEvents.stream().anyMatch(event -> requestKey.equals(event.requestKey)
                && reportedBy.equals(event.reportedBy))) {
            return List.of();
        }
        if (status != Status.IN_PROGRESS && status != Status.COMPLETED) {
            throw ProblemException.unprocessable("session-not-started", "Session not started",
                    "Adverse events are recorded for a session that has started.");
        }
        requireRoom(adverseEvents.size());
        Reading reading = null;
        if (category == AdverseEventReported.Category.BLOOD_PRESSURE_RISE) {
            reading = readings().stream().filter(candidate -> candidate.phase() != Reading.Phase.PRE_DOSE)
                    .reduce((first, second) -> second).orElseThrow(() -> ProblemException.unprocessable(
                            "no-recent-reading", "No recent reading",
                            "A blood-pressure rise is recorded with a peak or discharge reading; record the reading first."));
        }
        return List.of(addAdverseEvent(severity, category, description, reportedBy, false, requestKey, reading, now));
    }

    private AdverseEventReported addAdverseEvent(AdverseEventReported.Severity severity,
            AdverseEventReported.Category category, String description, String reportedBy, boolean automatic,
            String requestKey, Reading reading, Instant now) {
        AdverseEvent event = new AdverseEvent();
        event.id = UUID.randomUUID().toString();
        event.severity = severity;
        event.category = category;
        event.description = description;
        event.reportedBy = reportedBy;
        event.automatic = automatic;
        event.requestKey = requestKey;
        event.reportedAt = now;
        adverseEvents.add(event);
        return new AdverseEventReported(UUID.randomUUID(), patient(), now, uuid(event.id),
                uuid(id), uuid(planId), uuid(providerId), severity, category,
                reading == null ? null : reading.bloodPressure());
    }

    /** Discharge by the supervising clinician, after the minimum monitoring time on a stable reading. */
    List<CareEvent> complete(Instant now, SafetyPolicy policy) {
        requireStatus(Status.IN_PROGRESS, "session-not-in-progress", "Only a session in progress can be completed.");
        SafetyGates.discharge(policy, now, startedAt, readings()).ifPresent(refusal -> {
            throw refused(refusal);
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
            throw ProblemException.conflict("reflection-already-submitted", "The reflection on this session was already submitted.");
        }
        reflection = new Reflection();
        reflection.id = UUID.randomUUID().toString();
        reflection.text = text;
        reflection.mood = mood;
        reflection.submittedAt = now;
        return List.of(new ReflectionSubmitted(UUID.randomUUID(), patient(), now, uuid(reflection.id), uuid(id),
                sessionNumber, 1));
    }

    List<Reading> readings() {
        return vitals.stream().map(VitalSign::reading).toList();
    }

    Optional<Reading> baseline() {
        return vitals.stream().filter(sign -> sign.id.equals(baselineReadingId)).findFirst().map(VitalSign::reading);
    }

    private void requireStatus(Status required, String kind, String detail) {
        if (status != required) {
            throw ProblemException.unprocessable(kind, "Not possible now", detail + " This session is "
                    + status.name().toLowerCase().replace('_', ' ') + ".");
        }
    }

    private static void requireRoom(int size) {
        if (size >= MAX_ENTRIES) {
            throw ProblemException.unprocessable("session-record-full", "Session record full",
                    "This session already holds the most entries of this kind it keeps (" + MAX_ENTRIES + ").");
        }
    }

    static ProblemException refused(Refusal refusal) {
        return ProblemException.unprocessable(refusal.type(), refusal.title(), refusal.detail());
    }

    private UUID patient() {
        return UUID.fromString(patientId);
    }

    private static UUID uuid(String value) {
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
