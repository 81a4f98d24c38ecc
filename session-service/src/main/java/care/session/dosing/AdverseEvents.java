package care.session.dosing;

import static care.session.dosing.DosingSession.uuid;

import java.time.Instant;
import java.util.UUID;
import java.util.List;

import care.contracts.CareEvent;
import care.contracts.session.AdverseEventReported;
import care.kit.domain.Refusal;
import care.session.safety.Reading;

/**
 * The adverse events of a {@link DosingSession}: reported by the supervising clinician once the session has
 * started (a blood-pressure rise with the latest peak or discharge reading), or recorded by the session itself
 * when a peak reading rose by the policy's limit. The description stays in the session; the event carries codes.
 */
final class AdverseEvents {

    private AdverseEvents() {
    }

    /**
     * An adverse event during the session or after it (reported by the supervising clinician). A retry
     * with the same request key records nothing more.
     */
    static List<CareEvent> report(DosingSession s, AdverseEventReported.Severity severity,
            AdverseEventReported.Category category, String description, String reportedBy, String requestKey,
            Instant now) {
        if (AdverseEvent.alreadyReported(s.adverseEvents, requestKey, reportedBy)) {
            return List.of();
        }
        if (s.status != DosingSession.Status.IN_PROGRESS && s.status != DosingSession.Status.COMPLETED) {
            throw Refusal.rule("session-not-started", "Session not started",
                    "Adverse events are recorded for a session that has started.");
        }
        EntryLimit.requireRoom(s.adverseEvents.size());
        Reading reading = null;
        if (category == AdverseEventReported.Category.BLOOD_PRESSURE_RISE) {
            reading = s.readings().stream().filter(candidate -> candidate.phase() != Reading.Phase.PRE_DOSE)
                    .reduce((first, second) -> second).orElseThrow(() -> Refusal.rule(
                            "no-recent-reading", "No recent reading",
                            "A blood-pressure rise is recorded with a peak or discharge reading; record the reading first."));
        }
        return List.of(add(s, severity, category, description, reportedBy, false, requestKey, reading, now));
    }

    static AdverseEventReported add(DosingSession s, AdverseEventReported.Severity severity,
            AdverseEventReported.Category category, String description, String reportedBy, boolean automatic,
            String requestKey, Reading reading, Instant now) {
        AdverseEvent event = AdverseEvent.of(severity, category, description, reportedBy, automatic, requestKey, now);
        s.adverseEvents.add(event);
        return new AdverseEventReported(UUID.randomUUID(), s.patient(), now, uuid(event.id),
                uuid(s.id), uuid(s.planId), uuid(s.providerId), severity, category,
                reading == null ? null : reading.bloodPressure());
    }
}
