package care.session.dosing;

import java.time.Instant;
import java.util.List;

import care.contracts.session.AdverseEventReported;
import care.contracts.session.SessionDeferred;
import care.session.safety.Reading;
import care.session.safety.SafetyPolicy;

/** What the API shows of a session. */
final class SessionViews {

    private SessionViews() {
    }

    /** A session in a list: no free text. */
    record Summary(String sessionId, String appointmentId, String planId, int sessionNumber, String providerId,
            DosingSession.Status status, Instant scheduledStart, Instant scheduledEnd, boolean prepared,
            Instant startedAt, Instant completedAt) {

        static Summary of(DosingSession session) {
            return new Summary(session.id, session.appointmentId, session.planId, session.sessionNumber,
                    session.providerId, session.status, session.scheduledStart, session.scheduledEnd,
                    session.prepared(), session.startedAt, session.completedAt);
        }
    }

    record Monitor(String name, String phone) {
    }

    record Preparation(String intention, boolean fastingConfirmed, Monitor monitor, boolean noDriving,
            boolean safeEnvironment, boolean complete, List<String> missing, Instant updatedAt, Instant preparedAt) {
    }

    record Vital(String readingId, Reading.Phase phase, int systolic, int diastolic, int heartRate, Instant takenAt,
            DosingSession.Source recordedBy, boolean baseline) {
    }

    record Check(int checkNumber, Instant dueAt, Instant missedAfter, MonitorCheck.State state,
            DosingSession.CheckInStatus reported, Instant checkedAt) {
    }

    record CheckIn(Instant at, DosingSession.CheckInStatus status, DosingSession.Source recordedBy, Integer checkNumber) {
    }

    record AdverseEvent(String adverseEventId, AdverseEventReported.Severity severity,
            AdverseEventReported.Category category, String description, Instant reportedAt, boolean automatic) {
    }

    record Reflection(String text, int mood, Instant submittedAt) {
    }

    record Deferral(SessionDeferred.Reason reason, Instant at) {
    }

    /**
     * A whole session, as its patient and care team see it, with what the gates look at: when it may
     * start, when the patient may be discharged at the earliest.
     */
    record Detail(String sessionId, String patientId, String appointmentId, String planId, int sessionNumber,
            String providerId, DosingSession.Status status, boolean planPaused, Instant scheduledStart,
            Instant scheduledEnd, Instant startableFrom, Preparation preparation, List<Vital> vitals, Instant startedAt,
            Instant dischargeableFrom, List<Check> monitorChecks, List<CheckIn> checkIns,
            List<AdverseEvent> adverseEvents, Instant completedAt, Integer monitoredMinutes, Deferral deferral,
            Reflection reflection) {

        static Detail of(DosingSession session, SafetyPolicy policy, boolean planPaused) {
            care.session.dosing.Preparation prep = session.preparation == null
                    ? new care.session.dosing.Preparation() : session.preparation;
            Monitor monitor = prep.monitorName == null && prep.monitorPhone == null ? null
                    : new Monitor(prep.monitorName, prep.monitorPhone);
            List<String> missing = prep.missing();
            return new Detail(session.id, session.patientId, session.appointmentId, session.planId,
                    session.sessionNumber, session.providerId, session.status, planPaused, session.scheduledStart,
                    session.scheduledEnd, session.scheduledStart.minus(policy.startWindow()),
                    new Preparation(prep.intention, prep.fastingConfirmed, monitor, prep.noDriving,
                            prep.safeEnvironment, missing.isEmpty(), missing, prep.updatedAt, session.preparedAt),
                    session.vitals.stream().map(sign -> new Vital(sign.id, sign.phase, sign.systolic, sign.diastolic,
                            sign.heartRate, sign.takenAt, sign.source, sign.id.equals(session.baselineReadingId)))
                            .toList(),
                    session.startedAt,
                    session.startedAt == null ? null : session.startedAt.plus(policy.minimumMonitoring()),
                    session.monitorChecks.stream().map(check -> new Check(check.number, check.dueAt,
                            check.dueAt.plus(policy.monitorCheckGrace()), check.state, check.reported, check.checkedAt))
                            .toList(),
                    session.checkIns.stream().map(in -> new CheckIn(in.at, in.status, in.source, in.checkNumber)).toList(),
                    session.adverseEvents.stream().map(event -> new AdverseEvent(event.id, event.severity,
                            event.category, event.description, event.reportedAt, event.automatic)).toList(),
                    session.completedAt, session.monitoredMinutes,
                    session.deferralReason == null ? null : new Deferral(session.deferralReason, session.deferredAt),
                    session.reflection == null ? null : new Reflection(session.reflection.text, session.reflection.mood,
                            session.reflection.submittedAt));
        }
    }
}
