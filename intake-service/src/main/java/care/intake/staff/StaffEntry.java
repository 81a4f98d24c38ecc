package care.intake.staff;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

import care.contracts.intake.StaffMemberChanged;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.kit.access.StaffMember;

/**
 * A staff member's entry in the clinic's directory: the roles they are registered for (a clinician with the
 * jurisdictions they are licensed in, a coach) and their name. Its {@code revision} numbers the published
 * StaffMemberChanged events, one more with each change of roles or jurisdictions.
 */
@Document(StaffEntry.COLLECTION)
public class StaffEntry {

    public static final String COLLECTION = "staff";

    @Id
    String id;
    @Version
    Long version;
    String displayName;
    List<StaffRole> roles = new ArrayList<>();
    List<String> licensedJurisdictions = new ArrayList<>();
    int revision;
    Instant changedAt;

    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public List<StaffRole> roles() {
        return List.copyOf(roles);
    }

    public List<String> licensedJurisdictions() {
        return is(StaffRole.CLINICIAN) ? List.copyOf(licensedJurisdictions) : List.of();
    }

    public boolean is(StaffRole role) {
        return roles.contains(role);
    }

    public boolean registered() {
        return !roles.isEmpty();
    }

    /** The entry as access decisions see it. */
    public StaffMember member() {
        return new StaffMember(id, java.util.Set.copyOf(roles), licensedJurisdictions());
    }

    /** Registers the role (and, for a clinician, these jurisdictions); true when roles or jurisdictions changed. */
    boolean register(StaffRole role, List<String> jurisdictions) {
        boolean changed = false;
        if (!roles.contains(role)) {
            roles.add(role);
            roles.sort(Comparator.naturalOrder());
            changed = true;
        }
        if (role == StaffRole.CLINICIAN && !licensedJurisdictions.equals(jurisdictions)) {
            licensedJurisdictions = new ArrayList<>(jurisdictions);
            changed = true;
        }
        return changed;
    }

    /** Ends the registration for this role; true when it was registered. */
    boolean end(StaffRole role) {
        if (!roles.remove(role)) {
            return false;
        }
        if (role == StaffRole.CLINICIAN) {
            licensedJurisdictions = new ArrayList<>();
        }
        return true;
    }

    /** The whole entry as the next version of the directory publishes it. */
    StaffMemberChanged changed(Instant now) {
        revision++;
        changedAt = now;
        return new StaffMemberChanged(UUID.randomUUID(), UUID.fromString(id), now, revision, List.copyOf(roles),
                licensedJurisdictions());
    }
}
