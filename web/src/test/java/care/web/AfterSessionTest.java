package care.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** After the session (reflections, journal, library) and progress, against a stand-in for the gateway. */
@org.junit.jupiter.api.Tag("integration")
class AfterSessionTest extends WebPageTest {

    static final String PATIENT_ID = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    static final String SESSION_1 = "aa11bb22-cc33-4d44-8e55-ff6677889900";
    static final String SESSION_2 = "bb22cc33-dd44-4e55-8f66-007788990011";
    static final String PROMPT_ID = "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b";
    static final String INTEGRATION = "/api/integration/patients/" + PATIENT_ID;

    @BeforeEach
    void reset() {
        GATEWAY.answer("GET", "/api/intake/patients/" + PATIENT_ID, 200, "{\"patientId\":\"" + PATIENT_ID
                + "\",\"givenName\":\"Sam\",\"familyName\":\"Lee\",\"jurisdiction\":\"US-CA\","
                + "\"timeZone\":\"America/Los_Angeles\",\"registeredAt\":\"2026-05-01T10:00:00Z\"}");
    }

    @Test
    void aCompletedSessionTakesOneReflectionAndARefusalIsShownNextToTheField() throws Exception {
        GATEWAY.answer("GET", "/api/sessions/patients/" + PATIENT_ID, 200, "[{\"sessionId\":\"" + SESSION_1
                + "\",\"sessionNumber\":1,\"status\":\"COMPLETED\",\"completedAt\":\"2026-05-04T18:00:00Z\"},"
                + "{\"sessionId\":\"" + SESSION_2 + "\",\"sessionNumber\":2,\"status\":\"COMPLETED\","
                + "\"completedAt\":\"2026-05-07T02:00:00Z\"}]");
        GATEWAY.answer("GET", "/api/sessions/" + SESSION_1, 200, "{\"sessionId\":\"" + SESSION_1 + "\",\"reflection\":"
                + "{\"text\":\"I felt the worry loosen\",\"mood\":7,\"submittedAt\":\"2026-05-04T20:00:00Z\"}}");
        GATEWAY.answer("GET", "/api/sessions/" + SESSION_2, 200, "{\"sessionId\":\"" + SESSION_2
                + "\",\"reflection\":null}");
        Browser browser = signedIn("PATIENT", PATIENT_ID);

        HttpResponse<String> page = browser.get("/reflections");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Session <span>1</span>", "I felt the worry loosen", "<span>7</span> of 10",
                "Session <span>2</span>", "Wed 6 May 2026", "action=\"/reflections/" + SESSION_2 + "\"",
                "<label for=\"text-" + SESSION_2 + "\"", "<label for=\"mood-" + SESSION_2 + "\"")
                .doesNotContain("action=\"/reflections/" + SESSION_1 + "\"", "style=");

        GATEWAY.answer("POST", "/api/sessions/" + SESSION_2 + "/reflection", 400, "{\"type\":"
                + "\"urn:care:problem:validation\",\"title\":\"Invalid request\",\"status\":400,\"detail\":"
                + "\"The request has invalid fields.\",\"errors\":[{\"field\":\"mood\",\"message\":\"must not be null\"}]}");
        GATEWAY.clear();
        HttpResponse<String> refused = browser.submit("/reflections", "/reflections/" + SESSION_2,
                Map.of("text", "Calmer than I expected", "mood", ""));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("must not be null", "aria-invalid=\"true\"",
                "aria-describedby=\"mood-" + SESSION_2 + "-error\"", "Calmer than I expected")
                .doesNotContain("urn:care:problem");
        assertThat(refused.body().split("id=\"page-message\"", -1)).as("the message once, in the form it concerns")
                .hasSize(2);
        GatewayStandIn.Received post = nextPost();
        assertThat(post.path()).isEqualTo("/api/sessions/" + SESSION_2 + "/reflection");
        assertThat(post.body()).isEqualTo("{\"text\":\"Calmer than I expected\",\"mood\":null}");

        GATEWAY.answer("POST", "/api/sessions/" + SESSION_2 + "/reflection", 200, "{\"sessionId\":\"" + SESSION_2 + "\"}");
        GATEWAY.clear();
        HttpResponse<String> saved = browser.submit("/reflections", "/reflections/" + SESSION_2,
                Map.of("text", "Calmer than I expected", "mood", "8"));
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(saved.headers().firstValue("Location")).hasValue("/reflections");
        assertThat(GatewayStandIn.JSON.readTree(nextPost().body()).toString())
                .isEqualTo("{\"text\":\"Calmer than I expected\",\"mood\":8}");
        assertThat(browser.get("/reflections").body()).contains("Your reflection is saved.");
    }

    @Test
    void theJournalListsPromptsAndEntriesAndPostsANewEntryOnceWithItsKey() throws Exception {
        GATEWAY.answer("GET", INTEGRATION + "/prompts", 200, "[{\"assignmentId\":\"a-1\",\"promptId\":\"" + PROMPT_ID
                + "\",\"sessionNumber\":1,\"text\":\"What did you notice in your body?\",\"answered\":false},"
                + "{\"assignmentId\":\"a-2\",\"promptId\":\"6e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b\",\"sessionNumber\":1,"
                + "\"text\":\"What would you like to keep?\",\"answered\":true}]");
        GATEWAY.answer("GET", INTEGRATION + "/journal-entries", 200, "[{\"entryId\":\"e-1\",\"promptId\":"
                + "\"6e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b\",\"text\":\"The quiet after the breath\",\"mood\":6,"
                + "\"writtenAt\":\"2026-05-05T16:00:00Z\"}]");
        Browser browser = signedIn("PATIENT", PATIENT_ID);

        HttpResponse<String> page = browser.get("/journal?prompt=" + PROMPT_ID);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("What did you notice in your body?", "The quiet after the breath",
                "What would you like to keep?", "Tue 5 May 2026", "<label for=\"text\"", "<label for=\"mood\"",
                "<label for=\"promptId\"")
                .containsPattern("value=\"" + PROMPT_ID + "\"\\s+selected");
        GATEWAY.answer("POST", INTEGRATION + "/journal-entries", 201, "{\"entryId\":\"e-2\"}");
        GATEWAY.clear();
        String attempt = "0f0e0d0c-0b0a-4909-8807-060504030201";
        HttpResponse<String> saved = browser.submit("/journal", "/journal", Map.of("promptId", PROMPT_ID,
                "text", "Warm hands, slow breath", "mood", "7", "attempt", attempt));

        assertThat(saved.statusCode()).isEqualTo(302);
        GatewayStandIn.Received post = nextPost();
        assertThat(post.path()).isEqualTo(INTEGRATION + "/journal-entries");
        assertThat(post.headers().get("Idempotency-Key")).isEqualTo(attempt);
        assertThat(GatewayStandIn.JSON.readTree(post.body()).toString()).isEqualTo("{\"promptId\":\"" + PROMPT_ID
                + "\",\"text\":\"Warm hands, slow breath\",\"mood\":7}");
        assertThat(browser.get("/journal").body()).contains("Your journal entry is saved.", "role=\"status\"");

        GATEWAY.answer("POST", INTEGRATION + "/journal-entries", 422, "{\"type\":\"urn:care:problem:no-program\","
                + "\"title\":\"No program\",\"status\":422,\"detail\":\"Your program has not started yet.\"}");
        HttpResponse<String> refused = browser.submit("/journal", "/journal", Map.of("text", "Too early", "mood", ""));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("role=\"alert\"", "Your program has not started yet.", "Too early")
                .doesNotContain("urn:care:problem");
    }

    @Test
    void theLibraryPassesItsFiltersAsQueryParametersAndShowsABadFilterNextToIt() throws Exception {
        GATEWAY.answer("GET", "/api/integration/content", 200, "{\"items\":[{\"contentId\":\"c-1\",\"title\":"
                + "\"Box breathing\",\"kind\":\"BREATHWORK\",\"durationMinutes\":4,\"tags\":[\"anxiety\",\"grounding\"],"
                + "\"mediaRef\":\"media/breathwork/box-breathing.mp3\"}]}");
        Browser browser = signedIn("PATIENT", PATIENT_ID);

        HttpResponse<String> page = browser.get("/library?kind=BREATHWORK&maxMinutes=5&tag=anxiety");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Box breathing", "4 min", "anxiety, grounding", "One practice",
                "<legend>Kind</legend>", "<label for=\"maxMinutes\"", "<label for=\"tag\"")
                .containsPattern("value=\"BREATHWORK\"\\s+checked");
        assertThat(GATEWAY.lastQuery("GET", "/api/integration/content"))
                .isEqualTo("kind=BREATHWORK&maxMinutes=5&tag=anxiety");

        GATEWAY.answer("GET", "/api/integration/content", 400, "{\"type\":\"urn:care:problem:validation\","
                + "\"title\":\"Invalid request\",\"status\":400,\"detail\":\"The request has invalid fields.\","
                + "\"errors\":[{\"field\":\"tag\",\"message\":\"must be letters, digits and dashes, at most 32\"}]}");
        HttpResponse<String> refused = browser.get("/library?tag=no+spaces");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("must be letters, digits and dashes, at most 32",
                "aria-describedby=\"tag-error\"");
    }

    @Test
    void progressShowsTheScoresAgainstBaselineWithTheApisFlagsAndWhatIsDue() throws Exception {
        GATEWAY.answer("GET", INTEGRATION + "/progress", 200, "{\"patientId\":\"" + PATIENT_ID + "\",\"status\":"
                + "\"ACTIVE\",\"plannedSessions\":6,\"completedSessions\":2,\"measures\":{\"GAD7\":["
                + "{\"timepoint\":\"BASELINE\",\"score\":12,\"band\":\"MODERATE\",\"baselineScore\":12,"
                + "\"changeFromBaseline\":0,\"response\":false,\"remission\":false,\"measuredAt\":\"2026-05-01T10:00:00Z\"},"
                + "{\"timepoint\":\"AFTER_SESSION_2\",\"score\":6,\"band\":\"MILD\",\"baselineScore\":12,"
                + "\"changeFromBaseline\":-6,\"response\":true,\"remission\":false,\"measuredAt\":\"2026-05-08T10:00:00Z\"}],"
                + "\"PHQ9\":[{\"timepoint\":\"BASELINE\",\"score\":16,\"band\":\"MODERATELY_SEVERE\",\"baselineScore\":16,"
                + "\"changeFromBaseline\":0,\"response\":false,\"remission\":false,\"measuredAt\":\"2026-05-01T10:00:00Z\"}]},"
                + "\"due\":[{\"kind\":\"OUTCOME_MEASURE\",\"instrument\":\"PHQ9\",\"timepoint\":\"AFTER_SESSION_2\"}],"
                + "\"next\":{\"timepoint\":\"AFTER_SESSION_4\",\"afterSession\":4},\"missedMeasures\":[]}");
        Browser browser = signedIn("PATIENT", PATIENT_ID);

        HttpResponse<String> page = browser.get("/progress");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("2</span> of", "<caption>GAD-7 (anxiety)</caption>",
                "<caption>PHQ-9 (mood)</caption>", "<th scope=\"col\">Response</th>", "moderately severe",
                "Yes: response", "-6", "Answer the PHQ-9 (mood) questionnaire (after session 2).",
                "The next questionnaires are due after session 4.", "data-labels=\"Baseline (screening)|After session 2\"",
                "data-gad7=\"12,6\"", "data-phq9=\"16,\"")
                .containsPattern("<script src=\"/webjars/chart.js/[0-9.]+/dist/chart.umd.min.js\" defer>")
                .contains("<script src=\"/js/progress-chart.js\" defer>")
                .doesNotContain("Yes: remission", "<script>", "style=");
        assertThat(browser.get("/js/progress-chart.js").statusCode()).isEqualTo(200);
    }

    @Test
    void theHomePageLinksTheseScreensAndStaffAreTurnedAway() throws Exception {
        Browser patient = signedIn("PATIENT", PATIENT_ID);
        assertThat(patient.get("/").body()).contains("href=\"/reflections\"", "href=\"/journal\"",
                "href=\"/library\"", "href=\"/progress\"");
        Browser coach = signedIn("COACH", "");
        for (String page : new String[] {"/reflections", "/journal", "/progress"}) {
            assertThat(coach.get(page).statusCode()).as(page).isEqualTo(403);
        }
    }

    private Browser signedIn(String role, String patientId) throws Exception {
        return signedIn(role, role.toLowerCase() + "-after", patientId);
    }

    private static GatewayStandIn.Received nextPost() throws InterruptedException {
        GatewayStandIn.Received next = GATEWAY.next();
        while (!next.method().equals("POST")) {
            next = GATEWAY.next();
        }
        return next;
    }
}
