package care.kit.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The platform's part of every service's OpenAPI document: who the service is ({@code info}), a relative server
 * ({@code /}: paths are absolute, {@code /api/<service>/...}, so the document works wherever the gateway serves it),
 * how callers authenticate and what errors look like.
 * <ul>
 * <li>Every operation under {@code /api/} requires the {@value #BEARER} scheme (an RS256 JWT of the configured
 * issuer and audience), except a POST to a path of {@code care.security.signed-paths}, which carries no user token
 * and requires the {@value #SIGNATURE} scheme instead: the same rule as the security filter chain.</li>
 * <li>Every such operation lists the problem responses the kit answers with, as {@code application/problem+json}
 * of the {@value #PROBLEM} schema (RFC 9457 with the kit's {@code errors} member): 400, 401, 403, 429 and 503
 * always, 404 when the path has a parameter, 413 when the operation takes a body. A response the operation
 * declares itself is kept.</li>
 * </ul>
 */
public class CareOpenApiCustomizer implements GlobalOpenApiCustomizer {

    public static final String BEARER = "bearer";
    public static final String SIGNATURE = "signature";
    public static final String SIGNATURE_HEADER = "X-Care-Signature";
    public static final String PROBLEM = "Problem";
    public static final String FIELD_ERROR = "FieldError";
    public static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final String title;
    private final String version;
    private final String issuer;
    private final List<String> audiences;
    private final List<PathPattern> signedPaths;

    /**
     * @param title       the service's name ({@code spring.application.name})
     * @param version     the service's version
     * @param issuer      the issuer whose tokens are accepted
     * @param audiences   the audiences a token must name (one of)
     * @param signedPaths the path patterns of {@code care.security.signed-paths}
     */
    public CareOpenApiCustomizer(String title, String version, String issuer, List<String> audiences,
            List<String> signedPaths) {
        this.title = title;
        this.version = version;
        this.issuer = issuer;
        this.audiences = List.copyOf(audiences);
        this.signedPaths = signedPaths.stream().map(String::strip).filter(path -> !path.isEmpty())
                .map(PathPatternParser.defaultInstance::parse).toList();
    }

    @Override
    public void customise(OpenAPI openApi) {
        openApi.info(new Info().title(title).version(version).description(title + " of the care pathway platform. "
                + "Every operation needs a bearer token unless it says otherwise; errors are RFC 9457 problem details; "
                + "who may call an operation is in its description and its x-care-access extension."));
        openApi.servers(new ArrayList<>(List.of(new Server().url("/")
                .description("The host this document is served from: the gateway, or the service itself"))));
        Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        openApi.components(components);
        components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .bearerFormat("JWT").description("An RS256-signed JWT issued by " + issuer + " for the audience "
                        + String.join(" or ", audiences) + ". Its `" + care.kit.security.Caller.ROLES_CLAIM
                        + "` claim lists the caller's roles (PATIENT, CLINICIAN, COACH, COORDINATOR, ADMIN); a "
                        + "patient's token carries their `" + care.kit.security.Caller.PATIENT_ID_CLAIM + "`."));
        components.addSecuritySchemes(SIGNATURE, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER).name(SIGNATURE_HEADER)
                .description("No user token: a provider's call signed with the secret the service shares with it. "
                        + "The service verifies the signature before acting; an unsigned, wrongly signed or stale "
                        + "call gets 401 and changes nothing."));
        components.addSchemas(FIELD_ERROR, object(openApi, "One rejected field of a request. The rejected value is "
                + "never echoed back.")
                .addProperty("field", string(openApi, "The field's path in the request, e.g. `gad7[6]` or "
                        + "`bloodPressure.systolic`, or the parameter's name"))
                .addProperty("message", string(openApi, "What is wrong with it"))
                .required(List.of("field", "message")));
        components.addSchemas(PROBLEM, object(openApi, "Problem details (RFC 9457). Clients branch on `type`; "
                + "`title` and `detail` are for people and may change. Never a stack trace, an exception message or "
                + "personal data.")
                .addProperty("type", string(openApi, "A stable URI naming the kind of problem, "
                        + "`urn:care:problem:<kind>`, e.g. `urn:care:problem:invalid-request`").format("uri"))
                .addProperty("title", string(openApi, "A short summary of the kind of problem"))
                .addProperty("status", typed(openApi, "integer", "The HTTP status code").format("int32"))
                .addProperty("detail", string(openApi, "What happened, for this occurrence"))
                .addProperty("instance", string(openApi, "The request path").format("uri-reference"))
                .addProperty("errors", typed(openApi, "array", "The rejected fields (400 only)")
                        .items(new Schema<>().$ref("#/components/schemas/" + FIELD_ERROR)))
                .required(List.of("type", "title", "status")));
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.readOperationsMap().forEach((method, operation) -> document(openApi, path, method, operation));
            }
        });
    }

    private void document(OpenAPI openApi, String path, PathItem.HttpMethod method, Operation operation) {
        boolean signed = method == PathItem.HttpMethod.POST && signed(path);
        operation.setSecurity(new ArrayList<>(List.of(new SecurityRequirement().addList(signed ? SIGNATURE : BEARER))));
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        Map<String, ApiResponse> problems = new LinkedHashMap<>();
        problems.put("400", problem("Invalid request: a parameter or the body is malformed or breaks a rule; "
                + "`errors` names the fields (never their values). Nothing changed."));
        problems.put("401", signed
                ? problem("The call is not signed with the shared secret, or the signature is no longer "
                        + "valid. Nothing changed.")
                : problem("No valid bearer token: missing, expired, or of another issuer, audience or key.")
                        .addHeaderObject("WWW-Authenticate", header(openApi, "`Bearer`, or `Bearer "
                                + "error=\"invalid_token\"` for a token that is not valid")));
        problems.put("403", problem("The caller may not do this; the refusal is recorded (in the patient's "
                + "access log when it concerns a patient)."));
        if (path.contains("{")) {
            problems.put("404", problem("Not found. A patient asking for another patient's data gets this "
                    + "too, as for data that does not exist."));
        }
        if (operation.getRequestBody() != null) {
            problems.put("413", problem("The request body is larger than the service accepts "
                    + "(`care.http.max-body-size`, 64 KB by default). Nothing changed."));
        }
        problems.put("429", problem("Too many requests of this kind; try again after `Retry-After`.")
                .addHeaderObject("Retry-After", retryAfter(openApi)));
        problems.put("503", problem("Temporarily unavailable, for instance the access could not be recorded "
                + "in the audit trail: nothing was read or changed. Try again after `Retry-After`.")
                .addHeaderObject("Retry-After", retryAfter(openApi)));
        problems.forEach(responses::putIfAbsent);
    }

    private boolean signed(String path) {
        PathContainer container = PathContainer.parsePath(path);
        return signedPaths.stream().anyMatch(pattern -> pattern.matches(container));
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }

    private static Header header(OpenAPI openApi, String description) {
        return new Header().description(description).schema(typed(openApi, "string", null));
    }

    private static Header retryAfter(OpenAPI openApi) {
        return new Header().description("Seconds to wait before trying again")
                .schema(typed(openApi, "integer", null).format("int64"));
    }

    private static Schema<Object> object(OpenAPI openApi, String description) {
        return typed(openApi, "object", description);
    }

    private static Schema<Object> string(OpenAPI openApi, String description) {
        return typed(openApi, "string", description);
    }

    /** A schema of one JSON type, written the way the document's OpenAPI version (3.0 or 3.1) expects. */
    private static Schema<Object> typed(OpenAPI openApi, String type, String description) {
        Schema<Object> schema = new Schema<>();
        if (openApi.getSpecVersion() != null) {
            schema.specVersion(openApi.getSpecVersion());
        }
        schema.type(type);
        schema.addType(type);
        return description == null ? schema : schema.description(description);
    }
}
