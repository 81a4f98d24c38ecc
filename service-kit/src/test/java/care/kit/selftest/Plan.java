package care.kit.selftest;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/** A test aggregate: created from an approval, counts how often an approval was applied to it. */
@Document("plans")
class Plan {

    @Id
    String id;
    @Version
    Long version;
    String patientId;
    int approvalsApplied;

    Plan() {
    }

    Plan(String id, String patientId) {
        this.id = id;
        this.patientId = patientId;
    }
}
