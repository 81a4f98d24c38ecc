package care.kit.outbox;

import static care.kit.outbox.Outbox.HANDLED;
import static care.kit.outbox.Outbox.HANDLED_MEMORY;
import static care.kit.outbox.Outbox.PENDING;
import static care.kit.outbox.Outbox.PENDING_SINCE;
import static care.kit.outbox.Outbox.REGISTRY;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.MongoPersistentEntity;
import org.springframework.data.mongodb.core.mapping.MongoPersistentProperty;

import care.contracts.ContractEvent;
import care.kit.events.EventJson;
import care.kit.events.TraceContext;

/**
 * How the {@link Outbox} writes an aggregate: its mapped state, its pending events and the handled event as ONE
 * document write (an insert of a new aggregate, or an update conditioned on its version), and the relay's
 * registration of every collection that holds events.
 */
final class OutboxWrites {

    private final MongoTemplate mongo;
    private final EventJson json;
    private final Clock clock;
    /** The collections this process has registered with the relay, each once, before any write to it goes on. */
    private final ConcurrentHashMap<String, Boolean> registered = new ConcurrentHashMap<>();

    OutboxWrites(MongoTemplate mongo, EventJson json, Clock clock) {
        this.mongo = mongo;
        this.json = json;
        this.clock = clock;
    }

    /** Where an aggregate is stored: its collection and id. */
    List<Object> identity(Object aggregate) {
        MongoPersistentEntity<?> entity = mongo.getConverter().getMappingContext()
                .getRequiredPersistentEntity(aggregate.getClass());
        if (entity.getIdProperty() == null) {
            throw new IllegalArgumentException(aggregate.getClass().getSimpleName() + " needs @Id and @Version");
        }
        Object id = mongo.getConverter().convertToMongoType(entity.getPropertyAccessor(aggregate)
                .getProperty(entity.getIdProperty()));
        return java.util.Arrays.asList(entity.getCollection(), id);
    }

    /** One aggregate's single-document write: an insert, or an update conditioned on its version. */
    record Prepared(String collection, Object id, Number version, Document insert, Bson condition, Bson update,
            String handled, boolean hasEvents, Runnable advance) {

        void advanceVersion() {
            advance.run();
        }
    }

    Prepared prepare(Object aggregate, Collection<? extends ContractEvent> events, TraceContext trace) {
        MongoPersistentEntity<?> entity = mongo.getConverter().getMappingContext()
                .getRequiredPersistentEntity(aggregate.getClass());
        MongoPersistentProperty versionProperty = entity.getVersionProperty();
        if (versionProperty == null || entity.getIdProperty() == null) {
            throw new IllegalArgumentException(aggregate.getClass().getSimpleName() + " needs @Id and @Version");
        }
        PersistentPropertyAccessor<Object> accessor = entity.getPropertyAccessor(aggregate);
        Object id = mongo.getConverter().convertToMongoType(accessor.getProperty(entity.getIdProperty()));
        if (id == null) {
            throw new IllegalArgumentException(aggregate.getClass().getSimpleName() + " has no id");
        }
        Number version = (Number) accessor.getProperty(versionProperty);
        String versionField = versionProperty.getFieldName();

        Document state = new Document();
        mongo.getConverter().write(aggregate, state);
        state.remove("_id");
        state.remove(versionField);
        for (String reserved : List.of(PENDING, PENDING_SINCE, HANDLED)) {
            if (state.containsKey(reserved)) {
                throw new IllegalArgumentException(aggregate.getClass().getSimpleName() + " may not map a field named "
                        + reserved);
            }
        }

        Instant now = clock.instant();
        List<Document> pending = new ArrayList<>();
        for (ContractEvent event : events) {
            pending.add(OutboxMessage.of(event, json, trace, now).toDocument());
        }
        String handled = trace.causingEventId() == null ? null : trace.causingEventId().toString();
        if (!pending.isEmpty()) {
            // Only collections that ever hold events are read by the relay.
            register(entity.getCollection());
        }

        long newVersion = version == null ? 0 : version.longValue() + 1;
        Runnable advance = () -> accessor.setProperty(versionProperty, versionProperty.getType() == Integer.class
                || versionProperty.getType() == int.class ? (Object) (int) newVersion : (Object) newVersion);
        if (version == null) {
            Document document = new Document("_id", id).append(versionField, newVersion);
            document.putAll(state);
            document.append(PENDING, pending);
            if (!pending.isEmpty()) {
                document.append(PENDING_SINCE, Date.from(now));
            }
            if (handled != null) {
                document.append(HANDLED, List.of(handled));
            }
            return new Prepared(entity.getCollection(), id, null, document, null, null, handled, !pending.isEmpty(),
                    advance);
        }
        // A flat filter document (not $and): stores can then find the document by its _id index.
        Document condition = new Document("_id", id).append(versionField, version);
        if (handled != null) {
            condition.append(HANDLED, new Document("$ne", handled));
        }
        List<Bson> updates = new ArrayList<>();
        state.forEach((field, value) -> updates.add(Updates.set(field, value)));
        // The converter leaves null properties out: remove them from the stored document, or a field set
        // to null (an erased address, a cleared deadline) would keep its old value.
        entity.doWithProperties((org.springframework.data.mapping.PropertyHandler<MongoPersistentProperty>) property -> {
            if (!property.isIdProperty() && !property.isVersionProperty() && property.isWritable()
                    && !state.containsKey(property.getFieldName())) {
                updates.add(Updates.unset(property.getFieldName()));
            }
        });
        updates.add(Updates.set(versionField, newVersion));
        if (!pending.isEmpty()) {
            updates.add(Updates.pushEach(PENDING, pending));
            updates.add(Updates.min(PENDING_SINCE, Date.from(now)));
        }
        if (handled != null) {
            // Remembers the most recent handled ids only: older ones belong to long-settled events.
            updates.add(Updates.pushEach(HANDLED, List.of(handled), new PushOptions().slice(-HANDLED_MEMORY)));
        }
        return new Prepared(entity.getCollection(), id, version, null, condition, Updates.combine(updates), handled,
                !pending.isEmpty(), advance);
    }

    boolean isNew(Object aggregate) {
        MongoPersistentEntity<?> entity = mongo.getConverter().getMappingContext()
                .getRequiredPersistentEntity(aggregate.getClass());
        MongoPersistentProperty version = entity.getVersionProperty();
        return version == null || entity.getPropertyAccessor(aggregate).getProperty(version) == null;
    }

    /**
     * Registers the collection with the relay and declares its index, once per process. Concurrent first writes to
     * the same collection wait until that is done: an index being created while documents are inserted makes the
     * embedded store fail the insert (mongo-java-server changes a collection's index list without a lock). A failed
     * registration is tried again by the next write.
     */
    private void register(String collection) {
        registered.computeIfAbsent(collection, name -> {
            mongo.getCollection(REGISTRY).updateOne(Filters.eq("_id", name),
                    Updates.setOnInsert("registeredAt", Date.from(clock.instant())), new UpdateOptions().upsert(true));
            mongo.getCollection(name).createIndex(new Document(PENDING_SINCE, 1));
            return Boolean.TRUE;
        });
    }
}
