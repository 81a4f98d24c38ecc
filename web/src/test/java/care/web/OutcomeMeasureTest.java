package care.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Answering a due outcome measure (GAD-7 or PHQ-9) from the progress page, against a stand-in for the gateway. */
@org.junit.jupiter.api.Tag("integration")
class OutcomeMeasureTest extends WebPageTest {

    static final String PATIENT_ID = "3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a";
    static final String PROMPT_ID = "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b";
    static final String ASSESSMENTS = "/api/integration/patients/" + PATIENT_ID + "/assessments";

    @Test
    void theProgressPageLinksADueMeasureWhichIsAskedOneQuestionPerStepInTheScreeningsWords() throws Exception {
        GATEWAY.answer("GET", "/api/integration/patients/" + PATIENT_ID + "/progress", 200, "{\"status\":\"ACTIVE\","
                + "\"plannedSessions\":6,\"completedSessions\":2,\"measures\":{},\"due\":[{\"kind\":\"OUTCOME_MEASURE\","
                + "\"instrument\":\"GAD7\",\"timepoint\":\"AFTER_SESSION_2\"},{\"kind\":\"JOURNAL_PROMPT\",\"sessionNumber\":2,"
                + "\"promptId\":\"" + PROMPT_ID + "\"},{\"kind\":\"COACHING_SESSION\",\"sessionNumber\":2}],"
                + "\"missedMeasures\":[]}");
        GATEWAY.answer("POST", ASSESSMENTS, 201, measured("GAD7", 6, "MILD", 12, -6, true, false));
        Browser patient = signedIn("PATIENT", PATIENT_ID);

        assertThat(patient.get("/progress").body()).contains("<a href=\"/progress/measures/GAD7\">Answer the "
                + "GAD-7 (anxiety) questionnaire (after session 2).</a>", "<a href=\"/journal?prompt=" + PROMPT_ID
                + "\">A journaling prompt from session 2.</a>", "<span>Your coaching session after session 2.</span>");
        HttpResponse<String> first = patient.get("/progress/measures/GAD7");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("<h1>GAD-7 (anxiety) questionnaire</h1>", "Question 1 of 7",
                "Anxiety (GAD-7), question 1 of 7", "Over the last 2 weeks, how often have you been bothered by",
                "Feeling nervous, anxious, or on edge", "<label for=\"answer-3\"", "Nearly every day",
                "action=\"/progress/measures/GAD7\"", "<legend>").doesNotContain("style=", "<script>", "Back</button>");

        HttpResponse<String> none = patient.submit("/progress/measures/GAD7", "/progress/measures/GAD7",
                Map.of("step", "0", "move", "next"));
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("Choose how often this bothered you.", "aria-describedby=\"answer-error\"",
                "aria-invalid=\"true\"");

        int[] answers = {1, 0, 2, 1, 0, 1, 1};
        for (int step = 0; step < answers.length; step++) {
            HttpResponse<String> next = patient.submit("/progress/measures/GAD7", "/progress/measures/GAD7",
                    Map.of("step", String.valueOf(step), "move", "next", "answer", String.valueOf(answers[step])));
            assertThat(next.statusCode()).as("step " + step).isEqualTo(302);
            if (step == 0) {
                String second = patient.get("/progress/measures/GAD7").body();
                assertThat(second).contains("Question 2 of 7", "Not being able to stop or control worrying",
                        "Back</button>");
            }
        }
        GatewayStandIn.Received post = nextPost();
        assertThat(post.path()).isEqualTo(ASSESSMENTS);
        assertThat(GatewayStandIn.JSON.readTree(post.body()).toString())
                .isEqualTo("{\"instrument\":\"GAD7\",\"answers\":[1,0,2,1,0,1,1]}");

        HttpResponse<String> result = patient.get("/progress/measures/GAD7/result");
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).contains("<h1>Answers sent</h1>", "role=\"status\"", "6 of 21: mild",
                "GAD-7 (anxiety), after session 2", "-6 (baseline 12)", "<strong>response</strong>")
                .doesNotContain("A clinician will call you", "Help is available now", "remission</strong>");
        assertThat(patient.get("/progress/measures/GAD7/result").statusCode()).as("shown once")
                .isEqualTo(302);
        assertThat(patient.get("/progress/measures/GAD7").body()).as("a fresh questionnaire next time")
                .contains("Question 1 of 7").doesNotContain("checked");
    }

    @Test
    void aPhq9Item9AboveZeroShowsCrisisResourcesAtOnceAndTheResultSaysAClinicianWillCall() throws Exception {
        GATEWAY.answer("POST", ASSESSMENTS, 201, measured("PHQ9", 11, "MODERATE", 16, -5, false, false)
                .replace("\"safetyReviewRequested\":false", "\"safetyReviewRequested\":true"));
        Browser patient = signedIn("PATIENT", PATIENT_ID);
        answerPhq9(patient, 8);
        HttpResponse<String> last = patient.get("/progress/measures/PHQ9");
        assertThat(last.body()).contains("Question 9 of 9", "Thoughts that you would be better off dead",
                "Send my answers</button>");

        HttpResponse<String> sent = patient.submit("/progress/measures/PHQ9", "/progress/measures/PHQ9",
                Map.of("step", "8", "move", "next", "answer", "1"));

        assertThat(sent.statusCode()).isEqualTo(302);
        assertThat(sent.headers().firstValue("Location")).hasValue("/progress/measures/PHQ9/result");
        assertThat(GatewayStandIn.JSON.readTree(nextPost().body()).toString())
                .isEqualTo("{\"instrument\":\"PHQ9\",\"answers\":[1,1,1,1,1,1,1,1,1]}");
        String result = patient.get("/progress/measures/PHQ9/result").body();
        assertThat(result).contains("<h1>Help is available now</h1>", "If you might act on these thoughts",
                "href=\"tel:988\"", "988 Suicide &amp; Crisis Lifeline", "href=\"tel:911\"",
                "<h2 id=\"clinician-calls\">A clinician will call you</h2>", "11 of 27: moderate");
        assertThat(result.indexOf("href=\"tel:988\"")).as("the crisis resources come before the score")
                .isLessThan(result.indexOf("11 of 27"));
    }

    @Test
    void aRefusalIsAPlainMessageAndTheCrisisResourcesStayWhenItem9WasAboveZero() throws Exception {
        GATEWAY.answer("POST", ASSESSMENTS, 422, "{\"type\":\"urn:care:problem:no-measure-due\",\"title\":"
                + "\"No measure due\",\"status\":422,\"detail\":\"The next measure is due after session 4.\"}");
        Browser patient = signedIn("PATIENT", PATIENT_ID);
        answerPhq9(patient, 8);

        HttpResponse<String> refused = patient.submit("/progress/measures/PHQ9", "/progress/measures/PHQ9",
                Map.of("step", "8", "move", "next", "answer", "2"));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("role=\"alert\"",
                "No questionnaire is due right now: The next measure is due after session 4.", "href=\"tel:988\"",
                "If you might act on these thoughts", "Question 9 of 9")
                .containsPattern("value=\"2\"\\s+checked").doesNotContain("urn:care:problem");

        GATEWAY.answer("POST", ASSESSMENTS, 409, "{\"type\":\"urn:care:problem:measure-already-recorded\","
                + "\"title\":\"Conflict\",\"status\":409,\"detail\":\"GAD7 is already recorded for AFTER_SESSION_2.\"}");
        for (int step = 0; step < 7; step++) {
            patient.submit("/progress/measures/gad7", "/progress/measures/gad7",
                    Map.of("step", String.valueOf(step), "move", "next", "answer", "0"));
        }
        HttpResponse<String> again = patient.get("/progress/measures/GAD7");
        assertThat(again.body()).contains("Question 7 of 7");
        HttpResponse<String> twice = patient.submit("/progress/measures/GAD7", "/progress/measures/GAD7",
                Map.of("step", "6", "move", "next", "answer", "0"));
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("You have already answered this questionnaire for now.")
                .doesNotContain("AFTER_SESSION_2", "If you might act on these thoughts");
    }

    @Test
    void onlyAPatientAnswersAndOnlyGad7AndPhq9Exist() throws Exception {
        Browser patient = signedIn("PATIENT", PATIENT_ID);
        assertThat(patient.get("/progress/measures/PCL5").statusCode()).isEqualTo(404);
        Browser clinician = signedIn("CLINICIAN", "");
        assertThat(clinician.get("/progress/measures/PHQ9").statusCode()).isEqualTo(403);
        assertThat(clinician.post("/progress/measures/PHQ9", Map.of("step", "0", "answer", "1")).statusCode())
                .isEqualTo(403);
        assertThat(GATEWAY.poll(200)).as("nothing reaches the API").isNull();
    }

    /** Answers PHQ-9 questions 1 to {@code count} with 1. */
    private static void answerPhq9(Browser patient, int count) throws Exception {
        for (int step = 0; step < count; step++) {
            HttpResponse<String> next = patient.submit("/progress/measures/PHQ9", "/progress/measures/PHQ9",
                    Map.of("step", String.valueOf(step), "move", "next", "answer", "1"));
            assertThat(next.statusCode()).as("step " + step).isEqualTo(302);
        }
    }

    private static String measured(String instrument, int score, String band, int baseline, int change,
            boolean response, boolean remission) {
        return "{\"measurementId\":\"m-1\",\"instrument\":\"" + instrument + "\",\"timepoint\":\"AFTER_SESSION_2\","
                + "\"score\":" + score + ",\"band\":\"" + band + "\",\"baselineScore\":" + baseline
                + ",\"changeFromBaseline\":" + change + ",\"response\":" + response + ",\"remission\":" + remission
                + ",\"measuredAt\":\"2026-05-08T10:00:00Z\",\"safetyReviewRequested\":false}";
    }

    private Browser signedIn(String role, String patientId) throws Exception {
        return signedIn(role, role.toLowerCase() + "-measure", patientId);
    }

    private static GatewayStandIn.Received nextPost() throws InterruptedException {
        GatewayStandIn.Received next = GATEWAY.next();
        while (!next.method().equals("POST")) {
            next = GATEWAY.next();
        }
        return next;
    }
}
