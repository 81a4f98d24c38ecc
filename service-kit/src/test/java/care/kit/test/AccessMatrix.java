package care.kit.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.mongodb.client.model.Filters;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import care.kit.access.Permission;
import care.kit.access.Relationship;
import care.kit.audit.AuditTrail;

/**
 * A service's authorization matrix, derived from the one access table ({@link Permission}): every endpoint that
 * touches a patient's data, called by every kind of caller, must answer as the table says (allowed: anything
 * but 401, 403 and 404; denied: 403, or 404 for another patient, or 401 without a token) and leave an audit
 * record of the decision. {@link #verifyCoverage} checks that no {@code /api/**} endpoint of the service escaped
 * the matrix.
 */
public final class AccessMatrix {

    /** The callers the matrix tries. A test provides a token for each kind that makes sense for its service. */
    public enum Caller {
        NO_TOKEN(null),
        OWN_PATIENT(Relationship.PATIENT),
        OTHER_PATIENT(null),
        RESPONSIBLE_CLINICIAN(Relationship.RESPONSIBLE_CLINICIAN),
        SUPERVISING_CLINICIAN(Relationship.SUPERVISING_CLINICIAN),
        COACH(Relationship.COACH),
        /** A registered clinician (or coach) not on the team, whom the record's appointment or session is booked with. */
        BOOKED_PROVIDER(Relationship.BOOKED_PROVIDER),
        /** A registered clinician licensed in the patient's jurisdiction while the patient waits for a clinician. */
        TRIAGE_CLINICIAN(Relationship.TRIAGE_CLINICIAN),
        REGISTERED_CLINICIAN_NOT_ON_TEAM(null),
        REGISTERED_COACH_NOT_ON_TEAM(null),
        UNREGISTERED_CLINICIAN(null),
        UNREGISTERED_COACH(null),
        COORDINATOR(Relationship.COORDINATOR),
        EMERGENCY_ACCESS(Relationship.EMERGENCY_ACCESS),
        EXPIRED_EMERGENCY_ACCESS(null),
        ADMIN(null);

        private final Relationship relationship;

        Caller(Relationship relationship) {
            this.relationship = relationship;
        }

        /** The relationship this caller holds to the patient, or null for none. */
        public Relationship relationship() {
            return relationship;
        }
    }

    /**
     * One endpoint: how to call it and what it needs. {@code before} runs before each call (to put back a record
     * an earlier caller changed, say); {@code deniedAnyway} names callers whose access the endpoint narrows further
     * for a reason the table cannot see (documented where used).
     */
    public record Endpoint(String method, String path, String body, Permission permission, Map<String, String> headers,
            Runnable before, Set<Caller> deniedAnyway) {

        public static Endpoint get(String path, Permission permission) {
            return new Endpoint("GET", path, null, permission, Map.of(), () -> { }, Set.of());
        }

        public static Endpoint post(String path, String body, Permission permission) {
            return new Endpoint("POST", path, body, permission, Map.of(), () -> { }, Set.of());
        }

        public static Endpoint put(String path, String body, Permission permission) {
            return new Endpoint("PUT", path, body, permission, Map.of(), () -> { }, Set.of());
        }

        public static Endpoint patch(String path, String body, Permission permission) {
            return new Endpoint("PATCH", path, body, permission, Map.of(), () -> { }, Set.of());
        }

        public static Endpoint delete(String path, Permission permission) {
            return new Endpoint("DELETE", path, null, permission, Map.of(), () -> { }, Set.of());
        }

        public Endpoint withHeaders(Map<String, String> extra) {
            return new Endpoint(method, path, body, permission, Map.copyOf(extra), before, deniedAnyway);
        }

        public Endpoint before(Runnable setUp) {
            return new Endpoint(method, path, body, permission, headers, setUp, deniedAnyway);
        }

        /** Callers the table allows but whom this endpoint refuses all the same (for a reason given where used). */
        public Endpoint deniedAnyway(Caller... callers) {
            return new Endpoint(method, path, body, permission, headers, before, Set.of(callers));
        }

        String name() {
            return method + " " + path;
        }
    }

    private final Api api;
    private final Map<Caller, String> tokens;
    private final Map<Caller, String> subjects;
    private final MongoTemplate mongo;
    private final String patientId;
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Map<Caller, Integer>> results = new LinkedHashMap<>();
    private final Map<String, Permission> needs = new LinkedHashMap<>();

    /**
     * @param tokens   a token for each kind of caller this service's matrix tries ({@link Caller#NO_TOKEN} maps to
     *                 null)
     * @param subjects the subject of each token, to find its audit record
     * @param mongo    the service's store, where its audit records are
     */
    public AccessMatrix(Api api, String patientId, Map<Caller, String> tokens, Map<Caller, String> subjects,
            MongoTemplate mongo) {
        this.api = api;
        this.patientId = patientId;
        this.tokens = new EnumMap<>(Caller.class);
        this.tokens.putAll(tokens);
        this.subjects = subjects;
        this.mongo = mongo;
    }

    /** Whether the access table lets this caller do what the endpoint needs. */
    public static boolean allows(Endpoint endpoint, Caller caller) {
        return caller.relationship() != null && endpoint.permission().allows(caller.relationship())
                && !endpoint.deniedAnyway().contains(caller);
    }

    /** The status a denied caller gets. */
    public static int denial(Caller caller) {
        return switch (caller) {
            case NO_TOKEN -> 401;
            case OTHER_PATIENT -> 404;
            default -> 403;
        };
    }

    /** Calls the endpoint as every caller and checks each answer and audit record. */
    public AccessMatrix check(Endpoint endpoint) {
        for (Map.Entry<Caller, String> entry : tokens.entrySet()) {
            Caller caller = entry.getKey();
            endpoint.before().run();
            long recordedBefore = audited(caller);
            HttpResponse<String> response = call(endpoint, entry.getValue());
            int status = response.statusCode();
            results.computeIfAbsent(endpoint.name(), name -> new EnumMap<>(Caller.class)).put(caller, status);
            needs.put(endpoint.name(), endpoint.permission());
            boolean allowed = allows(endpoint, caller);
            if (allowed && Set.of(401, 403, 404).contains(status)) {
                failures.add(endpoint.name() + " as " + caller + ": the table allows it, got " + status + " "
                        + response.body());
            } else if (!allowed && status != denial(caller)) {
                failures.add(endpoint.name() + " as " + caller + ": the table denies it (" + denial(caller) + "), got "
                        + status + " " + response.body());
            }
            if (caller != Caller.NO_TOKEN && audited(caller) <= recordedBefore) {
                failures.add(endpoint.name() + " as " + caller + ": no audit record of " + endpoint.permission()
                        + " for the patient");
            }
        }
        return this;
    }

    /** Fails with every mismatch at once, and writes the matrix to {@code target/access-matrix/<name>.md}. */
    public void verify(String name) {
        write(name);
        assertThat(failures).as("authorization matrix of " + name).isEmpty();
    }

    /**
     * Every {@code /api/**} endpoint of the service is either in the matrix or named as one that touches no
     * single patient's data (with the reason, for the reader).
     */
    public static void verifyCoverage(RequestMappingHandlerMapping mapping, List<Endpoint> matrix,
            Map<String, String> others) {
        Set<String> covered = new LinkedHashSet<>();
        matrix.forEach(endpoint -> covered.add(endpoint.method() + " " + template(endpoint.path())));
        Set<String> missing = new TreeSet<>();
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    String key = method.name() + " " + template(pattern);
                    if (!covered.contains(key) && !others.containsKey(key)) {
                        missing.add(key);
                    }
                }
            }
        }
        assertThat(missing).as("endpoints neither in the authorization matrix nor named as touching no patient's data")
                .isEmpty();
    }

    /** A path with every id and variable replaced by {@code {}}, for comparing endpoints with mappings. */
    static String template(String path) {
        String noQuery = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return noQuery.replaceAll("\\{[^/]+}", "{}")
                .replaceAll("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", "{}");
    }

    private HttpResponse<String> call(Endpoint endpoint, String token) {
        Map<String, String> headers = endpoint.headers();
        return switch (endpoint.method()) {
            case "GET" -> api.get(endpoint.path(), token);
            case "DELETE" -> api.delete(endpoint.path(), token);
            case "PUT" -> api.put(endpoint.path(), token, endpoint.body());
            case "PATCH" -> api.patch(endpoint.path(), token, endpoint.body());
            default -> headers.isEmpty() ? api.post(endpoint.path(), token, endpoint.body() == null ? "" : endpoint.body())
                    : api.postWithHeaders(endpoint.path(), token, headers, endpoint.body() == null ? "" : endpoint.body());
        };
    }

    private long audited(Caller caller) {
        String subject = subjects.get(caller);
        if (subject == null) {
            return 0;
        }
        return mongo.getCollection(AuditTrail.COLLECTION).countDocuments(Filters.elemMatch("entries",
                Filters.and(Filters.eq("subject", subject), Filters.eq("patientId", patientId))));
    }

    private void write(String name) {
        StringBuilder table = new StringBuilder("# Authorization matrix: ").append(name).append("\n\n| endpoint | needs |");
        List<Caller> callers = new ArrayList<>(tokens.keySet());
        callers.forEach(caller -> table.append(' ').append(caller.name().toLowerCase().replace('_', ' ')).append(" |"));
        table.append("\n| --- | --- |").append(" --- |".repeat(callers.size())).append('\n');
        results.forEach((endpoint, statuses) -> {
            table.append("| `").append(endpoint).append("` | ").append(needs.get(endpoint)).append(" |");
            callers.forEach(caller -> table.append(' ').append(statuses.getOrDefault(caller, 0)).append(" |"));
            table.append('\n');
        });
        try {
            Path folder = Path.of("target", "access-matrix");
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(name + ".md"), table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
