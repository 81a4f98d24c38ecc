package care.kit.security;

/**
 * Roles a caller can hold, read from the {@code roles} claim of the bearer token. Spring Security sees
 * each as the authority {@code ROLE_<name>}, so {@code hasRole("CLINICIAN")} works as expected.
 */
public enum Role {
    PATIENT,
    CLINICIAN,
    COACH,
    COORDINATOR,
    ADMIN;

    /** The Spring Security authority for this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
