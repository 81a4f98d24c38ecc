package care.integration.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import care.kit.security.Role;
import care.kit.test.Api;
import care.kit.test.ServiceIntegrationTest;
import care.kit.test.TestIssuer;
import tools.jackson.databind.JsonNode;

/** The content library on the real store: the starter library, search, and administration. */
@org.junit.jupiter.api.Tag("integration")
@ServiceIntegrationTest
class ContentLibraryIntegrationTest {

    @LocalServerPort
    int port;

    final TestIssuer issuer = TestIssuer.get();
    final String admin = issuer.token("admin-1", Role.ADMIN);
    final String patient = issuer.patientToken("user-1", "8a0f5a8e-6d1e-4a57-a1a4-5c5e2fbd7d43");

    Api api() {
        return new Api(port);
    }

    List<JsonNode> search(String query) {
        HttpResponse<String> response = api().get("/api/integration/content" + query, patient);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        Api.json(response).path("items").forEach(items::add);
        return items;
    }

    @Test
    void theStarterLibraryIsSearchableByKindLengthAndTag() {
        List<JsonNode> all = search("");
        assertThat(all).hasSizeGreaterThanOrEqualTo(10);
        assertThat(all).extracting(item -> item.path("kind").asString()).contains("BREATHWORK", "MEDITATION");

        List<JsonNode> shortBreathwork = search("?kind=BREATHWORK&maxMinutes=5");
        assertThat(shortBreathwork).isNotEmpty().allSatisfy(item -> {
            assertThat(item.path("kind").asString()).isEqualTo("BREATHWORK");
            assertThat(item.path("durationMinutes").asInt()).isLessThanOrEqualTo(5);
        });
        assertThat(shortBreathwork).extracting(item -> item.path("title").asString())
                .contains("Box breathing: four even sides", "Two sighs to settle")
                .doesNotContain("The longer out-breath");
        // Shortest first.
        assertThat(shortBreathwork.getFirst().path("durationMinutes").asInt()).isEqualTo(3);

        List<JsonNode> integration = search("?kind=MEDITATION&tag=integration");
        assertThat(integration).isNotEmpty().allSatisfy(item ->
                assertThat(item.path("tags").toString()).contains("\"integration\""));
        assertThat(search("?tag=no-such-tag")).isEmpty();
    }

    @Test
    void administratorsAddChangeAndRetireItems() {
        String body = "{\"title\":\"Grounding through the feet\",\"kind\":\"MEDITATION\",\"durationMinutes\":9,"
                + "\"tags\":[\"Grounding\",\"walking\"],\"mediaRef\":\"https://media.example.org/grounding-feet.mp3\"}";
        assertThat(api().post("/api/integration/content", patient, body).statusCode()).isEqualTo(403);
        assertThat(api().post("/api/integration/content", issuer.token("coach-1", Role.COACH), body).statusCode())
                .isEqualTo(403);

        HttpResponse<String> added = api().post("/api/integration/content", admin, body);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        String id = Api.json(added).path("contentId").asString();
        assertThat(Api.json(added).path("tags").toString()).isEqualTo("[\"grounding\",\"walking\"]");
        assertThat(search("?tag=walking")).extracting(item -> item.path("contentId").asString()).containsExactly(id);

        HttpResponse<String> changed = api().put("/api/integration/content/" + id, admin, body.replace("9", "11"));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(Api.json(api().get("/api/integration/content/" + id, patient)).path("durationMinutes").asInt())
                .isEqualTo(11);

        assertThat(api().delete("/api/integration/content/" + id, patient).statusCode()).isEqualTo(403);
        assertThat(api().delete("/api/integration/content/" + id, admin).statusCode()).isEqualTo(200);
        assertThat(search("?tag=walking")).isEmpty();
        // Still readable: a coaching session may have recommended it.
        assertThat(Api.json(api().get("/api/integration/content/" + id, patient)).path("status").asString())
                .isEqualTo("RETIRED");
        assertThat(api().get("/api/integration/content/" + java.util.UUID.randomUUID(), patient).statusCode())
                .isEqualTo(404);
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        int before = search("").size();
        assertThat(api().post("/api/integration/content", admin, "{\"title\":\"\",\"kind\":\"MEDITATION\","
                + "\"durationMinutes\":9,\"mediaRef\":\"media/x.mp3\"}").body()).contains("title");
        assertThat(api().post("/api/integration/content", admin, "{\"title\":\"T\",\"kind\":\"MEDITATION\","
                + "\"durationMinutes\":0,\"mediaRef\":\"media/x.mp3\"}").body()).contains("durationMinutes");
        assertThat(api().post("/api/integration/content", admin, "{\"title\":\"T\",\"kind\":\"MEDITATION\","
                + "\"durationMinutes\":5,\"mediaRef\":\"javascript:alert(1)\"}").body()).contains("mediaRef");
        assertThat(api().post("/api/integration/content", admin, "{\"title\":\"T\",\"kind\":\"MEDITATION\","
                + "\"durationMinutes\":5,\"tags\":[\"has space\"],\"mediaRef\":\"media/x.mp3\"}").body()).contains("tags");
        assertThat(api().post("/api/integration/content", admin, "{\"title\":\"T\",\"kind\":\"YOGA\","
                + "\"durationMinutes\":5,\"mediaRef\":\"media/x.mp3\"}").statusCode()).isEqualTo(400);
        assertThat(api().get("/api/integration/content?maxMinutes=0", patient).statusCode()).isEqualTo(400);
        assertThat(api().get("/api/integration/content?kind=YOGA", patient).statusCode()).isEqualTo(400);
        assertThat(api().get("/api/integration/content", null).statusCode()).isEqualTo(401);
        assertThat(search("")).hasSize(before);
    }
}
