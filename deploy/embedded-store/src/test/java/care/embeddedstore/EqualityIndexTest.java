package care.embeddedstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.Test;

/** Which filters a secondary index answers, and the candidates it names as documents come, change and go. */
class EqualityIndexTest {

    private final EqualityIndex<Integer> index = new EqualityIndex<Integer>("patientId_1_start_1",
            List.of(new IndexKey("patientId", true), new IndexKey("start", true)), false, Comparator.naturalOrder());

    @Test
    void answersEqualityOnItsFirstFieldToStrings() {
        assertThat(index.canHandle(new Document("patientId", "p-1"))).isTrue();
        assertThat(index.canHandle(new Document("patientId", "p-1").append("status", "BOOKED"))).isTrue();
        assertThat(index.canHandle(new Document("patientId", new Document("$in", List.of("p-1", "p-2"))))).isTrue();
        assertThat(index.canHandle(new Document("patientId", new Document("$exists", true)))).isTrue();
        assertThat(index.canHandle(new Document("patientId", new Document("$exists", false)))).isFalse();

        assertThat(index.canHandle(new Document("start", "2026-12-01"))).as("not its first field").isFalse();
        assertThat(index.canHandle(new Document("patientId", 7))).as("a number").isFalse();
        assertThat(index.canHandle(new Document("patientId", null))).as("null also matches a missing field").isFalse();
        assertThat(index.canHandle(new Document("patientId", new Document("$gt", "p")))).isFalse();
        assertThat(index.canHandle(new Document("patientId", new Document("$in", List.of("p-1", 2))))).isFalse();
        assertThat(new EqualityIndex<Integer>("a.b_1", List.of(new IndexKey("a.b", true)), false,
                Comparator.naturalOrder()).canHandle(new Document("a.b", "x"))).as("a dotted path").isFalse();
    }

    @Test
    void namesTheDocumentsThatHoldAValueAsTheyChange() {
        index.add(patient("x-1", "p-1"), 3, null);
        index.add(patient("x-2", "p-2"), 1, null);
        index.add(patient("x-3", "p-1"), 2, null);
        index.add(new Document("_id", "x-4").append("patientId", List.of("p-2", "p-3")), 0, null);
        index.add(new Document("_id", "x-5"), 4, null);

        assertThat(index.getPositions(new Document("patientId", "p-1"))).containsExactly(2, 3);
        assertThat(index.getPositions(new Document("patientId", new Document("$in", List.of("p-2", "p-3")))))
                .containsExactly(0, 1);
        assertThat(index.getPositions(new Document("patientId", "p-9"))).isEmpty();
        assertThat(index.getPositions(new Document("patientId", new Document("$exists", true))))
                .as("every document with the field").containsExactly(0, 1, 2, 3);

        index.updateInPlace(patient("x-3", "p-1"), patient("x-3", "p-2"), 2, null);
        assertThat(index.getPositions(new Document("patientId", "p-1"))).containsExactly(3);
        assertThat(index.getPositions(new Document("patientId", "p-2"))).containsExactly(0, 1, 2);

        assertThat(index.remove(patient("x-1", "p-1"))).isEqualTo(3);
        assertThat(index.remove(new Document("_id", "x-5"))).as("a document without the field").isEqualTo(4);
        assertThat(index.getPositions(new Document("patientId", "p-1"))).isEmpty();
        assertThat(index.getPositions(new Document("patientId", new Document("$exists", 1)))).containsExactly(0, 1, 2);
        assertThat(index.getCount()).isEqualTo(3);
    }

    private static Document patient(String id, String patientId) {
        return new Document("_id", id).append("patientId", patientId);
    }
}
