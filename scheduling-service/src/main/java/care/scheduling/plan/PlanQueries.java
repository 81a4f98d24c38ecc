package care.scheduling.plan;

import java.util.Optional;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Reads of plans, consultation tracks and what is known of a patient. */
@Component
public class PlanQueries {

    private final MongoTemplate mongo;

    PlanQueries(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The patient's newest plan. */
    public Optional<TreatmentPlan> currentFor(String patientId) {
        return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("patientId").is(patientId))
                .with(Sort.by(Sort.Direction.DESC, "createdAt")).limit(1), TreatmentPlan.class));
    }

    public Optional<TreatmentPlan> find(String planId) {
        return Optional.ofNullable(mongo.findById(planId, TreatmentPlan.class));
    }

    /** The consultation a patient has requested and that is not decided yet. */
    public Optional<String> openConsultation(String patientId) {
        return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("patientId").is(patientId).and("status")
                .is(ConsultationTrack.Status.OPEN)), ConsultationTrack.class)).map(track -> track.id);
    }

    /** Where the patient receives care, once intake has told. */
    public Optional<String> jurisdictionOf(String patientId) {
        return record(patientId).map(PatientRecord::jurisdiction);
    }

    Optional<ConsultationTrack> track(String consultationId) {
        return Optional.ofNullable(mongo.findById(consultationId, ConsultationTrack.class));
    }

    Optional<PatientRecord> record(String patientId) {
        return Optional.ofNullable(mongo.findById(patientId, PatientRecord.class));
    }
}
