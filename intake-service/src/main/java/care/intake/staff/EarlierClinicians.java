package care.intake.staff;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Earlier versions kept clinicians in the {@value #COLLECTION} collection. At start-up each one the staff
 * directory does not have yet is registered there as a clinician (and published), so stored data keeps working.
 * Running it again, or on several instances at once, adds nobody twice.
 */
@Component
class EarlierClinicians implements ApplicationRunner {

    static final String COLLECTION = "clinicians";
    private static final Logger log = LoggerFactory.getLogger(EarlierClinicians.class);

    private final MongoTemplate mongo;
    private final StaffRegistry staff;

    EarlierClinicians(MongoTemplate mongo, StaffRegistry staff) {
        this.mongo = mongo;
        this.staff = staff;
    }

    @Override
    public void run(ApplicationArguments args) {
        int adopted = 0;
        for (Document clinician : mongo.getCollection(COLLECTION).find()) {
            String id;
            try {
                id = UUID.fromString(String.valueOf(clinician.get("_id"))).toString();
            } catch (IllegalArgumentException notAProviderId) {
                continue;
            }
            List<String> jurisdictions = new ArrayList<>(new LinkedHashSet<>(
                    clinician.getList("licensedJurisdictions", String.class, List.of())));
            String name = clinician.getString("displayName");
            if (staff.adopt(id, name == null ? "" : name, jurisdictions)) {
                adopted++;
            }
        }
        if (adopted > 0) {
            log.info("{} clinicians of the earlier clinicians collection added to the staff directory", adopted);
        }
    }
}
