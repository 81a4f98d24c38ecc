package care.session.dosing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import care.contracts.session.AdverseEventReported;

/** An adverse event of a dosing session (an element of {@code adverseEvents}); the description stays here. */
public class AdverseEvent {
    String id;
    AdverseEventReported.Severity severity;
    AdverseEventReported.Category category;
    String description;
    Instant reportedAt;
    String reportedBy;
    boolean automatic;
    /** The reporter's Idempotency-Key, so a retried report is not a second event. */
    String requestKey;

    static AdverseEvent of(AdverseEventReported.Severity severity, AdverseEventReported.Category category,
            String description, String reportedBy, boolean automatic, String requestKey, Instant now) {
        AdverseEvent event = new AdverseEvent();
        event.id = UUID.randomUUID().toString();
        event.severity = severity;
        event.category = category;
        event.description = description;
        event.reportedBy = reportedBy;
        event.automatic = automatic;
        event.requestKey = requestKey;
        event.reportedAt = now;
        return event;
    }

    /** Whether this reporter reported an event with this request key already (a retry records nothing more). */
    static boolean alreadyReported(List<AdverseEvent> events, String requestKey, String reportedBy) {
        return requestKey != null && events.stream()
                .anyMatch(event -> requestKey.equals(event.requestKey) && reportedBy.equals(event.reportedBy));
    }

    /** Whether the session recorded a blood-pressure rise by itself already (it does so once per session). */
    static boolean automaticRiseRecorded(List<AdverseEvent> events) {
        return events.stream().anyMatch(
                event -> event.automatic && event.category == AdverseEventReported.Category.BLOOD_PRESSURE_RISE);
    }
}
