package care.intake.staff;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import care.kit.domain.Refusal;
import care.contracts.intake.StaffMemberChanged;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.kit.outbox.Outbox;

/**
 * The staff directory: one {@link StaffEntry} per staff id. Every change of roles or jurisdictions publishes the
 * whole entry (StaffMemberChanged, on the compacted staff topic) in the same write.
 */
@Component
public class StaffRegistry {

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final Clock clock;

    StaffRegistry(MongoTemplate mongo, Outbox outbox, Clock clock) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Optional<StaffEntry> find(String staffId) {
        return Optional.ofNullable(mongo.findById(staffId, StaffEntry.class));
    }

    /** The names of these staff members, for those in the directory. */
    public Map<String, String> displayNames(Collection<String> staffIds) {
        Map<String, String> names = new HashMap<>();
        Query query = Query.query(Criteria.where("_id").in(staffIds));
        query.fields().include("displayName");
        mongo.find(query, StaffEntry.class).forEach(entry -> names.put(entry.id, entry.displayName));
        return names;
    }

    /** Everyone registered now (for this role, when given), by name. */
    public List<StaffEntry> registered(Optional<StaffRole> role) {
        Query query = role.map(r -> Query.query(Criteria.where("roles").is(r.name()))).orElseGet(Query::new);
        return mongo.find(query.with(Sort.by("displayName", "_id")), StaffEntry.class).stream()
                .filter(StaffEntry::registered).toList();
    }

    /** Registers the role (keeping the other) and sets the name; publishes the entry when roles or licences changed. */
    StaffEntry register(String staffId, StaffRole role, String displayName, List<String> jurisdictions) {
        return outbox.update(() -> find(staffId).orElseGet(() -> newEntry(staffId)), entry -> {
            entry.displayName = displayName;
            return entry.register(role, jurisdictions) ? List.of(entry.changed(now())) : List.of();
        });
    }

    /** Ends the registration for the role; false when the staff member was not registered for it. */
    boolean end(String staffId, StaffRole role) {
        if (find(staffId).filter(entry -> entry.is(role)).isEmpty()) {
            return false;
        }
        boolean[] ended = new boolean[1];
        outbox.update(() -> find(staffId).orElseThrow(), entry -> {
            ended[0] = entry.end(role);
            return ended[0] ? List.of(entry.changed(now())) : List.of();
        });
        return ended[0];
    }

    /**
     * Adds a clinician as an earlier version of the service registered them, unless the directory has them
     * already; false when it has.
     */
    boolean adopt(String staffId, String displayName, List<String> jurisdictions) {
        if (find(staffId).isPresent()) {
            return false;
        }
        StaffEntry entry = newEntry(staffId);
        entry.displayName = displayName;
        entry.register(StaffRole.CLINICIAN, jurisdictions);
        StaffMemberChanged changed = entry.changed(now());
        try {
            outbox.save(entry, List.of(changed));
            return true;
        } catch (DuplicateKeyException alreadyThere) {
            return false;
        }
    }

    private static StaffEntry newEntry(String staffId) {
        StaffEntry entry = new StaffEntry();
        entry.id = staffId;
        return entry;
    }

    private Instant now() {
        return clock.instant();
    }

    /** Staff ids are provider ids: UUIDs, in canonical lowercase form. Anything else names nobody. */
    public static String id(String value, String what) {
        try {
            return UUID.fromString(value).toString();
        } catch (IllegalArgumentException e) {
            throw Refusal.notFound(what);
        }
    }
}
