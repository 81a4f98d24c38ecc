package care.embeddedstore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;

/**
 * A secondary (non-unique) index, which mongo-java-server does not have: it accepts {@code createIndex} for one and
 * keeps scanning. This one answers equality on the index's first field, {@code {patientId: "…"}} or
 * {@code {providerId: {$in: [...]}}}, and its presence, {@code {outboxSince: {$exists: true}}} (the outbox relay's
 * question), alongside any other conditions, which are then matched against the candidates only. It holds string
 * values of a top-level field (each element of an array); a filter on any other type, a dotted path or an operator
 * other than {@code $in} is left to a scan, so the answer is always a scan's answer. Kept in memory; a file store
 * rebuilds it from the documents when it opens.
 */
final class EqualityIndex<P> extends Index<P> {

    private static final String ID = "_id";

    private final String field;
    /** For each indexed value, the documents (by id) that hold it and where they are. */
    private final Map<String, Map<Object, P>> byValue = new HashMap<>();
    /** Where each document is, by id, whether or not it holds a value. */
    private final Map<Object, P> positions = new HashMap<>();
    /** The documents that have the field, whatever its value. */
    private final Map<Object, P> present = new HashMap<>();

    /** The order in which a scan of the collection visits positions: candidates are returned in it. */
    private final Comparator<P> scanOrder;

    EqualityIndex(String name, List<IndexKey> keys, boolean sparse, Comparator<P> scanOrder) {
        super(name, keys, sparse);
        this.scanOrder = scanOrder;
        String first = keys.getFirst().getKey();
        this.field = first.contains(".") ? null : first;
    }

    /** The string values of the field in this document: the value itself, or each element of an array. */
    private Set<String> values(Document document) {
        if (field == null) {
            return Set.of();
        }
        Object value = document.get(field);
        if (value instanceof String text) {
            return Set.of(text);
        }
        if (value instanceof Collection<?> elements) {
            Set<String> texts = new LinkedHashSet<>();
            elements.forEach(element -> {
                if (element instanceof String text) {
                    texts.add(text);
                }
            });
            return texts;
        }
        return Set.of();
    }

    /** The strings a filter asks the field to equal, or null when this index cannot answer it. */
    private List<String> wanted(Document query) {
        if (field == null || !query.containsKey(field)) {
            return null;
        }
        Object condition = query.get(field);
        if (condition instanceof String text) {
            return List.of(text);
        }
        if (condition instanceof Document expression && expression.size() == 1
                && expression.get("$in") instanceof Collection<?> list
                && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        return null;
    }

    /** Whether the filter asks only that the field exist: {@code {field: {$exists: true}}}. */
    private boolean asksPresence(Document query) {
        return field != null && query.get(field) instanceof Document expression && expression.size() == 1
                && (Boolean.TRUE.equals(expression.get("$exists"))
                        || expression.get("$exists") instanceof Number number && number.doubleValue() != 0);
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        return wanted(query) != null || asksPresence(query);
    }

    @Override
    public synchronized Iterable<P> getPositions(Document query) {
        List<String> wanted = wanted(query);
        Set<P> found = new LinkedHashSet<>();
        if (wanted == null && asksPresence(query)) {
            found.addAll(present.values());
        } else if (wanted != null) {
            for (String value : wanted) {
                Map<Object, P> documents = byValue.get(value);
                if (documents != null) {
                    found.addAll(documents.values());
                }
            }
        }
        List<P> ordered = new ArrayList<>(found);
        ordered.sort(scanOrder);
        return ordered;
    }

    @Override
    public synchronized P getPosition(Document document) {
        return positions.get(document.get(ID));
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        // Not unique: nothing to refuse.
    }

    @Override
    public synchronized void add(Document document, P position, MongoCollection<P> collection) {
        Object id = document.get(ID);
        positions.put(id, position);
        if (field != null && document.containsKey(field)) {
            present.put(id, position);
        }
        for (String value : values(document)) {
            byValue.computeIfAbsent(value, v -> new HashMap<>()).put(id, position);
        }
    }

    @Override
    public synchronized P remove(Document document) {
        Object id = document.get(ID);
        for (String value : values(document)) {
            Map<Object, P> documents = byValue.get(value);
            if (documents != null) {
                documents.remove(id);
                if (documents.isEmpty()) {
                    byValue.remove(value);
                }
            }
        }
        present.remove(id);
        return positions.remove(id);
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        // Not unique: nothing to refuse.
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, P position,
            MongoCollection<P> collection) {
        remove(oldDocument);
        add(newDocument, position, collection);
    }

    @Override
    public synchronized long getCount() {
        return positions.size();
    }

    @Override
    public long getDataSize() {
        return 0;
    }

    @Override
    public synchronized void drop() {
        byValue.clear();
        positions.clear();
        present.clear();
    }
}
