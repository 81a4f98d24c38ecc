package care.scheduling.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

import care.contracts.scheduling.TreatmentPlanCompleted;
import care.contracts.scheduling.TreatmentPlanPaused;

/**
 * A patient's treatment plan: the approved number of dosing sessions and whether the plan may go on.
 * Which session is booked lives with the appointments; the plan counts what ends a session's life:
 * fulfilment and no-shows.
 * <p>
 * A plan is paused while it is held for at least one reason ({@code holds}); each reason is kept until a
 * clinician resumes the plan, which lifts them all and is recorded in {@code resumptions}.
 */
@Document("plans")
public class TreatmentPlan {

    public enum Status {
        ACTIVE, PAUSED, COMPLETED
    }

    /**
     * A reason the plan is held for, since when, and for a safety escalation the escalations it was held for.
     */
    public record Hold(TreatmentPlanPaused.Reason reason, Instant since, List<String> escalationIds) {

        public Hold {
            escalationIds = escalationIds == null ? List.of() : List.copyOf(escalationIds);
        }
    }

    /**
     * A clinician resumed the plan: who, when, on which basis (responsible clinician, emergency access), the
     * reasons lifted and, after a severe adverse event, their rationale (kept here only, never published).
     */
    public record Resumption(String clinicianId, Instant at, String basis, List<TreatmentPlanPaused.Reason> lifted,
            String rationale) {
    }

    @Id
    String id;
    @Version
    Long version;
    String patientId;
    String consultationId;
    String programId;
    String clinicianId;
    int plannedSessions;
    Status status = Status.ACTIVE;
    int missedSinceResume;
    List<Integer> fulfilledSessions = new ArrayList<>();
    Instant createdAt;
    List<Hold> holds = new ArrayList<>();
    List<Resumption> resumptions = new ArrayList<>();
    /** How the plan ended, once it is COMPLETED. */
    TreatmentPlanCompleted.Closure closure;
    /** The clinician who ended the plan early. */
    String closedBy;

    public String id() {
        return id;
    }

    public String patientId() {
        return patientId;
    }

    public int plannedSessions() {
        return plannedSessions;
    }

    public Status status() {
        return status;
    }

    public int missedSinceResume() {
        return missedSinceResume;
    }

    public List<Integer> fulfilledSessions() {
        return List.copyOf(fulfilledSessions);
    }

    public List<Hold> holds() {
        return List.copyOf(holds);
    }

    public boolean heldFor(TreatmentPlanPaused.Reason reason) {
        return holds.stream().anyMatch(hold -> hold.reason() == reason);
    }

    public List<Resumption> resumptions() {
        return List.copyOf(resumptions);
    }

    /** Whether the plan ended before all its sessions took place (a clinician closed it, say). */
    public boolean endedEarly() {
        return status == Status.COMPLETED && closure != null
                && closure != TreatmentPlanCompleted.Closure.ALL_SESSIONS_COMPLETED;
    }

    public TreatmentPlanCompleted.Closure closure() {
        return closure;
    }
}
