package care.session.dosing;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Whether a treatment plan is paused, as scheduling last said. A paused plan's sessions do not start
 * until a clinician resumes it.
 */
@Document("plan_holds")
class PlanHold {

    @Id
    String id;
    @Version
    Long version;
    boolean paused;
    Instant changedAt;

    static PlanHold of(String planId) {
        PlanHold hold = new PlanHold();
        hold.id = planId;
        return hold;
    }
}
