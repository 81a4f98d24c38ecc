package care.kit.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;
import org.springframework.web.method.HandlerMethod;

import care.kit.access.Allowed;
import care.kit.access.Permission;
import care.kit.openapi.AccessOperationCustomizer;
import care.kit.openapi.CareOpenApiCustomizer;
import care.kit.security.Role;

/** What the kit's OpenAPI customizers write into a document, without an application around them. */
class OpenApiCustomizerTest {

    @SuppressWarnings("unused")
    static class Handlers {

        @Allowed(permission = Permission.IDENTITY_CHANGE)
        void byPermission() {
        }

        @Allowed(roles = { Role.COORDINATOR, Role.ADMIN })
        void byRoles() {
        }

        @Allowed(roles = Role.CLINICIAN, permission = Permission.EMERGENCY_ACCESS_OPEN,
                note = "any registered clinician, with a reason")
        void byRoleAndPermissionWithoutRelationships() {
        }

        @Allowed(roles = { Role.PATIENT, Role.COORDINATOR }, permission = Permission.IDENTITY_CHANGE)
        void byRolesAndPermission() {
        }

        @Allowed(signed = true)
        void signed() {
        }

        @Allowed(authenticated = true, note = "no patient data")
        void anyone() {
        }

        @Allowed
        void nothing() {
        }

        @Allowed(authenticated = true, roles = Role.ADMIN)
        void twoKinds() {
        }

        @Allowed(permission = { Permission.IDENTITY_READ, Permission.IDENTITY_CHANGE })
        void twoPermissions() {
        }

        void unannotated() {
        }
    }

    private final AccessOperationCustomizer access = new AccessOperationCustomizer();

    private Operation customized(String handler, Operation operation) throws NoSuchMethodException {
        return access.customize(operation, new HandlerMethod(new Handlers(), Handlers.class.getDeclaredMethod(handler)));
    }

    @Test
    void permissionNamesItsRelationshipsInTheDescriptionAndTheExtension() throws Exception {
        Operation operation = customized("byPermission", new Operation().description("Changes contact details."));
        assertThat(operation.getDescription()).isEqualTo("Changes contact details.\n\n"
                + "Who: the patient or coordinator (access table: IDENTITY_CHANGE).");
        assertThat(operation.getExtensions().get(AccessOperationCustomizer.EXTENSION)).isEqualTo(Map.of(
                "permission", "IDENTITY_CHANGE", "relationships", List.of("PATIENT", "COORDINATOR"), "roles", List.of(),
                "authenticated", false, "signed", false));
    }

    @Test
    void rolesNotesAndTheOpenKindsAreWrittenAsSaid() throws Exception {
        assertThat(customized("byRoles", new Operation()).getDescription()).isEqualTo("Who: role COORDINATOR or ADMIN.");
        assertThat(customized("byRolesAndPermission", new Operation()).getDescription()).isEqualTo(
                "Who: role PATIENT or COORDINATOR, as the patient or coordinator (access table: IDENTITY_CHANGE).");
        Operation emergency = customized("byRoleAndPermissionWithoutRelationships", new Operation());
        assertThat(emergency.getDescription()).isEqualTo(
                "Who: role CLINICIAN (access table: EMERGENCY_ACCESS_OPEN). Any registered clinician, with a reason.");
        assertThat(emergency.getExtensions().get(AccessOperationCustomizer.EXTENSION)).isEqualTo(Map.of(
                "permission", "EMERGENCY_ACCESS_OPEN", "relationships", List.of(), "roles", List.of("CLINICIAN"),
                "authenticated", false, "signed", false, "note", "any registered clinician, with a reason"));
        Operation signed = customized("signed", new Operation());
        assertThat(signed.getDescription()).startsWith("Who: no user token");
        assertThat(((Map<?, ?>) signed.getExtensions().get(AccessOperationCustomizer.EXTENSION)).get("signed"))
                .isEqualTo(true);
        assertThat(customized("anyone", new Operation()).getDescription())
                .isEqualTo("Who: anyone signed in. No patient data.");
        assertThat(customized("unannotated", new Operation()).getExtensions()).isNull();
    }

    @Test
    void anAnnotationThatSaysNothingOrTooMuchFailsTheDocument() {
        for (String handler : new String[] { "nothing", "twoKinds", "twoPermissions" }) {
            assertThatThrownBy(() -> customized(handler, new Operation())).as(handler)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("@Allowed");
        }
    }

    @Test
    void everyApiOperationGetsItsSchemeAndProblemResponsesKeepingItsOwn() {
        OpenAPI document = new OpenAPI(SpecVersion.V31).openapi("3.1.0").paths(new Paths()
                .addPathItem("/api/x/patients/{patientId}", new PathItem()
                        .addParametersItem(new PathParameter().name("patientId").schema(new StringSchema()))
                        .get(operation("read"))
                        .post(operation("change").requestBody(body())))
                .addPathItem("/api/x/things", new PathItem().post(operation("add").requestBody(body())
                        .responses(ok().addApiResponse("400", new ApiResponse().description("Its own")))))
                .addPathItem("/api/x/webhooks/sms/status", new PathItem().post(operation("report").requestBody(body()))
                        .get(operation("peek")))
                .addPathItem("/elsewhere", new PathItem().get(operation("other"))));
        new CareOpenApiCustomizer("x-service", "1.2.3", "https://issuer.test", List.of("care-platform"),
                List.of(" /api/x/webhooks/** ", "")).customise(document);

        assertThat(document.getInfo().getTitle()).isEqualTo("x-service");
        assertThat(document.getInfo().getVersion()).isEqualTo("1.2.3");
        assertThat(document.getServers()).hasSize(1).first().satisfies(server -> assertThat(server.getUrl()).isEqualTo("/"));
        assertThat(document.getComponents().getSecuritySchemes().get("bearer").getDescription())
                .contains("https://issuer.test", "care-platform", "`roles`", "`patient_id`");

        Operation read = document.getPaths().get("/api/x/patients/{patientId}").getGet();
        assertThat(read.getSecurity()).containsExactly(new SecurityRequirement().addList("bearer"));
        assertThat(read.getResponses()).containsOnlyKeys("200", "400", "401", "403", "404", "429", "503");
        assertThat(read.getResponses().get("403").getContent().get("application/problem+json").getSchema().get$ref())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(document.getPaths().get("/api/x/patients/{patientId}").getPost().getResponses()).containsKey("413");

        Operation add = document.getPaths().get("/api/x/things").getPost();
        assertThat(add.getResponses()).containsOnlyKeys("200", "400", "401", "403", "413", "429", "503");
        assertThat(add.getResponses().get("400").getDescription()).isEqualTo("Its own");

        // Only POSTs are signed, as in the security filter chain.
        PathItem webhook = document.getPaths().get("/api/x/webhooks/sms/status");
        assertThat(webhook.getPost().getSecurity()).containsExactly(new SecurityRequirement().addList("signature"));
        assertThat(webhook.getPost().getResponses().get("401").getDescription()).contains("signed");
        assertThat(webhook.getGet().getSecurity()).containsExactly(new SecurityRequirement().addList("bearer"));

        Operation other = document.getPaths().get("/elsewhere").getGet();
        assertThat(other.getSecurity()).isNull();
        assertThat(other.getResponses()).containsOnlyKeys("200");

        // What it writes is valid OpenAPI to a third-party parser.
        SwaggerParseResult parsed = new OpenAPIParser().readContents(Json31.pretty(document), null, null);
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getComponents().getSchemas().get("Problem").getRequired())
                .containsExactlyInAnyOrder("type", "title", "status");
    }

    private static Operation operation(String id) {
        return new Operation().operationId(id).responses(ok());
    }

    private static ApiResponses ok() {
        return new ApiResponses().addApiResponse("200", new ApiResponse().description("OK"));
    }

    private static RequestBody body() {
        return new RequestBody().content(new Content().addMediaType("application/json",
                new MediaType().schema(new Schema<>().type("object").types(java.util.Set.of("object")))));
    }
}
