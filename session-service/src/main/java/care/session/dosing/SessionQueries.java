package care.session.dosing;

import java.time.Instant;
import java.util.List;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * What the session API lists and shows beside a session: a patient's sessions, a clinician's worklist, whether a
 * plan is paused. Reads only; the steps go through {@link Sessions}.
 */
@Component
class SessionQueries {

    private final MongoTemplate mongo;

    SessionQueries(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The patient's sessions by scheduled start (at most 100). */
    List<DosingSession> ofPatient(String patientId) {
        return mongo.find(Query.query(Criteria.where("patientId").is(patientId))
                .with(Sort.by("scheduledStart")).limit(100), DosingSession.class);
    }

    /** A clinician's sessions by scheduled start in a range, for their worklist. */
    List<DosingSession> supervisedBy(String providerId, Instant from, Instant to) {
        return mongo.find(Query.query(Criteria.where("providerId").is(providerId).and("scheduledStart").gte(from).lt(to))
                .with(Sort.by("scheduledStart")).limit(500), DosingSession.class);
    }

    /** Whether the plan is paused, as scheduling last said. */
    boolean planPaused(String planId) {
        PlanHold hold = mongo.findById(planId, PlanHold.class);
        return hold != null && hold.paused;
    }
}
