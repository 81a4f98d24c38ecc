package care.embeddedstore;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The backends of the embedded MongoDB-wire store (mongo-java-server) with the indexes a service declares put to
 * use: filters that name {@code _id} are answered from the {@code _id} index ({@link IdLookup}), and a declared
 * secondary index answers equality on its first field ({@link EqualityIndex}), where mongo-java-server alone scans
 * the collection. {@link #inMemory()} is for tests, {@link #inFile(Path)} for the local stack, whose data outlives a
 * restart of the store; the file store keeps its indexes in memory ({@link HashUniqueIndex}, {@link EqualityIndex})
 * and rebuilds them from the documents when it opens.
 */
public final class EmbeddedStore {

    /** The prefixes of the H2 maps that mongo-java-server's H2 backend keeps a collection's documents and metadata in. */
    private static final String DATA_MAP = "databases.";
    private static final String META_MAP = "meta.";

    private EmbeddedStore() {
    }

    /** Everything in memory, gone when the server stops. */
    public static MongoBackend inMemory() {
        return new MemoryBackend() {
            @Override
            public MemoryDatabase openOrCreateDatabase(String name) {
                return new MemoryDatabase(name, getCursorRegistry()) {
                    @Override
                    protected Index<Integer> openOrCreateSecondaryIndex(String collection, String index,
                            List<IndexKey> keys, boolean sparse) {
                        // A memory collection is a list: a scan visits positions in ascending order.
                        return new EqualityIndex<Integer>(index, keys, sparse, Comparator.naturalOrder());
                    }

                    @Override
                    protected MemoryCollection openOrCreateCollection(String collection, CollectionOptions options) {
                        return new IndexedMemoryCollection(this, collection, options, cursorRegistry);
                    }
                };
            }
        };
    }

    /** Kept in one H2 MVStore file, created when missing. */
    public static MongoBackend inFile(Path file) {
        return new H2Backend(file.toString()) {
            @Override
            protected MongoDatabase openOrCreateDatabase(String name) {
                MVStore store = getMvStore();
                return new H2Database(name, store, getCursorRegistry()) {
                    @Override
                    protected Index<Object> openOrCreateUniqueIndex(String collection, String index,
                            List<IndexKey> keys, boolean sparse) {
                        return new HashUniqueIndex<>(index, keys, sparse);
                    }

                    @Override
                    protected Index<Object> openOrCreateSecondaryIndex(String collection, String index,
                            List<IndexKey> keys, boolean sparse) {
                        // A file collection is a sorted map: a scan visits its keys in the map's order.
                        org.h2.mvstore.type.DataType<Object> keyType = store.<Object, Document>openMap(
                                DATA_MAP + getFullCollectionNamespace(collection)).getKeyType();
                        return new EqualityIndex<>(index, keys, sparse, keyType::compare);
                    }

                    @Override
                    protected de.bwaldvogel.mongo.MongoCollection<Object> openOrCreateCollection(String collection,
                            CollectionOptions options) {
                        // The map names H2Database gives a collection, so files written before stay readable.
                        String namespace = getFullCollectionNamespace(collection);
                        return new IndexedH2Collection(this, collection, options,
                                store.openMap(DATA_MAP + namespace), store.openMap(META_MAP + namespace),
                                cursorRegistry);
                    }
                };
            }
        };
    }

    private static final class IndexedMemoryCollection extends MemoryCollection {

        IndexedMemoryCollection(MongoDatabase database, String name, CollectionOptions options,
                CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                Document projection) {
            return IdLookup.query(query, getIndexes(),
                    candidates -> matchDocuments(query, candidates, orderBy, skip, limit, batchSize, projection),
                    () -> super.queryDocuments(query, orderBy, skip, limit, batchSize, projection));
        }
    }

    private static final class IndexedH2Collection extends H2Collection {

        IndexedH2Collection(MongoDatabase database, String name, CollectionOptions options,
                MVMap<Object, Document> data, MVMap<String, Object> meta,
                CursorRegistry cursors) {
            super(database, name, options, data, meta, cursors);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                Document projection) {
            return IdLookup.query(query, getIndexes(),
                    candidates -> matchDocuments(query, candidates, orderBy, skip, limit, batchSize, projection),
                    () -> super.queryDocuments(query, orderBy, skip, limit, batchSize, projection));
        }
    }
}
