package care.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import care.intake.accesslog.AccessLogEntry;
import care.intake.patient.Patient;
import care.kit.test.PlatformServiceContract;

/** Boots the intake service against the real test broker and store and checks the platform contract. */
@org.junit.jupiter.api.Tag("integration")
@IntakeIntegrationTest
class IntakeServiceIntegrationTest extends PlatformServiceContract {

    IntakeServiceIntegrationTest() {
        super("/api/intake");
    }

    /** The indexes the reads need, declared with the mappings, exist once the service runs. */
    @Test
    void declaresTheIndexesItsReadsNeed() {
        mongo.getConverter().getMappingContext().getRequiredPersistentEntity(Patient.class);
        mongo.getConverter().getMappingContext().getRequiredPersistentEntity(AccessLogEntry.class);
        assertThat(keys("patients")).contains(new Document("careTeam.staffId", 1),
                new Document("emergencyGrants.staffId", 1));
        assertThat(mongo.getCollection("access_log").listIndexes().into(new ArrayList<>()))
                .anySatisfy(index -> {
                    assertThat(index.getString("name")).isEqualTo("patient_newest_first");
                    assertThat(index.get("key", Document.class)).isEqualTo(new Document("patientId", 1).append("at", -1));
                });
    }

    private List<Document> keys(String collection) {
        return mongo.getCollection(collection).listIndexes().into(new ArrayList<>()).stream()
                .map(index -> index.get("key", Document.class)).toList();
    }
}
