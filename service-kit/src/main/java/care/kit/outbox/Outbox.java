package care.kit.outbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.result.UpdateResult;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;

import care.contracts.ContractEvent;
import care.kit.events.EventJson;
import care.kit.events.TraceContext;

/**
 * Saves an aggregate together with the events its change causes, in ONE single-document write: the
 * events wait inside the aggregate's own document (field {@value #PENDING}) until the
 * {@link OutboxRelay} has published them. There is no moment at which the state is saved but its events
 * are lost, on a standalone MongoDB, a replica set or the embedded store alike.
 * <p>
 * When the write happens while an event is being handled (see {@link TraceContext#causingEventId()}),
 * the same write records that event as handled by this aggregate, and a second delivery of it writes
 * nothing and returns {@link WriteResult#ALREADY_HANDLED}.
 * <p>
 * Aggregates are Spring Data mapped classes with an {@code @Id} and a {@code @Version} property. Save them
 * only through this class: a repository {@code save} replaces the whole document and would drop pending
 * events. Reading them through repositories is fine; the outbox fields are not mapped.
 */
public class Outbox {

    /** The pending events of an aggregate, oldest first. */
    public static final String PENDING = "outbox";
    /** The creation time of the oldest pending event, present only while some are pending. */
    public static final String PENDING_SINCE = "outboxSince";
    /** Ids of the most recent events this aggregate has handled. */
    public static final String HANDLED = "handledEvents";
    /** How many handled event ids each aggregate remembers. */
    public static final int HANDLED_MEMORY = 200;

    /** How often {@link #update} tries before giving up on a contended aggregate. */
    public static final int UPDATE_ATTEMPTS = 5;

    static final String REGISTRY = "outbox_collections";

    private final MongoTemplate mongo;
    private final EventJson json;
    private final Clock clock;
    private final Runnable publishedSoon;
    private final OutboxWrites writes;

    public Outbox(MongoTemplate mongo, EventJson json, Clock clock, Runnable publishedSoon) {
        this.mongo = mongo;
        this.json = json;
        this.clock = clock;
        this.publishedSoon = publishedSoon;
        this.writes = new OutboxWrites(mongo, json, clock);
    }

    /**
     * Inserts a new aggregate (version null) or updates an existing one (its version must match the
     * stored one), with these events pending. The aggregate's version property is advanced on success.
     *
     * @throws OptimisticLockingFailureException when another write changed the aggregate first
     * @throws DuplicateKeyException             when a new aggregate's id (or another unique key) exists
     */
    public WriteResult save(Object aggregate, Collection<? extends ContractEvent> events) {
        OutboxWrites.Prepared write = writes.prepare(aggregate, events, TraceContext.current().orElseGet(TraceContext::fresh));
        MongoCollection<Document> collection = mongo.getCollection(write.collection());
        if (write.insert() != null) {
            try {
                collection.insertOne(write.insert());
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    if (write.handled() != null && wasHandled(collection, write.id(), write.handled())) {
                        return WriteResult.ALREADY_HANDLED;
                    }
                    throw new DuplicateKeyException("Duplicate key in " + write.collection(), e);
                }
                throw e;
            }
        } else {
            UpdateResult result;
            try {
                result = collection.updateOne(write.condition(), write.update(), new UpdateOptions().upsert(false));
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    throw new DuplicateKeyException("Duplicate key in " + write.collection(), e);
                }
                throw e;
            }
            if (result.getMatchedCount() == 0) {
                if (write.handled() != null && wasHandled(collection, write.id(), write.handled())) {
                    return WriteResult.ALREADY_HANDLED;
                }
                throw new OptimisticLockingFailureException(aggregate.getClass().getSimpleName()
                        + " was changed by another write (expected version " + write.version() + ")");
            }
        }
        write.advanceVersion();
        if (write.hasEvents()) {
            publishedSoon.run();
        }
        return WriteResult.STORED;
    }

    /**
     * A change to store: an aggregate and the events its change causes, with the trace context it was decided in
     * (which names the event being handled, if any).
     */
    public record Change(Object aggregate, List<? extends ContractEvent> events, TraceContext trace) {

        /** A change decided now, in the current trace context. */
        public static Change of(Object aggregate, Collection<? extends ContractEvent> events) {
            return new Change(aggregate, List.copyOf(events), TraceContext.current().orElseGet(TraceContext::fresh));
        }
    }

    /**
     * Stores many changes, each decided while handling an event ({@link TraceContext#causingEventId()} set), with
     * one unordered bulk write per collection. Each change is still ONE single-document write that records its
     * event as handled in the same write, so a bulk that is applied only in part, or applied again after a
     * redelivery, changes each aggregate at most once per event. At most one change per aggregate: a second change
     * of the same aggregate belongs to a later bulk (it was decided on state the first one changes).
     *
     * @return the changes that were neither stored now nor stored before (another write changed the aggregate
     *         first, or a unique key exists), in the order given: the caller decides them again and saves them
     *         one by one
     * @throws IllegalArgumentException when a change has no causing event or an aggregate appears twice
     */
    public List<Change> saveAll(List<Change> changes) {
        Map<String, List<OutboxWrites.Prepared>> byCollection = new LinkedHashMap<>();
        List<OutboxWrites.Prepared> inOrder = new ArrayList<>(changes.size());
        Set<List<Object>> aggregates = new HashSet<>();
        for (Change change : changes) {
            OutboxWrites.Prepared write = writes.prepare(change.aggregate(), change.events(), change.trace());
            if (write.handled() == null) {
                throw new IllegalArgumentException("A bulk change must be caused by a handled event");
            }
            if (!aggregates.add(java.util.Arrays.asList(write.collection(), write.id()))) {
                throw new IllegalArgumentException("One change per aggregate in a bulk");
            }
            byCollection.computeIfAbsent(write.collection(), c -> new ArrayList<>()).add(write);
            inOrder.add(write);
        }
        Set<OutboxWrites.Prepared> notStored = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean published = false;
        for (Map.Entry<String, List<OutboxWrites.Prepared>> entry : byCollection.entrySet()) {
            List<OutboxWrites.Prepared> writes = entry.getValue();
            MongoCollection<Document> collection = mongo.getCollection(entry.getKey());
            List<WriteModel<Document>> models = new ArrayList<>(writes.size());
            for (OutboxWrites.Prepared write : writes) {
                models.add(write.insert() != null ? new InsertOneModel<>(write.insert())
                        : new UpdateOneModel<>(write.condition(), write.update()));
            }
            Set<Integer> uncertain = new HashSet<>();
            BulkWriteResult result;
            try {
                result = collection.bulkWrite(models, new BulkWriteOptions().ordered(false));
            } catch (MongoBulkWriteException e) {
                e.getWriteErrors().forEach(error -> uncertain.add(error.getIndex()));
                result = e.getWriteResult();
            }
            // The result counts matched updates but does not say which: if one matched nothing, look at each.
            long updates = 0;
            for (int i = 0; i < writes.size(); i++) {
                if (writes.get(i).insert() == null && !uncertain.contains(i)) {
                    updates++;
                }
            }
            if (!result.wasAcknowledged() || result.getMatchedCount() < updates) {
                for (int i = 0; i < writes.size(); i++) {
                    if (writes.get(i).insert() == null) {
                        uncertain.add(i);
                    }
                }
            }
            Map<Object, List<String>> handledNow = new HashMap<>();
            if (!uncertain.isEmpty()) {
                List<Object> ids = uncertain.stream().map(i -> writes.get(i).id()).toList();
                collection.find(Filters.in("_id", ids)).projection(Projections.include(HANDLED))
                        .forEach(document -> handledNow.put(document.get("_id"),
                                document.getList(HANDLED, String.class, List.of())));
            }
            for (int i = 0; i < writes.size(); i++) {
                OutboxWrites.Prepared write = writes.get(i);
                if (!uncertain.contains(i)) {
                    write.advanceVersion();
                    published |= write.hasEvents();
                } else if (!handledNow.getOrDefault(write.id(), List.of()).contains(write.handled())) {
                    notStored.add(write);
                } else {
                    // Stored: now (this write) or before (a redelivery); either way the event's effect is there.
                    published |= write.hasEvents();
                }
            }
        }
        if (published) {
            publishedSoon.run();
        }
        List<Change> again = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            if (notStored.contains(inOrder.get(i))) {
                again.add(changes.get(i));
            }
        }
        return again;
    }

    /** Where an aggregate is stored: its collection and id. */
    public List<Object> identity(Object aggregate) {
        return writes.identity(aggregate);
    }

    /**
     * Reads an aggregate, applies {@code change} (which returns the events it causes) and saves both; when
     * another write got there first, reads it again and re-applies the change, so every rule the change
     * checks is checked against the state it is stored with.
     *
     * @throws OptimisticLockingFailureException after {@value #UPDATE_ATTEMPTS} conflicting attempts
     */
    public <A> A update(Supplier<A> current, Function<A, ? extends List<? extends ContractEvent>> change) {
        return upsert(() -> Optional.of(current.get()), () -> {
            throw new IllegalStateException("update() reads an existing aggregate");
        }, change);
    }

    /**
     * Find-or-create: reads the stored aggregate, or starts a new one (version null) from {@code fresh}, applies
     * {@code change} and saves it with the events the change returns (a {@code null} list: nothing changed, nothing
     * is written). When another write got there first (a concurrent update, or a concurrent first write of the same
     * id), it reads again and re-applies the change, at most {@value #UPDATE_ATTEMPTS} times in all, so every rule is
     * checked against the state it is stored with. A refusal thrown by the change goes to the caller as it is.
     *
     * @return the aggregate as saved (or as read, when nothing changed)
     * @throws OptimisticLockingFailureException when every attempt lost a race
     */
    public <A> A upsert(Supplier<Optional<A>> stored, Supplier<A> fresh,
            Function<A, ? extends List<? extends ContractEvent>> change) {
        for (int attempt = 1;; attempt++) {
            A aggregate = stored.get().orElseGet(fresh);
            List<? extends ContractEvent> events = change.apply(aggregate);
            if (events == null) {
                return aggregate;
            }
            try {
                save(aggregate, events);
                return aggregate;
            } catch (OptimisticLockingFailureException | DuplicateKeyException lost) {
                if (lost instanceof DuplicateKeyException && !writes.isNew(aggregate)) {
                    throw lost; // another unique key than the id: retrying cannot help
                }
                if (attempt >= UPDATE_ATTEMPTS) {
                    throw lost instanceof OptimisticLockingFailureException conflict ? conflict
                            : new OptimisticLockingFailureException(aggregate.getClass().getSimpleName()
                                    + " was created by another write at the same time", lost);
                }
                pauseAfter(attempt);
            }
        }
    }

    /** A short, growing, jittered pause, so that writers who lost a race do not collide again at once. */
    private static void pauseAfter(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 1 + 5L * attempt));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new OptimisticLockingFailureException("Interrupted while retrying a contended write");
        }
    }

    private static boolean wasHandled(MongoCollection<Document> collection, Object id, String eventId) {
        return collection.countDocuments(new Document("_id", id).append(HANDLED, eventId)) > 0;
    }
}
