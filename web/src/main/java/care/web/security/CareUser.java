package care.web.security;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Who is signed in, as the pages need it: the subject, the roles (the {@code roles} claim) and the own patient id
 * of a patient (the {@code patient_id} claim), read from the access token the API will check. The web app does not
 * verify the token (the gateway and the services do); it only decides what to show.
 */
public record CareUser(String subject, Set<Role> roles, Optional<String> patientId) {

    public enum Role {
        PATIENT("Patient"), CLINICIAN("Clinician"), COACH("Coach"), COORDINATOR("Coordinator"), ADMIN("Administrator");

        private final String label;

        Role(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public CareUser {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    /** The claims of a JWT access token; an opaque token (not a JWT) gives no roles. */
    public static CareUser fromToken(String accessToken, String fallbackSubject) {
        JWTClaimsSet claims;
        try {
            claims = JWTParser.parse(accessToken).getJWTClaimsSet();
        } catch (ParseException | RuntimeException notAJwt) {
            return new CareUser(fallbackSubject, Set.of(), Optional.empty());
        }
        return fromClaims(claims.getSubject() == null ? fallbackSubject : claims.getSubject(),
                claims.getClaim("roles"), claims.getClaim("patient_id"));
    }

    static CareUser fromClaims(String subject, Object rolesClaim, Object patientIdClaim) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        if (rolesClaim instanceof Collection<?> names) {
            for (Object name : names) {
                try {
                    roles.add(Role.valueOf(String.valueOf(name).toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException unknown) {
                    // Roles the platform does not know are ignored, as the services do.
                }
            }
        }
        String patientId = patientIdClaim instanceof String id && !id.isBlank() ? id : null;
        return new CareUser(subject, roles, Optional.ofNullable(patientId));
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isPatient() {
        return has(Role.PATIENT);
    }

    /** Clinic staff: any role but patient. */
    public boolean isStaff() {
        return roles.stream().anyMatch(role -> role != Role.PATIENT);
    }

    /** The roles as people read them, e.g. "Clinician, Coordinator". */
    public String roleLabel() {
        return String.join(", ", roles.stream().sorted().map(Role::label).toList());
    }

    public List<GrantedAuthority> authorities() {
        List<GrantedAuthority> authorities = new ArrayList<>();
        roles.stream().sorted().forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role.name())));
        return authorities;
    }
}
