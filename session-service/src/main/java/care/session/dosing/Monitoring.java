package care.session.dosing;

import static care.session.dosing.DosingSession.uuid;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import care.contracts.CareEvent;
import care.contracts.session.MonitorCheckMissed;
import care.contracts.session.MonitorConcernRaised;
import care.session.safety.MonitorSchedule;
import care.session.safety.SafetyPolicy;

/**
 * The monitoring part of a {@link DosingSession} in progress: check-ins against the monitor schedule, checks
 * missed, and the next deadline the durable timer looks for. A concern alerts the supervising clinician at once.
 */
final class Monitoring {

    private Monitoring() {
    }

    /**
     * A monitor check-in at {@code now}: first every check already missed at this time is raised, then the
     * check-in counts for the earliest pending check whose window holds it. A concern alerts the
     * supervising clinician at once.
     */
    static List<CareEvent> checkIn(DosingSession s, DosingSession.CheckInStatus reported, DosingSession.Source source,
            Instant now, SafetyPolicy policy) {
        s.requireStatus(DosingSession.Status.IN_PROGRESS, "session-not-in-progress", "Check-ins are recorded while the session is in progress.");
        EntryLimit.requireRoom(s.checkIns.size());
        List<CareEvent> events = new ArrayList<>(raiseMissedChecks(s, now, policy));
        MonitorSchedule schedule = new MonitorSchedule(policy, s.startedAt);
        CheckIn checkIn = CheckIn.of(reported, source, now, MonitorCheck.checkIn(s.monitorChecks, schedule, reported, now));
        s.checkIns.add(checkIn);
        s.nextCheckDeadline = nextDeadline(s, policy);
        if (reported == DosingSession.CheckInStatus.CONCERN) {
            events.add(new MonitorConcernRaised(UUID.randomUUID(), s.patient(), now, uuid(s.id), uuid(s.providerId),
                    checkIn.checkNumber));
        }
        return events;
    }

    /** Every pending check missed at {@code now} becomes MISSED with one MonitorCheckMissed each. */
    static List<CareEvent> raiseMissedChecks(DosingSession s, Instant now, SafetyPolicy policy) {
        if (s.status != DosingSession.Status.IN_PROGRESS) {
            return List.of();
        }
        MonitorSchedule schedule = new MonitorSchedule(policy, s.startedAt);
        List<CareEvent> events = new ArrayList<>();
        for (MonitorCheck check : MonitorCheck.missAll(s.monitorChecks, schedule, now)) {
            events.add(new MonitorCheckMissed(UUID.randomUUID(), s.patient(), now, uuid(s.id), uuid(s.providerId),
                    check.number, check.dueAt, schedule.minutesLate(check.dueAt, now)));
        }
        s.nextCheckDeadline = nextDeadline(s, policy);
        return events;
    }

    static Instant nextDeadline(DosingSession s, SafetyPolicy policy) {
        if (s.status != DosingSession.Status.IN_PROGRESS) {
            return null;
        }
        return MonitorCheck.nextDeadline(s.monitorChecks, new MonitorSchedule(policy, s.startedAt));
    }
}
