package care.kit.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import care.kit.security.Role;
import care.kit.test.Api;
import care.kit.test.PlatformServiceContract;
import care.kit.test.TestIssuer;
import tools.jackson.databind.JsonNode;

class ServiceKitIntegrationTest extends PlatformServiceContract {

    ServiceKitIntegrationTest() {
        super("/api/kit");
    }

    /** The kit's test application lives in test sources. */
    @Override
    protected com.tngtech.archunit.core.domain.JavaClasses serviceClasses() {
        return new com.tngtech.archunit.core.importer.ClassFileImporter().importPackages(getClass().getPackageName());
    }

    @Test
    void missingRoleIsForbiddenWithProblemDetails() {
        HttpResponse<String> response = api().get("/api/kit/admin-only", TestIssuer.get().token("c1", Role.CLINICIAN));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(Api.json(response).path("type").asString()).isEqualTo("urn:care:problem:forbidden");

        assertThat(api().get("/api/kit/admin-only", TestIssuer.get().token("a1", Role.ADMIN)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void invalidFieldsAreNamedWithoutEchoingValues() {
        String token = TestIssuer.get().token("p1", Role.PATIENT);
        HttpResponse<String> response = api().post("/api/kit/answers", token,
                "{\"instrument\":\"\",\"items\":[0,1,2,3,4,1,1]}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = Api.json(response);
        assertThat(problem.path("type").asString()).isEqualTo("urn:care:problem:invalid-request");
        assertThat(problem.path("errors").toString()).contains("\"field\":\"instrument\"", "\"field\":\"items[4]\"");
        assertThat(response.body()).doesNotContain("trace");

        assertThat(api().post("/api/kit/answers", token, "{\"instrument\":\"GAD-7\",\"items\":[0,1,2,3,1,1,1]}")
                .body()).isEqualTo("9");
    }

    @Test
    void bodiesThatAreNotJsonOrHaveWrongTypesAreBadRequests() {
        String token = TestIssuer.get().token("p1", Role.PATIENT);
        HttpResponse<String> broken = api().post("/api/kit/answers", token, "{\"instrument\": ");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(Api.json(broken).path("type").asString()).isEqualTo("urn:care:problem:malformed-body");

        HttpResponse<String> wrongType = api().post("/api/kit/answers", token,
                "{\"instrument\":\"GAD-7\",\"items\":[0,1,\"lots\",3,1,1,1]}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(Api.json(wrongType).path("errors").path(0).path("field").asString()).isEqualTo("items[2]");
        assertThat(wrongType.body()).doesNotContain("lots");
    }

    @Test
    void oversizedBodiesAreRefusedWhetherDeclaredOrStreamed() throws Exception {
        String token = TestIssuer.get().token("p1", Role.PATIENT);
        String huge = "{\"instrument\":\"" + "x".repeat(100_000) + "\",\"items\":[0,0,0,0,0,0,0]}";
        HttpResponse<String> declared = api().post("/api/kit/answers", token, huge);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(Api.json(declared).path("type").asString()).isEqualTo("urn:care:problem:body-too-large");

        var streamed = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/kit/answers"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(huge.getBytes())))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.statusCode()).isEqualTo(413);
        assertThat(streamed.body()).doesNotContain("xxxx");
    }

    @Test
    void unexpectedFailuresRevealNothing() {
        HttpResponse<String> response = api().get("/api/kit/failure", TestIssuer.get().token("a1", Role.ADMIN));
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(Api.json(response).path("type").asString()).isEqualTo("urn:care:problem:internal");
        assertThat(response.body()).doesNotContain("jane.doe", "IllegalStateException", "at care.");
    }
}
