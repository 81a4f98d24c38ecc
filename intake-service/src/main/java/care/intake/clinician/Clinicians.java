package care.intake.clinician;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import care.kit.outbox.Outbox;
import care.kit.problem.ProblemException;

/** Clinician records: read by eligibility decisions and the worklist. */
@Component
public class Clinicians {

    private final MongoTemplate mongo;
    private final Outbox outbox;

    Clinicians(MongoTemplate mongo, Outbox outbox) {
        this.mongo = mongo;
        this.outbox = outbox;
    }

    public Optional<Clinician> find(String clinicianId) {
        return Optional.ofNullable(mongo.findById(clinicianId, Clinician.class));
    }

    public Clinician put(String id, String displayName, List<String> jurisdictions) {
        return outbox.update(() -> find(id).orElseGet(Clinician::new), clinician -> {
            clinician.id = id;
            clinician.displayName = displayName;
            clinician.licensedJurisdictions = jurisdictions;
            return List.of();
        });
    }

    /** Clinician ids are provider ids: UUIDs, as events carry them. */
    public static String id(String value) {
        try {
            return UUID.fromString(value).toString();
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("The clinician");
        }
    }
}
