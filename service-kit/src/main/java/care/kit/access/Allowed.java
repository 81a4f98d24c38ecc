package care.kit.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import care.kit.security.Role;

/**
 * Who may call an endpoint, for its OpenAPI document: the {@link Permission} of the access table the handler checks
 * with {@link PatientAccess}, the token {@link Role}s it requires (endpoints without patient data, or a role checked
 * before the permission), or one of the two open kinds ({@link #authenticated()}, {@link #signed()}). It documents
 * the check the handler makes; it does not make one. The kit's OpenAPI customizer writes it into the operation's
 * description ("Who: …") and into its {@code x-care-access} extension.
 *
 * <pre>{@code
 * @GetMapping("/api/intake/patients/{patientId}")
 * @Allowed(permission = Permission.IDENTITY_READ)
 * PatientView get(@PathVariable String patientId, @AuthenticationPrincipal Jwt token) {
 *     access.check(token, patientId, Permission.IDENTITY_READ, "intake.patient.read").require();
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Allowed {

    /** The access-table permission the handler checks (at most one); its relationships to the patient may call. */
    Permission[] permission() default {};

    /** Token roles the handler requires, one of them; with a permission, the caller needs both. */
    Role[] roles() default {};

    /** Anyone with a valid bearer token: no role and no relationship (data that is not about a patient). */
    boolean authenticated() default false;

    /**
     * No user token: the call is signed with a secret shared with the caller (a provider's webhook, listed in
     * {@code care.security.signed-paths}), and the handler verifies the signature before acting on it.
     */
    boolean signed() default false;

    /** A short note in words, where the permission or roles alone do not say it all. */
    String note() default "";
}
