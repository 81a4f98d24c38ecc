package care.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The patient's screening, consents and consultation request against a stand-in for the gateway. */
@org.junit.jupiter.api.Tag("integration")
class PatientIntakeTest extends WebPageTest {

    static final String PATIENT_ID = "0b6f3a52-9d1e-4c7a-8f20-5e4d3c2b1a09";
    static final String API = "/api/intake/patients/" + PATIENT_ID;
    static final String RESULT = "{\"screeningId\":\"9a0f1c3e-2b4d-4e6f-8a1b-3c5d7e9f0a2b\","
            + "\"gad7\":{\"total\":11,\"band\":\"MODERATE\"},"
            + "\"phq9\":{\"total\":8,\"band\":\"MILD\",\"item9Positive\":false},"
            + "\"contraindications\":[{\"code\":\"RESPIRATORY_ILLNESS\",\"severity\":\"RELATIVE\"}],"
            + "\"safetyEscalationRaised\":false,\"safetyReviewPending\":false}";
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\"");

    @Test
    void steppingThroughTheScreeningPostsTheAnswersInOrderAndShowsTheOutcome() throws Exception {
        GATEWAY.answer("POST", API + "/screenings", 201, RESULT);
        Browser browser = signedIn();
        List<Integer> gad7 = List.of(2, 1, 3, 0, 2, 1, 1);
        List<Integer> phq9 = List.of(1, 1, 2, 1, 0, 1, 0, 1, 0);
        List<String> locations = new ArrayList<>();

        HttpResponse<String> first = browser.get("/screening");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("Step 1 of 18", "<legend>", "Anxiety (GAD-7), question 1 of 7",
                "Over the last 2 weeks, how often have you been bothered by…", "Feeling nervous, anxious, or on edge",
                "Not at all", "Several days", "More than half the days", "Nearly every day")
                .containsPattern("<label for=\"answer-0\">\\s*<input type=\"radio\" name=\"answer\" id=\"answer-0\" value=\"0\"")
                .doesNotContain("style=", "<script>", ">Back<");
        for (int step = 0; step < 16; step++) {
            int value = step < 7 ? gad7.get(step) : phq9.get(step - 7);
            if (step == 2) {
                // A wrong answer first, then Back from the next step and the right one.
                locations.add(answer(browser, step, 0, "next"));
                HttpResponse<String> third = browser.get("/screening");
                assertThat(third.body()).contains("Step 4 of 18", "Trouble relaxing", ">Back<");
                locations.add(answer(browser, 3, null, "back"));
                HttpResponse<String> again = browser.get("/screening");
                assertThat(again.body()).contains("Step 3 of 18", "Worrying too much about different things")
                        .containsPattern("id=\"answer-0\" value=\"0\" checked");
            }
            locations.add(answer(browser, step, value, "next"));
            assertThat(browser.get("/screening").body()).as("no answer beyond the step counter in the page")
                    .satisfies(page -> assertThat(hiddenFields(page)).containsExactly("_csrf", "_csrf", "step"));
        }
        HttpResponse<String> conditions = browser.get("/screening");
        assertThat(conditions.body()).contains("Step 17 of 18", "Do any of these apply to you?",
                "value=\"RESPIRATORY_ILLNESS\"", "value=\"PREGNANT_OR_NURSING\"");
        locations.add(location(browser.submit("/screening", "/screening",
                Map.of("step", "16", "condition", "RESPIRATORY_ILLNESS", "move", "next"))));
        HttpResponse<String> bloodPressure = browser.get("/screening");
        assertThat(bloodPressure.body()).contains("Step 18 of 18", "Systolic (the top number), mmHg",
                "Diastolic (the bottom number), mmHg", "Send my answers");
        GATEWAY.clear();

        HttpResponse<String> sent = browser.submit("/screening", "/screening",
                Map.of("step", "17", "systolic", "124", "diastolic", "82", "move", "next"));

        assertThat(sent.statusCode()).isEqualTo(302);
        locations.add(location(sent));
        assertThat(locations).as("answers never travel in a URL")
                .allSatisfy(location -> assertThat(location).matches("/screening(/result)?"));
        GatewayStandIn.Received post = nextPost();
        assertThat(post.path()).isEqualTo(API + "/screenings");
        assertThat(post.headers().get("Authorization")).startsWith("Bearer ");
        JsonNode body = GatewayStandIn.JSON.readTree(post.body());
        assertThat(body.path("gad7").toString()).isEqualTo("[2,1,3,0,2,1,1]");
        assertThat(body.path("phq9").toString()).isEqualTo("[1,1,2,1,0,1,0,1,0]");
        assertThat(body.path("conditions").toString()).isEqualTo("[\"RESPIRATORY_ILLNESS\"]");
        assertThat(body.path("bloodPressure").toString()).isEqualTo("{\"systolic\":124,\"diastolic\":82}");
        HttpResponse<String> result = browser.get("/screening/result");
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).contains("Screening sent", "11 of 21: moderate", "8 of 27: mild",
                "A lung or breathing illness", "href=\"/consents\"").doesNotContain("A clinician will call you");
        HttpResponse<String> fresh = browser.get("/screening");
        assertThat(fresh.body()).as("the answers are dropped once sent").contains("Step 1 of 18")
                .doesNotContain("checked");
    }

    @Test
    void aThoughtOfSelfHarmShowsCrisisResourcesOnTheVeryNextPageAndTheScreeningGoesOn() throws Exception {
        Browser browser = signedIn();
        for (int step = 0; step < 15; step++) {
            assertThat(answer(browser, step, 0, "next")).isEqualTo("/screening");
        }
        assertThat(browser.get("/screening").body()).contains("Mood (PHQ-9), question 9 of 9",
                "Thoughts that you would be better off dead or of hurting yourself");

        String next = answer(browser, 15, 1, "next");

        assertThat(next).isEqualTo("/screening/support");
        HttpResponse<String> support = browser.get(next);
        assertThat(support.statusCode()).isEqualTo(200);
        assertThat(support.body()).contains("988 Suicide &amp; Crisis Lifeline", "href=\"tel:988\"", "Call or text",
                "href=\"tel:911\"", "A clinician will call you", "href=\"/screening\"", "Continue the screening");
        assertThat(browser.get("/screening").body()).as("the screening continues").contains("Step 17 of 18",
                "Do any of these apply to you?");
        assertThat(GATEWAY.poll(200)).as("nothing is sent before the last step").isNull();
    }

    @Test
    void anUnansweredQuestionAndARefusedReadingAreExplainedNextToTheField() throws Exception {
        Browser browser = signedIn();
        HttpResponse<String> unanswered = browser.submit("/screening", "/screening", Map.of("step", "0",
                "move", "next"));
        assertThat(unanswered.statusCode()).isEqualTo(400);
        assertThat(unanswered.body()).contains("Choose one answer to go on.", "id=\"answer-error\"",
                "Choose how often this bothered you.", "Step 1 of 18")
                .containsPattern("<fieldset aria-describedby=\"answer-error\">");
        for (int step = 0; step < 17; step++) {
            answer(browser, step, step < 16 ? 1 : null, "next");
        }
        GATEWAY.answer("POST", API + "/screenings", 400, "{\"type\":\"urn:care:problem:validation\","
                + "\"title\":\"Invalid request\",\"status\":400,\"detail\":\"The request has invalid fields.\","
                + "\"errors\":[{\"field\":\"bloodPressure.systolic\",\"message\":\"must be greater than or equal to 50\"}]}");

        HttpResponse<String> refused = browser.submit("/screening", "/screening",
                Map.of("step", "17", "systolic", "12", "diastolic", "80", "move", "next"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .containsPattern("<input id=\"systolic\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"systolic-error\"")
                .contains("The top number must be greater than or equal to 50.",
                        "Some answers could not be accepted.", "value=\"12\"", "value=\"80\"")
                .doesNotContain("urn:care:problem", "{\"field\"", "bloodPressure.systolic");
        assertThat(nextPost().path()).isEqualTo(API + "/screenings");

        GATEWAY.answer("POST", API + "/screenings", 429, "{\"type\":\"urn:care:problem:too-many-screenings\","
                + "\"title\":\"Too many requests\",\"status\":429,"
                + "\"detail\":\"At most 10 screenings may be submitted in 24 hours.\"}");
        HttpResponse<String> tooMany = browser.submit("/screening", "/screening",
                Map.of("step", "17", "systolic", "124", "diastolic", "80", "move", "next"));
        assertThat(tooMany.statusCode()).isEqualTo(429);
        assertThat(tooMany.body()).contains("please try again tomorrow", "value=\"124\"");

        HttpResponse<String> notANumber = browser.submit("/screening", "/screening",
                Map.of("step", "17", "systolic", "high", "diastolic", "80", "move", "next"));
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(notANumber.body()).contains("Enter the top number as a whole number, such as 120.");
    }

    @Test
    void theChecklistShowsWhatIsMissingAndRecordsAConsent() throws Exception {
        GATEWAY.answer("GET", API + "/summary", 200, summary(false, "NOT_RECORDED", "ACTIVE", "NOT_RECORDED", "[]"));
        GATEWAY.answer("POST", API + "/consents", 201, "{\"consentId\":\"c-1\",\"type\":\"TREATMENT\","
                + "\"granted\":true,\"recordedAt\":\"2026-05-01T10:00:00Z\"}");
        Browser browser = signedIn();

        HttpResponse<String> page = browser.get("/consents");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("2 things are still missing", "Answer the screening",
                "Treatment consent</strong>:", "still missing", "Text messages consent</strong>:", "given",
                "I agree to be assessed for", "I agree: Treatment", "I agree: Email")
                .doesNotContain("I agree: Text messages")
                .containsPattern("<button type=\"submit\"[^>]* disabled=\"disabled\">\\s*Request a consultation");
        GATEWAY.clear();

        HttpResponse<String> agreed = browser.submit("/consents", "/consents", Map.of("type", "TREATMENT"));

        assertThat(agreed.statusCode()).isEqualTo(302);
        assertThat(agreed.headers().firstValue("Location")).hasValue("/consents");
        GatewayStandIn.Received post = nextPost();
        assertThat(post.path()).isEqualTo(API + "/consents");
        assertThat(GatewayStandIn.JSON.readTree(post.body()).toString())
                .isEqualTo("{\"type\":\"TREATMENT\",\"granted\":true}");
        assertThat(browser.get("/consents").body()).contains("Your consent to treatment is recorded.");
        assertThat(browser.submit("/consents", "/consents", Map.of("type", "EVERYTHING")).statusCode())
                .isEqualTo(400);
    }

    @Test
    void aConsultationIsRequestedWhenNothingIsMissingAndARefusalIsExplained() throws Exception {
        GATEWAY.answer("GET", API + "/summary", 200, summary(true, "ACTIVE", "NOT_RECORDED", "NOT_RECORDED", "[]"));
        GATEWAY.answer("POST", API + "/consultations", 422, "{\"type\":\"urn:care:problem:safety-review-pending\","
                + "\"title\":\"Consultation not possible yet\",\"status\":422,"
                + "\"detail\":\"A clinician must review the open safety escalation before a consultation.\"}");
        Browser browser = signedIn();
        HttpResponse<String> page = browser.get("/consents");
        assertThat(page.body()).contains("Everything needed for a consultation is done.")
                .containsPattern("<button type=\"submit\">\\s*Request a consultation")
                .doesNotContain("disabled");
        GATEWAY.clear();

        HttpResponse<String> refused = browser.submit("/consents", "/consultation", Map.of());

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("role=\"alert\"",
                "A clinician must review the open safety escalation before a consultation.")
                .doesNotContain("urn:care:problem");
        assertThat(nextPost().path()).isEqualTo(API + "/consultations");

        GATEWAY.answer("POST", API + "/consultations", 409, "{\"type\":\"urn:care:problem:consultation-exists\","
                + "\"title\":\"Conflict\",\"status\":409,"
                + "\"detail\":\"A consultation is already requested or approved for this patient.\"}");
        HttpResponse<String> exists = browser.submit("/consents", "/consultation", Map.of());
        assertThat(exists.statusCode()).isEqualTo(409);
        assertThat(exists.body()).contains("A consultation is already requested or approved for this patient.");

        GATEWAY.answer("POST", API + "/consultations", 201, "{\"consultationId\":\"c-9\",\"status\":\"REQUESTED\"}");
        HttpResponse<String> requested = browser.submit("/consents", "/consultation", Map.of());
        assertThat(requested.statusCode()).isEqualTo(302);
        assertThat(requested.headers().firstValue("Location")).hasValue("/consents");
        GATEWAY.answer("GET", API + "/summary", 200, summary(true, "ACTIVE", "NOT_RECORDED", "NOT_RECORDED",
                "[{\"consultationId\":\"c-9\",\"status\":\"REQUESTED\"}]"));
        assertThat(browser.get("/consents").body()).contains("Your consultation is requested.")
                .doesNotContain("Request a consultation</button>");
    }

    @Test
    void thePatientsHomeAndProgramLinkToTheScreeningAndConsents() throws Exception {
        GATEWAY.answer("GET", API, 200, "{\"patientId\":\"" + PATIENT_ID + "\",\"givenName\":\"Sam\","
                + "\"familyName\":\"Lee\",\"jurisdiction\":\"US-CA\",\"timeZone\":\"UTC\","
                + "\"registeredAt\":\"2026-05-01T10:00:00Z\"}");
        Browser browser = signedIn();
        assertThat(browser.get("/").body()).contains("href=\"/screening\"", "href=\"/consents\"");
        assertThat(browser.get("/program").body()).contains("href=\"/screening\"", "href=\"/consents\"");
        Browser clinician = new Browser(port);
        clinician.submit("/sign-in", "/sign-in", Map.of("role", "CLINICIAN", "subject", "clinician-2",
                "patientId", ""));
        assertThat(clinician.get("/screening").statusCode()).isEqualTo(403);
        assertThat(clinician.get("/consents").statusCode()).isEqualTo(403);
    }

    private Browser signedIn() throws Exception {
        return signedIn("PATIENT", "patient-intake", PATIENT_ID);
    }

    /** Answers one step and gives where the app sends the browser next. */
    private static String answer(Browser browser, int step, Integer value, String move) throws Exception {
        Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("step", String.valueOf(step));
        if (value != null) {
            form.put("answer", String.valueOf(value));
        }
        form.put("move", move);
        HttpResponse<String> response = browser.submit("/screening", "/screening", form);
        assertThat(response.statusCode()).as("step %d", step).isEqualTo(302);
        return location(response);
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow();
    }

    private static List<String> hiddenFields(String page) {
        List<String> names = new ArrayList<>();
        Matcher matcher = HIDDEN.matcher(page);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static String summary(boolean screened, String treatment, String sms, String email, String consultations) {
        return "{\"patientId\":\"" + PATIENT_ID + "\",\"latestScreening\":"
                + (screened ? "{\"screeningId\":\"s-1\",\"completedAt\":\"2026-05-01T10:00:00Z\"}" : "null")
                + ",\"consents\":[{\"type\":\"TREATMENT\",\"status\":\"" + treatment + "\"},"
                + "{\"type\":\"SMS\",\"status\":\"" + sms + "\"},{\"type\":\"EMAIL\",\"status\":\"" + email + "\"}],"
                + "\"consultations\":" + consultations + ",\"escalations\":[],\"referredOut\":false}";
    }

    private static GatewayStandIn.Received nextPost() throws InterruptedException {
        GatewayStandIn.Received next = GATEWAY.next();
        while (!next.method().equals("POST")) {
            next = GATEWAY.next();
        }
        return next;
    }
}
