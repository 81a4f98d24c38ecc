package care.embeddedstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store answers every filter as mongo-java-server's own backend does: the same documents for reads,
 * counts, updates and deletes, in the same order, whether a filter is answered from the {@code _id} index, from a
 * declared secondary index or by a scan; and the file store keeps its data and rebuilds its indexes across a restart.
 */
class EmbeddedStoreTest {

    @TempDir
    Path folder;

    private static final List<Bson> FILTERS = List.of(
            Filters.eq("_id", "a-7"),
            Filters.and(Filters.eq("_id", "a-7"), Filters.eq("version", 7L)),
            Filters.and(Filters.eq("_id", "a-7"), Filters.eq("version", 6L)),
            Filters.and(Filters.eq("_id", "missing"), Filters.eq("version", 0L)),
            Filters.and(Filters.eq("_id", "a-3"), Filters.ne("handledEvents", "e-3")),
            Filters.and(Filters.eq("_id", "a-3"), Filters.ne("handledEvents", "e-other")),
            Filters.and(Filters.in("_id", "a-1", "a-2", "a-5", "missing"), Filters.size("outbox", 0)),
            Filters.and(Filters.in("_id", "a-1", "a-2", "a-5"), Filters.gte("version", 2L)),
            Filters.and(Filters.gt("_id", "a-5"), Filters.eq("kind", "odd")),
            Filters.and(Filters.eq("_id", new Document("tenant", "t").append("n", 4)), Filters.eq("kind", "even")),
            Filters.and(Filters.exists("outboxSince"), Filters.eq("kind", "odd")),
            Filters.eq("kind", "even"),
            Filters.and(Filters.eq("kind", "odd"), Filters.gte("version", 3L)),
            Filters.in("kind", "odd", "none"),
            Filters.and(Filters.in("kind", "even"), Filters.exists("outboxSince")),
            Filters.eq("kind", "missing"),
            Filters.eq("tags", "t-four"),
            Filters.and(Filters.eq("tags", "t-5"), Filters.eq("kind", "odd")),
            Filters.eq("tags", List.of("t-four", "t-8")),
            Filters.eq("version", 4L),
            Filters.exists("outboxSince"),
            Filters.and(Filters.exists("outboxSince"), Filters.size("outbox", 0)),
            Filters.exists("outboxSince", false));

    @Test
    void answersEveryFilterAsTheStoresOwnBackendDoes() {
        try (Store reference = new Store(MemoryBackend::new); Store memory = new Store(EmbeddedStore::inMemory);
                Store file = new Store(() -> EmbeddedStore.inFile(folder.resolve("store.mv")))) {
            for (Store store : List.of(reference, memory, file)) {
                fill(store.collection());
            }
            for (Bson filter : FILTERS) {
                List<Document> expected = find(reference.collection(), filter);
                assertThat(find(memory.collection(), filter)).as("in memory: %s", filter).isEqualTo(expected);
                assertThat(find(file.collection(), filter)).as("in a file: %s", filter).isEqualTo(expected);
                long count = reference.collection().countDocuments(filter);
                assertThat(memory.collection().countDocuments(filter)).as("count %s", filter).isEqualTo(count);
                assertThat(file.collection().countDocuments(filter)).as("count %s", filter).isEqualTo(count);
            }
            assertThat(find(memory.collection(), Filters.and(Filters.eq("_id", "a-7"), Filters.eq("version", 7L))))
                    .as("a filter with _id and more finds its document").hasSize(1);
            assertThat(find(memory.collection(), Filters.and(Filters.in("_id", "a-1", "a-2", "a-5"),
                    Filters.size("outbox", 0)))).extracting(document -> document.get("_id")).containsExactly("a-2", "a-5");
        }
    }

    @Test
    void updatesAndDeletesChangeTheSameDocumentsAsTheStoresOwnBackend() {
        try (Store reference = new Store(MemoryBackend::new); Store memory = new Store(EmbeddedStore::inMemory);
                Store file = new Store(() -> EmbeddedStore.inFile(folder.resolve("store.mv")))) {
            List<Store> stores = List.of(reference, memory, file);
            for (Store store : stores) {
                MongoCollection<Document> collection = store.collection();
                fill(collection);
                // An optimistic update: only the stored version matches.
                assertThat(collection.updateOne(Filters.and(Filters.eq("_id", "a-4"), Filters.eq("version", 3L)),
                        Updates.set("kind", "stale")).getMatchedCount()).isZero();
                assertThat(collection.updateOne(Filters.and(Filters.eq("_id", "a-4"), Filters.eq("version", 4L)),
                        Updates.combine(Updates.set("version", 5L), Updates.push("handledEvents", "e-new")))
                        .getModifiedCount()).isEqualTo(1);
                // The relay's clean-up: only documents whose outbox is empty lose their marker.
                assertThat(collection.updateMany(Filters.and(Filters.in("_id", "a-1", "a-2", "a-3"),
                        Filters.size("outbox", 0)), Updates.unset("outboxSince")).getModifiedCount()).isEqualTo(2);
                // Documents change their indexed values, and the indexes follow.
                assertThat(collection.updateMany(Filters.eq("kind", "odd"), Updates.set("kind", "was-odd"))
                        .getModifiedCount()).isEqualTo(5);
                assertThat(collection.updateOne(Filters.eq("_id", "a-2"), Updates.set("tags", List.of("t-four")))
                        .getModifiedCount()).isEqualTo(1);
                assertThat(collection.deleteMany(Filters.eq("tags", "t-four")).getDeletedCount()).isEqualTo(4);
                assertThat(collection.countDocuments(Filters.eq("kind", "odd"))).isZero();
                assertThat(collection.countDocuments(Filters.eq("kind", "was-odd"))).isEqualTo(5);
                assertThat(collection.deleteMany(Filters.and(Filters.in("_id", "a-8", "a-9"),
                        Filters.eq("kind", "was-odd"))).getDeletedCount()).isEqualTo(1);
            }
            for (Bson filter : FILTERS) {
                List<Document> expected = find(reference.collection(), filter);
                assertThat(find(memory.collection(), filter)).as("in memory: %s", filter).isEqualTo(expected);
                assertThat(find(file.collection(), filter)).as("in a file: %s", filter).isEqualTo(expected);
            }
            List<Document> expected = find(reference.collection(), new Document());
            assertThat(find(memory.collection(), new Document())).isEqualTo(expected);
            assertThat(find(file.collection(), new Document())).isEqualTo(expected);
        }
    }

    @Test
    void withoutASortDocumentsComeInTheOrderOfAScan() {
        try (Store reference = new Store(MemoryBackend::new); Store memory = new Store(EmbeddedStore::inMemory);
                Store plainFile = new Store(() -> new de.bwaldvogel.mongo.backend.h2.H2Backend(
                        folder.resolve("plain.mv").toString()));
                Store file = new Store(() -> EmbeddedStore.inFile(folder.resolve("store.mv")))) {
            for (Store store : List.of(reference, memory, plainFile, file)) {
                fill(store.collection());
                store.collection().deleteOne(Filters.eq("_id", "a-4"));
                store.collection().insertOne(new Document("_id", "a-40").append("kind", "even").append("version", 40L));
            }
            for (Bson filter : List.of(Filters.eq("kind", "even"), Filters.in("tags", "t-four", "t-3"))) {
                assertThat(memory.collection().find(filter).into(new ArrayList<>())).as("in memory: %s", filter)
                        .isEqualTo(reference.collection().find(filter).into(new ArrayList<>()));
                assertThat(file.collection().find(filter).into(new ArrayList<>())).as("in a file: %s", filter)
                        .isEqualTo(plainFile.collection().find(filter).into(new ArrayList<>()));
            }
        }
    }

    @Test
    void theFileStoreKeepsItsDocumentsAndItsIdIndexAcrossARestart() {
        Path path = folder.resolve("kept.mv");
        try (Store first = new Store(() -> EmbeddedStore.inFile(path))) {
            fill(first.collection());
        }
        try (Store again = new Store(() -> EmbeddedStore.inFile(path))) {
            assertThat(again.collection().countDocuments()).isEqualTo(11);
            // Its secondary indexes are rebuilt from the documents when it opens.
            assertThat(find(again.collection(), Filters.eq("kind", "odd"))).hasSize(5);
            assertThat(find(again.collection(), Filters.eq("tags", "t-four"))).extracting(document -> document.get("_id"))
                    .containsExactly("a-0", "a-4", "a-8");
            assertThat(find(again.collection(), Filters.and(Filters.eq("_id", "a-6"), Filters.eq("version", 6L))))
                    .extracting(document -> document.get("kind")).containsExactly("even");
            // The unique _id index is still enforced after the restart.
            assertThat(again.collection().updateOne(Filters.and(Filters.eq("_id", "a-6"), Filters.eq("version", 6L)),
                    Updates.set("version", 7L)).getModifiedCount()).isEqualTo(1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> again.collection()
                    .insertOne(new Document("_id", "a-6"))).isInstanceOf(com.mongodb.MongoWriteException.class);
        }
    }

    @Test
    void opensAFileThatMongoJavaServersOwnBackendWrote() {
        Path path = folder.resolve("older.mv");
        try (Store older = new Store(() -> new de.bwaldvogel.mongo.backend.h2.H2Backend(path.toString()))) {
            fill(older.collection());
        }
        try (Store again = new Store(() -> EmbeddedStore.inFile(path))) {
            assertThat(find(again.collection(), new Document())).hasSize(11);
            assertThat(find(again.collection(), Filters.and(Filters.eq("kind", "odd"), Filters.eq("_id", "a-3"))))
                    .hasSize(1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> again.collection()
                    .insertOne(new Document("_id", "a-3"))).isInstanceOf(com.mongodb.MongoWriteException.class);
        }
    }

    private static void fill(MongoCollection<Document> collection) {
        // Secondary indexes, as services declare them: the store's own backend accepts and ignores them.
        collection.createIndex(new Document("kind", 1).append("version", -1));
        collection.createIndex(new Document("tags", 1));
        collection.createIndex(new Document("version", 1));
        collection.createIndex(new Document("outboxSince", 1));
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Document document = new Document("_id", "a-" + i).append("version", (long) i)
                    .append("kind", i % 2 == 0 ? "even" : "odd")
                    .append("tags", i % 4 == 0 ? List.of("t-four", "t-" + i) : List.of("t-" + i))
                    .append("handledEvents", List.of("e-" + i))
                    .append("outbox", i % 3 == 1 ? List.of(new Document("eventId", "x-" + i)) : List.of());
            if (i < 5) {
                document.append("outboxSince", new java.util.Date(1_000_000L + i));
            }
            documents.add(document);
        }
        documents.add(new Document("_id", new Document("tenant", "t").append("n", 4)).append("version", 1L)
                .append("kind", "even"));
        collection.insertMany(documents);
    }

    private static List<Document> find(MongoCollection<Document> collection, Bson filter) {
        return collection.find(filter).sort(Sorts.ascending("version", "kind")).into(new ArrayList<>());
    }

    /** A server on a free port with one backend, and a client of it. */
    private static final class Store implements AutoCloseable {

        private final MongoServer server;
        private final MongoClient client;

        Store(Supplier<MongoBackend> backend) {
            server = new MongoServer(backend.get());
            java.net.InetSocketAddress address = server.bind();
            client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        }

        MongoCollection<Document> collection() {
            return client.getDatabase("care_test").getCollection("aggregates");
        }

        @Override
        public void close() {
            client.close();
            server.shutdown();
        }
    }
}
