package care.scheduling.provider;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import care.contracts.scheduling.AppointmentKind;
import care.kit.access.StaffDirectory;
import care.kit.access.StaffMember;
import care.kit.outbox.Outbox;
import care.scheduling.placement.Placement;

/**
 * Providers: their published weekly availability ({@link ProviderSchedule}) and their registration in the staff
 * directory, as booking and slot finding read them.
 */
@Component
public class Providers {

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final StaffDirectory staff;

    Providers(MongoTemplate mongo, Outbox outbox, StaffDirectory staff) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.staff = staff;
    }

    /** The provider's published schedule, if any. */
    public Optional<ProviderSchedule> schedule(String providerId) {
        return Optional.ofNullable(mongo.findById(providerId, ProviderSchedule.class));
    }

    /** Every provider's published schedule. */
    public List<ProviderSchedule> schedules() {
        return mongo.findAll(ProviderSchedule.class);
    }

    /** The provider as {@link Placement} reads them: registration, licences and weekly availability. */
    public Placement.Provider asPlaced(String providerId) {
        Optional<StaffMember> member = staff.find(providerId);
        return new Placement.Provider(member.map(StaffMember::roles).orElse(Set.of()),
                member.map(StaffMember::licensedJurisdictions).orElse(List.of()),
                schedule(providerId).map(ProviderSchedule::availability).orElse(null));
    }

    /** Whether the provider is registered in the staff directory for the role that provides this kind. */
    public boolean registered(String providerId, AppointmentKind kind) {
        return staff.find(providerId).filter(member -> member.is(Placement.providerRole(kind))).isPresent();
    }

    /** Whether the provider is registered for the role of every one of these kinds. */
    boolean registeredForAll(String providerId, List<AppointmentKind> kinds) {
        return kinds.stream().allMatch(kind -> registered(providerId, kind));
    }

    /** Publishes (replaces) the provider's weekly availability. */
    void publish(String providerId, ZoneId zone, List<ProviderSchedule.Window> windows, Set<AppointmentKind> kinds) {
        outbox.upsert(() -> schedule(providerId), () -> ProviderSchedule.of(providerId), schedule -> {
            schedule.timeZone = zone.getId();
            schedule.weekly = new ArrayList<>(windows);
            schedule.kinds = new ArrayList<>(kinds);
            return List.of();
        });
    }
}
