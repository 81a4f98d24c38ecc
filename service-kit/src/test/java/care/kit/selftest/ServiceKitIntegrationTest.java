package care.kit.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import care.kit.security.Role;
import care.kit.test.Api;
import care.kit.test.PlatformServiceContract;
import care.kit.test.TestIssuer;
import tools.jackson.databind.JsonNode;

@org.junit.jupiter.api.Tag("integration")
class ServiceKitIntegrationTest extends PlatformServiceContract {

    ServiceKitIntegrationTest() {
        super("/api/kit");
    }

    @Test
    void aDomainRefusalIsAnsweredAsProblemDetailsWithTheStatusOfItsKind() {
        String token = TestIssuer.get().token("c1", Role.CLINICIAN);
        java.util.Map<String, Integer> statuses = java.util.Map.of("NOT_FOUND", 404, "CONFLICT", 409, "RULE", 422,
                "FORBIDDEN", 403, "TOO_MANY", 429);
        statuses.forEach((kind, status) -> {
            HttpResponse<String> response = api().post("/api/kit/refusals/" + kind, token, "{}");
            assertThat(response.statusCode()).as(kind).isEqualTo(status);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        });
        JsonNode rule = Api.json(api().post("/api/kit/refusals/RULE", token, "{}"));
        assertThat(rule.path("type").asString()).isEqualTo("urn:care:problem:minimum-gap-between-dosing");
        assertThat(rule.path("title").asString()).isEqualTo("Too close to another session");
        assertThat(rule.path("detail").asString()).isEqualTo("Dosing sessions are at least 48 hours apart.");
        assertThat(rule.path("earliest").asString()).isEqualTo("2026-12-03T09:00:00Z");
        assertThat(rule.has("trace")).isFalse();
        HttpResponse<String> tooMany = api().post("/api/kit/refusals/TOO_MANY", token, "{}");
        assertThat(tooMany.headers().firstValue("Retry-After")).hasValue("91");
    }

    @Test
    void idempotencyKeysAndIdsAreBoundAndCheckedAtTheEdge() {
        String token = TestIssuer.get().token("c1", Role.CLINICIAN);
        String id = "6F1C2E0A-3B7D-4C1E-9A55-0D2B8F4E7A10";
        HttpResponse<String> keyed = api().postWithHeaders("/api/kit/plans/" + id + "/notes", token,
                java.util.Map.of("Idempotency-Key", "note-1"), "{}");
        assertThat(keyed.statusCode()).isEqualTo(200);
        assertThat(keyed.body()).isEqualTo("6f1c2e0a-3b7d-4c1e-9a55-0d2b8f4e7a10 note-1");
        assertThat(api().post("/api/kit/plans/" + id + "/notes", token, "{}").body()).endsWith(" null");

        HttpResponse<String> longKey = api().postWithHeaders("/api/kit/plans/" + id + "/notes", token,
                java.util.Map.of("Idempotency-Key", "k".repeat(129)), "{}");
        assertThat(longKey.statusCode()).isEqualTo(400);
        assertThat(Api.json(longKey).path("errors").get(0).path("field").asString()).isEqualTo("Idempotency-Key");

        for (String notCanonical : java.util.List.of("1-2-3-4-5", "6f1c2e0a3b7d4c1e9a550d2b8f4e7a10", "x")) {
            HttpResponse<String> refused = api().post("/api/kit/plans/" + notCanonical + "/notes", token, "{}");
            assertThat(refused.statusCode()).as(notCanonical).isEqualTo(400);
            assertThat(Api.json(refused).path("errors").get(0).path("field").asString()).isEqualTo("planId");
        }
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
