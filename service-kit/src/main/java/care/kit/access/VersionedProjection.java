package care.kit.access;

import java.util.Optional;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A projection of a compacted topic whose events carry the whole state and a version: one document per key,
 * replaced only by a higher version (one single-document write, so concurrent consumers and redeliveries in any
 * order end with the highest version).
 */
final class VersionedProjection {

    /** What applying a version did. */
    enum Applied {
        /** Stored: it was newer than what the projection held. */
        STORED,
        /** The projection already held this version (a redelivery). */
        CURRENT,
        /** The projection holds a newer version: ignored. */
        STALE
    }

    static final String VERSION = "version";

    private final MongoTemplate mongo;
    private final String collection;

    VersionedProjection(MongoTemplate mongo, String collection) {
        this.mongo = mongo;
        this.collection = collection;
    }

    Optional<Document> find(String id) {
        return Optional.ofNullable(collection().find(Filters.eq("_id", id)).first());
    }

    Applied apply(String id, long version, Document state) {
        MongoCollection<Document> documents = collection();
        for (int attempt = 1;; attempt++) {
            Document current = documents.find(Filters.eq("_id", id)).first();
            Document next = new Document(state).append("_id", id).append(VERSION, version);
            if (current == null) {
                try {
                    documents.insertOne(next);
                    return Applied.STORED;
                } catch (MongoWriteException e) {
                    if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY || attempt >= 10) {
                        throw e;
                    }
                    continue;
                }
            }
            long stored = ((Number) current.get(VERSION)).longValue();
            if (stored > version) {
                return Applied.STALE;
            }
            if (stored == version) {
                return Applied.CURRENT;
            }
            if (documents.replaceOne(Filters.and(Filters.eq("_id", id), Filters.eq(VERSION, current.get(VERSION))), next)
                    .getMatchedCount() == 1) {
                return Applied.STORED;
            }
            if (attempt >= 10) {
                throw new org.springframework.dao.OptimisticLockingFailureException(
                        "Projection " + collection + " changed concurrently");
            }
        }
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(collection);
    }
}
