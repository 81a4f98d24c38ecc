package care.kit.access;

import java.util.List;
import java.util.Set;

import care.contracts.intake.StaffMemberChanged.StaffRole;

/**
 * A staff member's entry in the directory: the roles they are registered for and, for a clinician, where they
 * are licensed. No name: services other than intake have no need of it.
 */
public record StaffMember(String staffId, Set<StaffRole> roles, List<String> licensedJurisdictions) {

    public StaffMember {
        roles = Set.copyOf(roles);
        licensedJurisdictions = List.copyOf(licensedJurisdictions);
    }

    public boolean is(StaffRole role) {
        return roles.contains(role);
    }

    public boolean licensedIn(String jurisdiction) {
        return jurisdiction != null && licensedJurisdictions.contains(jurisdiction);
    }
}
