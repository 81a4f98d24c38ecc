package care.kit.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is calling, as stated by a verified bearer token.
 *
 * @param subject   the user id (for a clinician or coach: their provider id)
 * @param roles     the recognised roles of the {@code roles} claim; unknown role names are ignored
 * @param patientId the caller's own patient id (the {@code patient_id} claim), if the caller is a patient
 */
public record Caller(String subject, Set<Role> roles, Optional<String> patientId) {

    public static final String ROLES_CLAIM = "roles";
    public static final String PATIENT_ID_CLAIM = "patient_id";

    public Caller {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    /** Reads the caller from a token that Spring Security has already verified. */
    public static Caller from(Jwt jwt) {
        return new Caller(jwt.getSubject(), rolesOf(jwt), Optional.ofNullable(jwt.getClaimAsString(PATIENT_ID_CLAIM)));
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** True when the caller is the patient with this id. */
    public boolean isPatient(String id) {
        return has(Role.PATIENT) && patientId.filter(id::equals).isPresent();
    }

    static Set<Role> rolesOf(Jwt jwt) {
        List<String> names = jwt.hasClaim(ROLES_CLAIM) ? jwt.getClaimAsStringList(ROLES_CLAIM) : List.of();
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        if (names != null) {
            for (String name : names) {
                for (Role role : Role.values()) {
                    if (role.name().equals(name)) {
                        roles.add(role);
                    }
                }
            }
        }
        return roles;
    }
}
