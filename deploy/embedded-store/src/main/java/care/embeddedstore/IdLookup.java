package care.embeddedstore;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;

/**
 * How a filter that names a document's {@code _id} is answered from the {@code _id} index.
 * <p>
 * mongo-java-server uses an index only when the filter has exactly the index's fields: {@code {_id: x}} is a
 * lookup, but {@code {_id: x, version: 3}} (an optimistic update), {@code {_id: x, handledEvents: {$ne: e}}} or
 * {@code {_id: {$in: [...]}, outbox: {$size: 0}}} scan every document of the collection, under the collection's
 * lock. MongoDB itself uses the {@code _id} index for all of them. Here the index finds the candidates named by
 * {@code _id} (one value or an {@code $in} list), and the whole filter is then matched against those candidates
 * only, so the answer is the same as a scan's.
 */
final class IdLookup {

    private static final String ID = "_id";

    private IdLookup() {
    }

    /**
     * The part of {@code filter} that the {@code _id} index answers, or null when the filter does not name ids
     * (no {@code _id}, or an operator other than {@code $in} on it) or when it is nothing but that part (the store
     * already uses the index then).
     */
    static Document idPart(Document filter) {
        if (filter == null || filter.size() < 2 || !filter.containsKey(ID)) {
            return null;
        }
        Object id = filter.get(ID);
        if (id instanceof Document expression && expression.keySet().stream().anyMatch(key -> key.startsWith("$"))) {
            if (expression.size() != 1 || !(expression.get("$in") instanceof java.util.Collection<?>)) {
                return null;
            }
        }
        return new Document(ID, id);
    }

    /**
     * The documents that match {@code filter}: the candidates the {@code _id} index names, matched against the whole
     * filter, when an index can answer the filter's {@code _id} part; otherwise {@code scan}.
     */
    static <P> QueryResult query(Document filter, List<Index<P>> indexes,
            Function<Iterable<P>, QueryResult> matchCandidates, Supplier<QueryResult> scan) {
        Document idPart = idPart(filter);
        if (idPart != null) {
            for (Index<P> index : indexes) {
                if (index.canHandle(idPart)) {
                    return matchCandidates.apply(index.getPositions(idPart));
                }
            }
        }
        return scan.get();
    }
}
