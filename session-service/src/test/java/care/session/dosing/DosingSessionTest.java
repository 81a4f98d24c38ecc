package care.session.dosing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import care.contracts.CareEvent;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.session.AdverseEventReported;
import care.contracts.session.MonitorCheckMissed;
import care.contracts.session.MonitorConcernRaised;
import care.contracts.session.ReflectionSubmitted;
import care.contracts.session.SessionCompleted;
import care.contracts.session.SessionDeferred;
import care.contracts.session.SessionPrepared;
import care.contracts.session.SessionStarted;
import care.kit.domain.Refusal;
import care.session.safety.Reading;
import care.session.safety.SafetyPolicy;

/** A dosing session's steps with the time given, so every rule is checked at its boundary. */
class DosingSessionTest {

    static final SafetyPolicy POLICY = SafetyPolicy.defaults();
    final Instant scheduled = Instant.parse("2026-11-30T15:00:00Z");
    final DosingSession session = DosingSession.scheduled(new AppointmentBooked(UUID.randomUUID(), UUID.randomUUID(),
            scheduled.minus(Duration.ofDays(3)), UUID.randomUUID(), UUID.randomUUID(), null, UUID.randomUUID(),
            AppointmentKind.DOSING_SESSION, 2, scheduled, scheduled.plus(Duration.ofHours(3)), false),
            scheduled.minus(Duration.ofDays(3)));

    static Preparation complete() {
        Preparation checklist = new Preparation();
        checklist.intention = "Notice what the worry is protecting";
        checklist.fastingConfirmed = true;
        checklist.monitorName = "Alex";
        checklist.monitorPhone = "+14155550100";
        checklist.noDriving = true;
        checklist.safeEnvironment = true;
        return checklist;
    }

    Reading reading(Reading.Phase phase, int systolic, int diastolic, Instant at) {
        return new Reading(phase, systolic, diastolic, 75, at);
    }

    /** Prepared, a pre-dose reading of 128/82, started at the scheduled time. */
    Instant started() {
        session.prepare(complete(), scheduled.minus(Duration.ofDays(1)));
        session.recordVitals(reading(Reading.Phase.PRE_DOSE, 128, 82, scheduled.minusSeconds(300)),
                DosingSession.Source.CLINICIAN, POLICY);
        assertThat(session.start(scheduled, POLICY, false)).singleElement().isInstanceOf(SessionStarted.class);
        return scheduled;
    }

    static String problemType(Runnable step) {
        try {
            step.run();
        } catch (Refusal refusal) {
            return "urn:care:problem:" + refusal.type();
        }
        throw new AssertionError("the step was not refused");
    }

    @Test
    void preparationIsAnnouncedOnceWhenTheChecklistIsComplete() {
        Preparation partial = complete();
        partial.monitorPhone = null;
        assertThat(session.prepare(partial, scheduled.minus(Duration.ofDays(2)))).isEmpty();
        assertThat(session.preparation.missing()).containsExactly("monitor");
        assertThat(session.prepare(complete(), scheduled.minus(Duration.ofDays(1)))).singleElement()
                .isInstanceOf(SessionPrepared.class);
        assertThat(session.prepare(complete(), scheduled.minus(Duration.ofHours(20)))).isEmpty();
    }

    @Test
    void aStartIsRefusedWithoutPreparationAndNothingChanges() {
        session.recordVitals(reading(Reading.Phase.PRE_DOSE, 120, 80, scheduled), DosingSession.Source.PATIENT, POLICY);
        assertThat(problemType(() -> session.start(scheduled, POLICY, false)))
                .isEqualTo("urn:care:problem:preparation-incomplete");
        assertThat(session.status()).isEqualTo(DosingSession.Status.SCHEDULED);
        assertThat(session.startedAt).isNull();
    }

    @Test
    void aHighPreDoseReadingDefersTheSessionWithTheReading() {
        session.prepare(complete(), scheduled.minus(Duration.ofDays(1)));
        session.recordVitals(reading(Reading.Phase.PRE_DOSE, 141, 90, scheduled), DosingSession.Source.CLINICIAN, POLICY);
        List<CareEvent> events = session.start(scheduled.plusSeconds(30), POLICY, false);
        SessionDeferred deferred = (SessionDeferred) events.getFirst();
        assertThat(deferred.reason()).isEqualTo(SessionDeferred.Reason.BLOOD_PRESSURE_ABOVE_LIMIT);
        assertThat(deferred.bloodPressure().systolic()).isEqualTo(141);
        assertThat(session.status()).isEqualTo(DosingSession.Status.DEFERRED);
        assertThat(problemType(() -> session.start(scheduled.plusSeconds(60), POLICY, false)))
                .isEqualTo("urn:care:problem:session-not-scheduled");
    }

    @Test
    void peakAndDischargeReadingsComeAfterTheStartAPreDoseReadingBefore() {
        assertThat(problemType(() -> session.recordVitals(reading(Reading.Phase.PEAK, 120, 80, scheduled),
                DosingSession.Source.CLINICIAN, POLICY))).isEqualTo("urn:care:problem:reading-phase-not-now");
        Instant start = started();
        assertThat(problemType(() -> session.recordVitals(reading(Reading.Phase.PRE_DOSE, 120, 80, start),
                DosingSession.Source.CLINICIAN, POLICY))).isEqualTo("urn:care:problem:reading-phase-not-now");
    }

    @Test
    void aCheckInFiveMinutesLateIsInTimeOneSecondLaterTheCheckIsMissed() {
        Instant start = started();
        Instant due1 = start.plus(Duration.ofMinutes(15));
        assertThat(session.checkIn(DosingSession.CheckInStatus.OK, DosingSession.Source.PATIENT,
                due1.plus(Duration.ofMinutes(5)), POLICY)).isEmpty();
        assertThat(session.monitorChecks.getFirst().state).isEqualTo(MonitorCheck.State.CHECKED_IN);

        Instant due2 = start.plus(Duration.ofMinutes(30));
        assertThat(session.nextCheckDeadline).isEqualTo(due2.plus(Duration.ofMinutes(5)));
        List<CareEvent> late = session.checkIn(DosingSession.CheckInStatus.OK, DosingSession.Source.PATIENT,
                due2.plus(Duration.ofMinutes(5)).plusSeconds(1), POLICY);
        MonitorCheckMissed missed = (MonitorCheckMissed) late.getFirst();
        assertThat(missed.checkNumber()).isEqualTo(2);
        assertThat(missed.dueAt()).isEqualTo(due2);
        assertThat(missed.minutesLate()).isEqualTo(5);
        assertThat(missed.clinicianId().toString()).isEqualTo(session.providerId());
        // The late check-in counts for the next check instead.
        assertThat(session.monitorChecks.get(2).state).isEqualTo(MonitorCheck.State.CHECKED_IN);
    }

    @Test
    void aConcernAtACheckInAlertsTheSupervisingClinician() {
        Instant start = started();
        MonitorConcernRaised concern = (MonitorConcernRaised) session.checkIn(DosingSession.CheckInStatus.CONCERN,
                DosingSession.Source.PATIENT, start.plus(Duration.ofMinutes(16)), POLICY).getFirst();
        assertThat(concern.checkNumber()).isEqualTo(1);
        assertThat(concern.clinicianId().toString()).isEqualTo(session.providerId());
        assertThat(session.monitorChecks.getFirst().reported).isEqualTo(DosingSession.CheckInStatus.CONCERN);
        MonitorConcernRaised outside = (MonitorConcernRaised) session.checkIn(DosingSession.CheckInStatus.CONCERN,
                DosingSession.Source.PATIENT, start.plus(Duration.ofMinutes(100)), POLICY).getLast();
        assertThat(outside.checkNumber()).isNull();
    }

    @Test
    void theTimerRaisesEachMissedCheckOnce() {
        Instant start = started();
        Instant deadline1 = start.plus(Duration.ofMinutes(20));
        assertThat(session.raiseMissedChecks(deadline1, POLICY)).isEmpty();
        assertThat(session.raiseMissedChecks(deadline1.plusSeconds(1), POLICY)).singleElement()
                .isInstanceOf(MonitorCheckMissed.class);
        assertThat(session.raiseMissedChecks(deadline1.plusSeconds(2), POLICY)).isEmpty();
        assertThat(session.raiseMissedChecks(start.plus(Duration.ofHours(2)), POLICY)).hasSize(3);
        assertThat(session.nextCheckDeadline).isNull();
    }

    @Test
    void aPeakRiseOfFortySystolicRecordsOneAdverseEventWithoutADescription() {
        Instant start = started();
        Instant peak = start.plus(Duration.ofMinutes(40));
        assertThat(session.recordVitals(reading(Reading.Phase.PEAK, 167, 90, peak), DosingSession.Source.CLINICIAN,
                POLICY)).isEmpty();
        AdverseEventReported event = (AdverseEventReported) session.recordVitals(reading(Reading.Phase.PEAK, 168, 90,
                peak.plusSeconds(60)), DosingSession.Source.CLINICIAN, POLICY).getFirst();
        assertThat(event.category()).isEqualTo(AdverseEventReported.Category.BLOOD_PRESSURE_RISE);
        assertThat(event.severity()).isEqualTo(AdverseEventReported.Severity.MODERATE);
        assertThat(event.bloodPressure().systolic()).isEqualTo(168);
        assertThat(session.recordVitals(reading(Reading.Phase.PEAK, 175, 100, peak.plusSeconds(120)),
                DosingSession.Source.CLINICIAN, POLICY)).isEmpty();
        assertThat(session.adverseEvents).hasSize(1);
    }

    @Test
    void aRetriedAdverseEventReportRecordsNothingMore() {
        Instant start = started();
        String clinician = session.providerId();
        assertThat(session.reportAdverseEvent(AdverseEventReported.Severity.SEVERE,
                AdverseEventReported.Category.RESPIRATORY_DEPRESSION, "shallow breathing", clinician, "key-1",
                start.plusSeconds(600))).singleElement().isInstanceOf(AdverseEventReported.class);
        assertThat(session.reportAdverseEvent(AdverseEventReported.Severity.SEVERE,
                AdverseEventReported.Category.RESPIRATORY_DEPRESSION, "shallow breathing", clinician, "key-1",
                start.plusSeconds(605))).isEmpty();
        assertThat(session.reportAdverseEvent(AdverseEventReported.Severity.MILD, AdverseEventReported.Category.OTHER,
                "headache", clinician, null, start.plusSeconds(900))).hasSize(1);
        assertThat(session.adverseEvents).hasSize(2);
        assertThat(problemType(() -> session.reportAdverseEvent(AdverseEventReported.Severity.MILD,
                AdverseEventReported.Category.BLOOD_PRESSURE_RISE, "felt flushed", clinician, null,
                start.plusSeconds(950)))).isEqualTo("urn:care:problem:no-recent-reading");
    }

    @Test
    void dischargeAfterOneHundredAndTwentyMinutesOnAStableReading() {
        Instant start = started();
        Instant at119 = start.plus(Duration.ofMinutes(119));
        session.recordVitals(reading(Reading.Phase.DISCHARGE, 130, 85, at119), DosingSession.Source.CLINICIAN, POLICY);
        assertThat(problemType(() -> session.complete(at119, POLICY)))
                .isEqualTo("urn:care:problem:monitoring-time-not-reached");
        assertThat(session.status()).isEqualTo(DosingSession.Status.IN_PROGRESS);
        List<CareEvent> events = session.complete(start.plus(Duration.ofMinutes(120)), POLICY);
        assertThat(events).hasSize(5).filteredOn(MonitorCheckMissed.class::isInstance).hasSize(4);
        SessionCompleted completed = (SessionCompleted) events.getLast();
        assertThat(completed.monitoredMinutes()).isEqualTo(120);
        assertThat(completed.sessionNumber()).isEqualTo(2);
        assertThat(session.status()).isEqualTo(DosingSession.Status.COMPLETED);
    }

    @Test
    void anUnstableDischargeReadingKeepsThePatientMonitored() {
        Instant start = started();
        Instant later = start.plus(Duration.ofMinutes(130));
        session.recordVitals(reading(Reading.Phase.DISCHARGE, 141, 85, later), DosingSession.Source.CLINICIAN, POLICY);
        assertThat(problemType(() -> session.complete(later, POLICY)))
                .isEqualTo("urn:care:problem:blood-pressure-above-threshold");
        session.recordVitals(reading(Reading.Phase.DISCHARGE, 134, 86, later.plusSeconds(600)),
                DosingSession.Source.CLINICIAN, POLICY);
        assertThat(session.complete(later.plusSeconds(660), POLICY)).last().isInstanceOf(SessionCompleted.class);
    }

    @Test
    void oneReflectionAfterTheSessionWithoutItsText() {
        assertThat(problemType(() -> session.reflect("calm", 7, scheduled))).isEqualTo("urn:care:problem:session-not-completed");
        Instant start = started();
        Instant end = start.plus(Duration.ofMinutes(125));
        session.recordVitals(reading(Reading.Phase.DISCHARGE, 120, 80, end), DosingSession.Source.CLINICIAN, POLICY);
        session.complete(end, POLICY);
        ReflectionSubmitted submitted = (ReflectionSubmitted) session.reflect("I felt calm", 7, end.plusSeconds(3600))
                .getFirst();
        assertThat(submitted.sessionNumber()).isEqualTo(2);
        assertThat(problemType(() -> session.reflect("again", 8, end.plusSeconds(7200))))
                .isEqualTo("urn:care:problem:reflection-already-submitted");
    }

    @Test
    void aRescheduledOrCancelledAppointmentChangesOnlyASessionThatHasNotStarted() {
        Instant later = scheduled.plus(Duration.ofDays(2));
        assertThat(session.reschedule(later, later.plus(Duration.ofHours(3)), "other")).isTrue();
        assertThat(session.providerId()).isEqualTo("other");
        session.providerId = UUID.randomUUID().toString();
        session.scheduledStart = scheduled;
        session.scheduledEnd = scheduled.plus(Duration.ofHours(3));
        started();
        assertThat(session.close(DosingSession.Status.CANCELLED)).isFalse();
        assertThat(session.status()).isEqualTo(DosingSession.Status.IN_PROGRESS);
    }
}
