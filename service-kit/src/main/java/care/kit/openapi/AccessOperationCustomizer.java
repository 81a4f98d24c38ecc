package care.kit.openapi;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Operation;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.web.method.HandlerMethod;

import care.kit.access.Allowed;
import care.kit.access.Permission;
import care.kit.access.Relationship;
import care.kit.security.Role;

/**
 * Writes each handler's {@link Allowed} into its operation: a "Who: …" sentence at the end of the description and
 * the {@value #EXTENSION} extension, {@code {permission, relationships, roles, authenticated, signed, note}}
 * (relationships and roles as their enum names, the permission's relationships in the order of
 * {@link Relationship}). An {@link Allowed} that says nothing, or too much, fails the document's build: the
 * document must never claim an endpoint is open that is not.
 */
public class AccessOperationCustomizer implements GlobalOperationCustomizer {

    /** The operation extension that says who may call it. */
    public static final String EXTENSION = "x-care-access";

    @Override
    public Operation customize(Operation operation, HandlerMethod handlerMethod) {
        Allowed allowed = handlerMethod.getMethodAnnotation(Allowed.class);
        if (allowed == null) {
            return operation;
        }
        check(allowed, handlerMethod);
        String who = who(allowed);
        operation.setDescription(operation.getDescription() == null || operation.getDescription().isBlank() ? who
                : operation.getDescription().strip() + "\n\n" + who);
        operation.addExtension(EXTENSION, extension(allowed));
        return operation;
    }

    /** The extension's value: what the annotation says, with the permission's relationships spelled out. */
    static Map<String, Object> extension(Allowed allowed) {
        Map<String, Object> access = new LinkedHashMap<>();
        Permission permission = permission(allowed);
        if (permission != null) {
            access.put("permission", permission.name());
        }
        access.put("relationships", relationships(permission).stream().map(Relationship::name).toList());
        access.put("roles", Arrays.stream(allowed.roles()).map(Role::name).toList());
        access.put("authenticated", allowed.authenticated());
        access.put("signed", allowed.signed());
        if (!allowed.note().isBlank()) {
            access.put("note", allowed.note().strip());
        }
        return access;
    }

    /**
     * The sentence appended to the description, e.g. "Who: the patient or coordinator (access table:
     * IDENTITY_CHANGE).", "Who: role COORDINATOR or ADMIN." or "Who: role CLINICIAN, as triage clinician (access
     * table: CONSULTATION_DECIDE)."
     */
    static String who(Allowed allowed) {
        String subject;
        if (allowed.signed()) {
            subject = "no user token; the call must be signed with the secret shared with the caller";
        } else if (allowed.authenticated()) {
            subject = "anyone signed in";
        } else {
            Permission permission = permission(allowed);
            String roles = allowed.roles().length == 0 ? ""
                    : "role " + or(Arrays.stream(allowed.roles()).map(Role::name).toList());
            String table = permission == null ? ""
                    : relationships(permission).isEmpty() ? "(access table: " + permission.name() + ")"
                            : or(relationships(permission).stream().map(Relationship::label).toList())
                                    + " (access table: " + permission.name() + ")";
            subject = roles.isEmpty() ? table
                    : table.isEmpty() ? roles
                            : roles + (table.startsWith("(") ? " " : ", as ") + table;
        }
        StringBuilder who = new StringBuilder("Who: ").append(subject).append('.');
        if (!allowed.note().isBlank()) {
            String note = allowed.note().strip();
            who.append(' ').append(Character.toUpperCase(note.charAt(0))).append(note.substring(1));
            if (!note.endsWith(".")) {
                who.append('.');
            }
        }
        return who.toString();
    }

    private static void check(Allowed allowed, HandlerMethod handler) {
        boolean byAccess = allowed.permission().length > 0 || allowed.roles().length > 0;
        int kinds = (byAccess ? 1 : 0) + (allowed.authenticated() ? 1 : 0) + (allowed.signed() ? 1 : 0);
        if (kinds != 1 || allowed.permission().length > 1) {
            throw new IllegalStateException("@Allowed on " + handler.getShortLogMessage() + " must name one permission "
                    + "and/or roles, or be authenticated, or be signed");
        }
    }

    private static Permission permission(Allowed allowed) {
        return allowed.permission().length == 0 ? null : allowed.permission()[0];
    }

    private static List<Relationship> relationships(Permission permission) {
        return permission == null ? List.of()
                : Arrays.stream(Relationship.values()).filter(permission::allows).toList();
    }

    /** "a", "a or b", "a, b or c". */
    private static String or(List<String> items) {
        if (items.size() < 2) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.getLast();
    }
}
