package care.kit.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

import care.contracts.intake.CareTeamChanged;
import care.contracts.intake.CareTeamChanged.Role;
import care.contracts.intake.StaffMemberChanged;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.kit.access.CareTeamProjection;
import care.kit.access.StaffProjection;

/**
 * Staff and care teams for a service's integration tests, published as intake publishes them (StaffMemberChanged,
 * CareTeamChanged on the real test broker) and awaited in the service's own projections, so that a test can
 * then call the service as a registered clinician of the patient's care team, say.
 *
 * <pre>{@code
 * AccessFixture access = new AccessFixture(events, mongo);
 * String clinician = access.clinician("US-CA");
 * access.team(patientId).responsible(clinician).coach(access.coach()).publish();
 * }</pre>
 */
public final class AccessFixture {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final TestEvents events;
    private final MongoTemplate mongo;
    private final Map<String, AtomicInteger> staffVersions = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> teamVersions = new ConcurrentHashMap<>();

    public AccessFixture(TestEvents events, MongoTemplate mongo) {
        this.events = events;
        this.mongo = mongo;
    }

    /** A new clinician registered in these jurisdictions (US-CA when none given); returns their id. */
    public String clinician(String... jurisdictions) {
        String id = UUID.randomUUID().toString();
        register(id, List.of(StaffRole.CLINICIAN), jurisdictions.length == 0 ? List.of("US-CA") : List.of(jurisdictions));
        return id;
    }

    /** A new registered coach; returns their id. */
    public String coach() {
        String id = UUID.randomUUID().toString();
        register(id, List.of(StaffRole.COACH), List.of());
        return id;
    }

    /** A staff id nobody registered. */
    public String unregistered() {
        return UUID.randomUUID().toString();
    }

    /** Publishes the staff member's entry (no roles: no longer registered) and waits until the service has it. */
    public void register(String staffId, List<StaffRole> roles, List<String> jurisdictions) {
        int version = staffVersions.computeIfAbsent(staffId, id -> new AtomicInteger()).incrementAndGet();
        events.publish(new StaffMemberChanged(UUID.randomUUID(), UUID.fromString(staffId), Instant.now(), version,
                roles, roles.contains(StaffRole.CLINICIAN) ? jurisdictions : List.of()));
        await(StaffProjection.COLLECTION, staffId, version);
    }

    /** Ends the staff member's registration everywhere. */
    public void deregister(String staffId) {
        register(staffId, List.of(), List.of());
    }

    /** The patient's care team from now on: the members added to the returned builder, once published. */
    public Team team(String patientId) {
        return new Team(patientId);
    }

    /** A care team being put together; {@link #publish()} replaces the patient's team with it. */
    public final class Team {

        private final String patientId;
        private final List<CareTeamChanged.Member> members = new ArrayList<>();

        private Team(String patientId) {
            this.patientId = patientId;
        }

        public Team responsible(String staffId) {
            return member(staffId, Role.RESPONSIBLE_CLINICIAN);
        }

        public Team supervising(String staffId) {
            return member(staffId, Role.SUPERVISING_CLINICIAN);
        }

        public Team coach(String staffId) {
            return member(staffId, Role.COACH);
        }

        /** Emergency access until {@code expiresAt} (in the past: an access that has ended). */
        public Team emergency(String staffId, Instant expiresAt) {
            Instant since = expiresAt.minus(Duration.ofHours(1));
            members.add(new CareTeamChanged.Member(UUID.fromString(staffId), Role.EMERGENCY_ACCESS, since, expiresAt,
                    UUID.randomUUID()));
            return this;
        }

        private Team member(String staffId, Role role) {
            members.add(new CareTeamChanged.Member(UUID.fromString(staffId), role, Instant.now(), null, null));
            return this;
        }

        /** Publishes the team and waits until the service has it. */
        public void publish() {
            int version = teamVersions.computeIfAbsent(patientId, id -> new AtomicInteger()).incrementAndGet();
            CareTeamChanged event;
            if (members.isEmpty()) {
                event = new CareTeamChanged(UUID.randomUUID(), UUID.fromString(patientId), Instant.now(), version,
                        CareTeamChanged.Change.MEMBER_REMOVED, UUID.randomUUID(), Role.COACH, List.of());
            } else {
                CareTeamChanged.Member last = members.getLast();
                CareTeamChanged.Change change = last.role() == Role.EMERGENCY_ACCESS
                        ? CareTeamChanged.Change.EMERGENCY_ACCESS_GRANTED : CareTeamChanged.Change.MEMBER_ADDED;
                event = new CareTeamChanged(UUID.randomUUID(), UUID.fromString(patientId), Instant.now(), version,
                        change, last.staffId(), last.role(), members);
            }
            events.publish(event);
            await(CareTeamProjection.COLLECTION, patientId, version);
        }
    }

    private void await(String collection, String id, int version) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Document stored = mongo.getCollection(collection).find(Filters.eq("_id", id)).first();
            if (stored != null && ((Number) stored.get("version")).intValue() >= version) {
                return;
            }
            assertThat(System.nanoTime()).as("%s %s version %d projected within %s", collection, id, version, WAIT)
                    .isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
