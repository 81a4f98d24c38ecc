package care.embeddedstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.Test;

/** Which filters the {@code _id} index answers. */
class IdLookupTest {

    @Test
    void aFilterThatNamesIdsAndMoreIsAnsweredByIdFirst() {
        assertThat(IdLookup.idPart(new Document("_id", "a").append("version", 3L)))
                .isEqualTo(new Document("_id", "a"));
        Document in = new Document("$in", List.of("a", "b"));
        assertThat(IdLookup.idPart(new Document("_id", in).append("outbox", new Document("$size", 0))))
                .isEqualTo(new Document("_id", in));
        Document compositeId = new Document("tenant", "t").append("n", 4);
        assertThat(IdLookup.idPart(new Document("_id", compositeId).append("kind", "even")))
                .isEqualTo(new Document("_id", compositeId));
    }

    @Test
    void otherFiltersAreLeftToTheStore() {
        assertThat(IdLookup.idPart(new Document("_id", "a"))).as("already an index lookup").isNull();
        assertThat(IdLookup.idPart(new Document("version", 3L).append("kind", "odd"))).isNull();
        assertThat(IdLookup.idPart(new Document("_id", new Document("$gt", "a")).append("kind", "odd"))).isNull();
        assertThat(IdLookup.idPart(new Document("_id", new Document("$in", List.of("a")).append("$ne", "b"))
                .append("kind", "odd"))).isNull();
        assertThat(IdLookup.idPart(null)).isNull();
    }
}
