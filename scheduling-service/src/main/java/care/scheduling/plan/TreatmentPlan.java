package care.scheduling.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A patient's treatment plan: the approved number of dosing sessions and whether the plan may go on.
 * Which session is booked lives with the appointments; the plan counts what ends a session's life:
 * fulfilment and no-shows.
 */
@Document("plans")
public class TreatmentPlan {

    public enum Status {
        ACTIVE, PAUSED, COMPLETED
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
}
