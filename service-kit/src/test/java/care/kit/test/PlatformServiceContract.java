package care.kit.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import care.kit.security.Role;
import tools.jackson.databind.JsonNode;

/**
 * What every service of the platform guarantees from day one, checked against the real application:
 * health that reflects MongoDB and Kafka, bearer-token security on its API, problem details, metrics
 * and an OpenAPI document. A service's integration test extends this and names its API prefix.
 */
@ServiceIntegrationTest
public abstract class PlatformServiceContract {

    @LocalServerPort
    protected int port;

    @Value("${spring.application.name}")
    protected String applicationName;

    private final String apiPrefix;

    protected PlatformServiceContract(String apiPrefix) {
        this.apiPrefix = apiPrefix;
    }

    protected Api api() {
        return new Api(port);
    }

    @Autowired
    protected MongoTemplate mongo;

    /** Services talk through Kafka events only: none may use another service's classes. */
    @Test
    void usesNoOtherServicesClasses() {
        String own = getClass().getPackageName();
        String[] others = java.util.stream.Stream.of("care.intake", "care.scheduling", "care.session",
                "care.integration", "care.notification", "care.gateway")
                .filter(root -> !own.equals(root) && !own.startsWith(root + "."))
                .map(root -> root + "..").toArray(String[]::new);
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().should().dependOnClassesThat()
                .resideInAnyPackage(others)
                .check(serviceClasses());
    }

    /** The service's production classes: its test's package and below. */
    protected com.tngtech.archunit.core.domain.JavaClasses serviceClasses() {
        return new com.tngtech.archunit.core.importer.ClassFileImporter()
                .withImportOption(com.tngtech.archunit.core.importer.ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(getClass().getPackageName());
    }

    @Test
    void healthIsUpAndCoversMongoAndKafka() {
        // A database that already holds data must still report UP (the embedded store rejects 'hello').
        mongo.getCollection("platform_contract_check").insertOne(new Document("_id", UUID.randomUUID().toString()));
        HttpResponse<String> health = api().get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = Api.json(health);
        assertThat(body.path("status").asString()).isEqualTo("UP");
        assertThat(body.path("components").path("mongo").path("status").asString()).isEqualTo("UP");
        assertThat(body.path("components").path("kafka").path("status").asString()).isEqualTo("UP");

        JsonNode readiness = Api.json(api().get("/actuator/health/readiness", null));
        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").has("mongo")).isTrue();
        assertThat(readiness.path("components").has("kafka")).isTrue();
        assertThat(Api.json(api().get("/actuator/health/liveness", null)).path("status").asString()).isEqualTo("UP");
    }

    @Test
    void apiWithoutTokenIsUnauthorizedWithProblemDetails() {
        HttpResponse<String> response = api().get(apiPrefix + "/caller", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
        JsonNode problem = Api.json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(401);
        assertThat(problem.path("type").asString()).isEqualTo("urn:care:problem:unauthenticated");
        assertThat(response.body()).doesNotContain("trace", "Exception");
    }

    @Test
    void apiWithValidTokenIsServed() {
        String token = TestIssuer.get().token("clinician-7", Role.CLINICIAN, Role.COORDINATOR);
        HttpResponse<String> response = api().get(apiPrefix + "/caller", token);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode caller = Api.json(response);
        assertThat(caller.path("subject").asString()).isEqualTo("clinician-7");
        assertThat(caller.path("roles").toString()).isEqualTo("[\"CLINICIAN\",\"COORDINATOR\"]");

        String patient = TestIssuer.get().patientToken("user-1", "7b0c1f0e-1111-4c44-9a9a-2f2d7f1c0001");
        assertThat(Api.json(api().get(apiPrefix + "/caller", patient)).path("patientId").asString())
                .isEqualTo("7b0c1f0e-1111-4c44-9a9a-2f2d7f1c0001");
    }

    @Test
    void tokensFromAnotherIssuerAudienceOrKeyOrExpiredAreRejected() {
        TestIssuer issuer = TestIssuer.get();
        String wrongAudience = issuer.token(claims -> claims.subject("u").audience(java.util.List.of("other-app")));
        String wrongIssuer = issuer.token(claims -> claims.subject("u").issuer("https://elsewhere.test"));
        String expired = issuer.token(claims -> claims.subject("u")
                .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600)));
        String forged = issuer.tokenSignedByStranger("u", Role.ADMIN);
        for (String token : new String[] { wrongAudience, wrongIssuer, expired, forged, "not-a-jwt" }) {
            HttpResponse<String> response = api().get(apiPrefix + "/caller", token);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
            assertThat(response.body()).doesNotContain(token);
        }
    }

    @Test
    void unknownApiPathIsNotFoundProblem() {
        HttpResponse<String> response = api().get(apiPrefix + "/no-such-thing",
                TestIssuer.get().token("u", Role.ADMIN));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Api.json(response).path("type").asString()).as(response.body())
                .isEqualTo("urn:care:problem:not-found");
    }

    @Test
    void publishesPrometheusMetricsAndOpenApi() {
        HttpResponse<String> metrics = api().get("/actuator/prometheus", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("application=\"" + applicationName + "\"");

        HttpResponse<String> openApi = api().get("/v3/api-docs", null);
        assertThat(openApi.statusCode()).isEqualTo(200);
        assertThat(Api.json(openApi).path("openapi").asString()).startsWith("3.");
    }
}
