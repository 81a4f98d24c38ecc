package care.kit.selftest;

import java.util.ArrayList;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/** A test aggregate per patient: the session numbers in the order their completions were handled. */
@Document("journeys")
class Journey {

    @Id
    String id;
    @Version
    Long version;
    List<Integer> completedSessions = new ArrayList<>();

    Journey() {
    }

    Journey(String patientId) {
        this.id = patientId;
    }
}
