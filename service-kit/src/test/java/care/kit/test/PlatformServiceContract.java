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
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import care.kit.security.Role;
import tools.jackson.databind.JsonNode;

/**
 * What every service of the platform guarantees from day one, checked against the real application:
 * health that reflects MongoDB and Kafka, bearer-token security on its API, problem details, metrics
 * and an OpenAPI document. A service's integration test extends this and names its API prefix.
 */
@org.junit.jupiter.api.Tag("integration")
@ServiceIntegrationTest
public abstract class PlatformServiceContract {

    @LocalServerPort
    protected int port;

    /** The actuator's port: health, info and Prometheus are served there only. */
    @LocalManagementPort
    protected int managementPort;

    @Value("${spring.application.name}")
    protected String applicationName;

    private final String apiPrefix;

    protected PlatformServiceContract(String apiPrefix) {
        this.apiPrefix = apiPrefix;
    }

    protected Api api() {
        return new Api(port);
    }

    protected Api management() {
        return new Api(managementPort);
    }

    @Autowired
    protected MongoTemplate mongo;

    @Test
    void healthIsUpAndCoversMongoAndKafka() {
        // A database that already holds data must still report UP (the embedded store rejects 'hello').
        mongo.getCollection("platform_contract_check").insertOne(new Document("_id", UUID.randomUUID().toString()));
        assertThat(managementPort).isNotEqualTo(port);
        HttpResponse<String> health = management().get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = Api.json(health);
        assertThat(body.path("status").asString()).isEqualTo("UP");
        assertThat(body.path("components").path("mongo").path("status").asString()).isEqualTo("UP");
        assertThat(body.path("components").path("kafka").path("status").asString()).isEqualTo("UP");

        JsonNode readiness = Api.json(management().get("/actuator/health/readiness", null));
        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").has("mongo")).isTrue();
        assertThat(readiness.path("components").has("kafka")).isTrue();
        assertThat(Api.json(management().get("/actuator/health/liveness", null)).path("status").asString())
                .isEqualTo("UP");
        assertThat(management().get("/actuator/info", null).statusCode()).isEqualTo(200);

        // The public port keeps only the probes; the actuator is not there at all.
        for (String probe : new String[] { "/readyz", "/livez" }) {
            HttpResponse<String> response = api().get(probe, null);
            assertThat(response.statusCode()).as(probe).isEqualTo(200);
            assertThat(Api.json(response).path("status").asString()).as(probe).isEqualTo("UP");
        }
        assertThat(Api.json(api().get("/readyz", null)).path("components").has("mongo")).isTrue();
        for (String path : new String[] { "/actuator/health", "/actuator/health/readiness", "/actuator/info",
                "/actuator", "/actuator/env" }) {
            assertThat(api().get(path, null).statusCode()).as(path).isEqualTo(404);
        }
        // Nothing but health, info and Prometheus on the management port without a token.
        assertThat(management().get("/actuator", null).statusCode()).isEqualTo(401);
        assertThat(management().get("/actuator/env", null).statusCode()).isEqualTo(404);
        assertThat(management().get(apiPrefix + "/caller", null).statusCode()).isEqualTo(401);
        assertThat(management().post("/actuator/health", null, "{}").statusCode()).isEqualTo(401);
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
        String neverExpires = issuer.tokenWithoutExpiry("u", Role.ADMIN);
        String unsigned = issuer.unsignedToken("u", Role.ADMIN);
        for (String token : new String[] { wrongAudience, wrongIssuer, expired, forged, neverExpires, unsigned,
                "not-a-jwt" }) {
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
        HttpResponse<String> metrics = management().get("/actuator/prometheus", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("application=\"" + applicationName + "\"");
        HttpResponse<String> publicMetrics = api().get("/actuator/prometheus", null);
        assertThat(publicMetrics.statusCode()).isEqualTo(404);
        assertThat(publicMetrics.body()).doesNotContain("application=");

        HttpResponse<String> openApi = api().get("/v3/api-docs", null);
        assertThat(openApi.statusCode()).isEqualTo(200);
        assertThat(Api.json(openApi).path("openapi").asString()).startsWith("3.");
    }

    /**
     * The OpenAPI document passes a third-party parser (swagger-parser) without a single message, and every
     * operation under {@code /api/} documents its security scheme (a bearer token, or the signature of a signed
     * path), who may call it ({@code x-care-access}) and its problem responses as {@code application/problem+json}.
     */
    @Test
    void openApiDocumentIsValidAndDocumentsSecurityAccessAndProblems() {
        HttpResponse<String> response = api().get("/v3/api-docs", null);
        assertThat(response.statusCode()).isEqualTo(200);
        io.swagger.v3.parser.core.models.ParseOptions options = new io.swagger.v3.parser.core.models.ParseOptions();
        options.setResolve(true);
        io.swagger.v3.parser.core.models.SwaggerParseResult parsed = new io.swagger.parser.OpenAPIParser()
                .readContents(response.body(), null, options);
        assertThat(parsed.getMessages()).as("swagger-parser messages").isEmpty();
        io.swagger.v3.oas.models.OpenAPI document = parsed.getOpenAPI();
        assertThat(document.getInfo().getTitle()).isEqualTo(applicationName);
        assertThat(document.getInfo().getVersion()).isNotBlank();
        assertThat(document.getServers()).extracting(io.swagger.v3.oas.models.servers.Server::getUrl)
                .containsExactly("/");
        var schemes = document.getComponents().getSecuritySchemes();
        assertThat(schemes.get("bearer").getType()).isEqualTo(io.swagger.v3.oas.models.security.SecurityScheme.Type.HTTP);
        assertThat(schemes.get("bearer").getScheme()).isEqualTo("bearer");
        assertThat(schemes.get("signature").getName()).isEqualTo("X-Care-Signature");
        assertThat(document.getComponents().getSchemas().get("Problem").getProperties())
                .containsKeys("type", "title", "status", "detail", "instance", "errors");

        java.util.List<String> wrong = new java.util.ArrayList<>();
        int operations = 0;
        for (var path : document.getPaths().entrySet()) {
            assertThat(path.getKey()).as("only the API is documented").startsWith("/api/");
            for (var entry : path.getValue().readOperationsMap().entrySet()) {
                operations++;
                String name = entry.getKey() + " " + path.getKey();
                io.swagger.v3.oas.models.Operation operation = entry.getValue();
                Object access = operation.getExtensions() == null ? null
                        : operation.getExtensions().get("x-care-access");
                if (!(access instanceof java.util.Map<?, ?> allowed)) {
                    wrong.add(name + ": no x-care-access (annotate the handler with @Allowed)");
                    continue;
                }
                String scheme = Boolean.TRUE.equals(allowed.get("signed")) ? "signature" : "bearer";
                if (operation.getSecurity() == null || operation.getSecurity().size() != 1
                        || !operation.getSecurity().getFirst().keySet().equals(java.util.Set.of(scheme))) {
                    wrong.add(name + ": security " + operation.getSecurity() + ", expected " + scheme);
                }
                if (operation.getDescription() == null || !operation.getDescription().contains("Who: ")) {
                    wrong.add(name + ": no \"Who:\" in the description");
                }
                java.util.List<String> codes = new java.util.ArrayList<>(java.util.List.of("400", "401", "403", "429",
                        "503"));
                if (path.getKey().contains("{")) {
                    codes.add("404");
                }
                if (operation.getRequestBody() != null) {
                    codes.add("413");
                }
                for (String code : codes) {
                    var problem = operation.getResponses().get(code);
                    var content = problem == null || problem.getContent() == null ? null
                            : problem.getContent().get("application/problem+json");
                    if (content == null || !"#/components/schemas/Problem".equals(content.getSchema().get$ref())) {
                        wrong.add(name + ": no " + code + " application/problem+json response of the Problem schema");
                    }
                }
            }
        }
        assertThat(operations).as("operations under /api/").isPositive();
        assertThat(wrong).isEmpty();
    }
}
