package care.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The clinician's worklist and eligibility decision against a stand-in for the gateway. */
@org.junit.jupiter.api.Tag("integration")
class StaffWorklistTest extends WebPageTest {

    static final String CLINICIAN_ID = "3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a";
    static final String WAITING = "11111111-2222-4333-8444-555555555555";
    static final String ESCALATED = "66666666-7777-4888-9999-aaaaaaaaaaaa";
    static final String ALONE = "77777777-8888-4999-aaaa-bbbbbbbbbbbb";
    static final String CONSULTATION = "c0c0c0c0-1111-4222-8333-444444444444";
    static final String ESCALATED_CONSULTATION = "e0e0e0e0-1111-4222-8333-444444444444";
    static final String SESSION_ID = "5e551011-0000-4000-8000-000000000001";
    static final String DECISION_PAGE = "/patients/" + WAITING + "/consultations/" + CONSULTATION;

    @Test
    void theWorklistShowsEscalationsFirstThenRequestsThenTodaysSessionsInTheBrowsersTimeZone() throws Exception {
        GATEWAY.answer("GET", "/api/intake/consultations", 200, "{\"items\":["
                + "{\"consultationId\":\"" + CONSULTATION + "\",\"patientId\":\"" + WAITING + "\",\"jurisdiction\":\"US-CA\","
                + "\"requestedAt\":\"2026-05-01T10:00:00Z\",\"status\":\"REQUESTED\"},"
                + "{\"consultationId\":\"" + ESCALATED_CONSULTATION + "\",\"patientId\":\"" + ESCALATED + "\","
                + "\"jurisdiction\":\"US-CA\",\"requestedAt\":\"2026-05-02T10:00:00Z\",\"status\":\"REQUESTED\"}],"
                + "\"page\":0,\"size\":20}");
        GATEWAY.answer("GET", "/api/intake/safety-escalations", 200, "{\"items\":["
                + "{\"escalationId\":\"x-1\",\"patientId\":\"" + ESCALATED + "\",\"jurisdiction\":\"US-CA\","
                + "\"raisedAt\":\"2026-05-03T09:30:00Z\",\"triggers\":2},"
                + "{\"escalationId\":\"x-2\",\"patientId\":\"" + ALONE + "\",\"jurisdiction\":\"US-CA\","
                + "\"raisedAt\":\"2026-05-04T09:30:00Z\",\"triggers\":1}],\"page\":0,\"size\":20}");
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        Instant start = LocalDate.now(tokyo).atTime(9, 0).atZone(tokyo).toInstant();
        GATEWAY.answer("GET", "/api/sessions", 200, "[{\"sessionId\":\"" + SESSION_ID + "\",\"appointmentId\":\"a-1\","
                + "\"planId\":\"p-1\",\"sessionNumber\":2,\"providerId\":\"" + CLINICIAN_ID + "\",\"status\":\"SCHEDULED\","
                + "\"scheduledStart\":\"" + start + "\",\"scheduledEnd\":\"" + start.plusSeconds(3 * 3600) + "\","
                + "\"prepared\":true,\"startedAt\":null,\"completedAt\":null}]");
        Browser browser = signedIn("CLINICIAN", CLINICIAN_ID);

        java.net.HttpCookie zone = new java.net.HttpCookie("care_time_zone", "Asia/Tokyo");
        zone.setPath("/");
        zone.setVersion(0);
        java.net.URI site = java.net.URI.create("http://127.0.0.1:" + port + "/");
        browser.cookies().getCookieStore().add(site, zone);

        HttpResponse<String> page = browser.get("/worklist");

        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body();
        assertThat(body).contains("Open safety escalations", "Safety review needed (US-CA)", "2 positive answers",
                "href=\"/patients/" + ESCALATED + "/consultations/" + ESCALATED_CONSULTATION + "#safety-review\"",
                "Consultation request (US-CA)", "href=\"" + DECISION_PAGE + "\"",
                "09:00–12:00 · Dosing session 2", "Scheduled; preparation complete.", "href=\"/console/" + SESSION_ID + "\"",
                "Asia/Tokyo", "/js/worklist.js").doesNotContain("the clinic's time zone", "style=");
        assertThat(body.indexOf("Safety review needed")).isLessThan(body.indexOf("Consultation request (US-CA)"));
        assertThat(body.indexOf("Consultation request (US-CA)")).isLessThan(body.indexOf("Dosing session 2"));
        assertThat(body).as("an escalation without a waiting request has its own review page")
                .contains("href=\"/patients/" + ALONE + "/safety-review\"", "1 positive answer.")
                .as("the escalated patient's request waits for the review")
                .contains("waits for the safety review above");
        assertThat(body.indexOf("/patients/" + ALONE + "/safety-review"))
                .isLessThan(body.indexOf("Consultation request (US-CA)"));
        List<String> paths = received();
        assertThat(paths).contains("GET /api/intake/consultations", "GET /api/intake/safety-escalations",
                "GET /api/sessions").noneMatch(path -> path.endsWith("/summary"));

        browser.cookies().getCookieStore().remove(site, zone);
        HttpResponse<String> clinicZone = browser.get("/worklist");
        assertThat(clinicZone.body()).as("without the browser's zone: the clinic's").contains("(the clinic's time zone)");
    }

    @Test
    void aRefusedWorklistIsExplainedAndTheCoordinatorSeesWhatTheirRoleAllows() throws Exception {
        GATEWAY.answer("GET", "/api/intake/consultations", 403, "{\"type\":\"urn:care:problem:staff-not-registered\","
                + "\"title\":\"Forbidden\",\"status\":403,\"detail\":\"You are not registered as a clinician.\"}");
        GATEWAY.answer("GET", "/api/sessions", 200, "[]");
        Browser clinician = signedIn("CLINICIAN", CLINICIAN_ID);
        HttpResponse<String> refused = clinician.get("/worklist");
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("You are not registered as a clinician.", "No session of yours today.")
                .doesNotContain("urn:care:problem");

        Browser coordinator = signedIn("COORDINATOR", "coord-1");
        GATEWAY.answer("GET", "/api/intake/staff", 200, "[{\"staffId\":\"" + CLINICIAN_ID + "\",\"roles\":[\"CLINICIAN\"],"
                + "\"displayName\":\"Dr Rivera\",\"licensedJurisdictions\":[\"US-CA\"]}]");
        GATEWAY.clear();
        HttpResponse<String> page = coordinator.get("/worklist");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"coordinator-note\"", "<label for=\"clinician\">",
                "value=\"" + CLINICIAN_ID + "\"", "Dr Rivera").doesNotContain("Consultation requests");
        assertThat(received()).as("nothing a coordinator may not list is asked for")
                .containsExactly("GET /api/intake/staff");
        HttpResponse<String> chosen = coordinator.get("/worklist?clinician=" + CLINICIAN_ID);
        assertThat(chosen.body()).contains("No session of Dr Rivera today.");
        assertThat(received()).containsExactly("GET /api/intake/staff", "GET /api/sessions");
        assertThat(coordinator.get("/").body()).contains("href=\"/worklist\"");
        assertThat(coordinator.get(DECISION_PAGE).statusCode()).isEqualTo(403);

        Browser patient = signedIn("PATIENT", "patient-1", WAITING);
        assertThat(patient.get("/worklist").statusCode()).isEqualTo(403);
        assertThat(patient.get(DECISION_PAGE).statusCode()).isEqualTo(403);
        assertThat(patient.get("/").body()).doesNotContain("href=\"/worklist\"");
    }

    @Test
    void theDecisionPageShowsTheScreeningAndAnApprovalPostsTheSessionsAndRationale() throws Exception {
        decisionPageData("[]");
        GATEWAY.answer("POST", "/api/intake/consultations/" + CONSULTATION + "/decision", 200, "{\"consultationId\":\""
                + CONSULTATION + "\",\"status\":\"APPROVED\",\"ruleSetVersion\":\"1.0\","
                + "\"acceptedRelativeContraindications\":[\"RESPIRATORY_ILLNESS\"]}");
        Browser browser = signedIn("CLINICIAN", CLINICIAN_ID);
        assertThat(browser.get("/").body()).contains("href=\"/worklist\"");

        HttpResponse<String> page = browser.get(DECISION_PAGE);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("11 of 21: moderate", "12 of 27: moderate", "146/92 mmHg",
                "Respiratory illness", "Elevated blood pressure", "relative", "Record the decision",
                "<legend>Outcome</legend>", "<legend>Reasons</legend>", "<legend>Referral</legend>",
                "value=\"CLINICAL_JUDGEMENT\"", "value=\"PSYCHIATRY\"").doesNotContain("Safety review</h2>", "style=");
        GATEWAY.clear();

        HttpResponse<String> approved = browser.submit(DECISION_PAGE, DECISION_PAGE + "/decision", Map.of(
                "outcome", "APPROVED", "plannedSessions", "6", "rationale", "Mild asthma, well controlled."));

        assertThat(approved.statusCode()).isEqualTo(302);
        assertThat(approved.headers().firstValue("Location")).hasValue("/worklist");
        GatewayStandIn.Received post = nextPost();
        assertThat(post.path()).isEqualTo("/api/intake/consultations/" + CONSULTATION + "/decision");
        assertThat(post.headers().get("Authorization")).startsWith("Bearer ");
        assertThat(GatewayStandIn.JSON.readTree(post.body()).toString()).isEqualTo(
                "{\"outcome\":\"APPROVED\",\"plannedSessions\":6,\"rationale\":\"Mild asthma, well controlled.\"}");
        GATEWAY.answer("GET", "/api/intake/consultations", 200, "{\"items\":[],\"page\":0,\"size\":20}");
        GATEWAY.answer("GET", "/api/intake/safety-escalations", 200, "{\"items\":[],\"page\":0,\"size\":20}");
        GATEWAY.answer("GET", "/api/sessions", 200, "[]");
        assertThat(browser.get("/worklist").body()).contains("Approved with 6 sessions", "rule set 1.0",
                "No consultation request waits");
    }

    @Test
    void aDeclinePostsReasonsAndReferralAndRefusalsAppearNextToTheirFields() throws Exception {
        decisionPageData("[]");
        String decision = "/api/intake/consultations/" + CONSULTATION + "/decision";
        GATEWAY.answer("POST", decision, 422, "{\"type\":\"urn:care:problem:rationale-required\","
                + "\"title\":\"Rationale required for relative contraindications\",\"status\":422,"
                + "\"detail\":\"The rule set 1.0 does not allow this approval.\"}");
        Browser browser = signedIn("CLINICIAN", CLINICIAN_ID);

        HttpResponse<String> noRationale = browser.submit(DECISION_PAGE, DECISION_PAGE + "/decision",
                Map.of("outcome", "APPROVED", "plannedSessions", "5"));

        assertThat(noRationale.statusCode()).isEqualTo(422);
        assertThat(noRationale.body())
                .containsPattern("<textarea id=\"rationale\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"rationale-error\"")
                .contains("id=\"rationale-error\"", "Rationale required for relative contraindications. The rule set 1.0 "
                        + "does not allow this approval.", "value=\"5\"")
                .doesNotContain("urn:care:problem");

        GATEWAY.answer("POST", decision, 422, "{\"type\":\"urn:care:problem:planned-sessions-out-of-range\","
                + "\"title\":\"Planned sessions out of range\",\"status\":422,"
                + "\"detail\":\"The rule set 1.0 does not allow this approval.\"}");
        HttpResponse<String> tooMany = browser.submit(DECISION_PAGE, DECISION_PAGE + "/decision",
                Map.of("outcome", "APPROVED", "plannedSessions", "12", "rationale", "r"));
        assertThat(tooMany.body()).containsPattern("<input id=\"plannedSessions\"[^>]*aria-invalid=\"true\"")
                .contains("id=\"plannedSessions-error\"", "Planned sessions out of range.");

        HttpResponse<String> notANumber = browser.submit(DECISION_PAGE, DECISION_PAGE + "/decision",
                Map.of("outcome", "APPROVED", "plannedSessions", "six"));
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(notANumber.body()).contains("Enter the number of sessions as a whole number.");

        GATEWAY.answer("POST", decision, 400, "{\"type\":\"urn:care:problem:invalid-request\",\"title\":\"Invalid request\","
                + "\"status\":400,\"detail\":\"The request has invalid fields.\","
                + "\"errors\":[{\"field\":\"referral\",\"message\":\"is required to decline\"}]}");
        HttpResponse<String> noReferral = browser.submit(DECISION_PAGE, DECISION_PAGE + "/decision",
                Map.of("outcome", "DECLINED", "reasons", "CLINICAL_JUDGEMENT"));
        assertThat(noReferral.statusCode()).isEqualTo(400);
        assertThat(noReferral.body()).contains("id=\"referral-error\"", "is required to decline")
                .containsPattern("<fieldset aria-describedby=\"referral-error\">")
                .containsPattern("id=\"reason-CLINICAL_JUDGEMENT\" value=\"CLINICAL_JUDGEMENT\" checked");

        GATEWAY.answer("POST", decision, 409, "{\"type\":\"urn:care:problem:already-decided\",\"title\":\"Conflict\","
                + "\"status\":409,\"detail\":\"This consultation has already been decided.\"}");
        HttpResponse<String> decided = browser.submit(DECISION_PAGE, DECISION_PAGE + "/decision",
                Map.of("outcome", "DECLINED", "reasons", "CLINICAL_JUDGEMENT", "referral", "PSYCHIATRY"));
        assertThat(decided.statusCode()).isEqualTo(409);
        assertThat(decided.body()).contains("role=\"alert\"", "This consultation has already been decided.");

        GATEWAY.answer("POST", decision, 200, "{\"consultationId\":\"" + CONSULTATION + "\",\"status\":\"DECLINED\","
                + "\"ruleSetVersion\":\"1.0\",\"acceptedRelativeContraindications\":[]}");
        GATEWAY.clear();
        HttpResponse<String> declined = browser.post(DECISION_PAGE + "/decision", Map.of("outcome", "DECLINED",
                "reasons", "SYMPTOM_THRESHOLD_NOT_MET", "referral", "PSYCHOTHERAPY", "_csrf",
                Browser.csrfToken(browser.get(DECISION_PAGE).body())));
        assertThat(declined.statusCode()).isEqualTo(302);
        JsonNode body = GatewayStandIn.JSON.readTree(nextPost().body());
        assertThat(body.toString()).isEqualTo(
                "{\"outcome\":\"DECLINED\",\"reasons\":[\"SYMPTOM_THRESHOLD_NOT_MET\"],\"referral\":\"PSYCHOTHERAPY\"}");
    }

    @Test
    void anOpenEscalationIsReviewedBeforeTheDecision() throws Exception {
        decisionPageData("[{\"escalationId\":\"x-1\",\"status\":\"OPEN\",\"raisedAt\":\"2026-05-03T09:30:00Z\",\"triggers\":1}]");
        String reviews = "/api/intake/patients/" + WAITING + "/safety-reviews";
        GATEWAY.answer("POST", reviews, 409, "{\"type\":\"urn:care:problem:no-open-escalation\",\"title\":\"Conflict\","
                + "\"status\":409,\"detail\":\"There is no open safety escalation to review.\"}");
        Browser browser = signedIn("CLINICIAN", CLINICIAN_ID);

        HttpResponse<String> page = browser.get(DECISION_PAGE);

        assertThat(page.body()).contains("id=\"safety-review\"", "An open safety escalation", "1 positive answer",
                "<legend>Outcome of the review</legend>", "Record the safety review", "Record the safety review first")
                .doesNotContain("Record the decision");
        HttpResponse<String> none = browser.submit(DECISION_PAGE, "/patients/" + WAITING + "/safety-review",
                Map.of("consultationId", CONSULTATION));
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("id=\"reviewOutcome-error\"", "Choose cleared or refer out.");

        HttpResponse<String> conflict = browser.submit(DECISION_PAGE, "/patients/" + WAITING + "/safety-review",
                Map.of("consultationId", CONSULTATION, "outcome", "CLEARED", "notes", "Passive thoughts only."));
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.body()).contains("There is no open safety escalation to review.", "Passive thoughts only.");

        GATEWAY.answer("POST", reviews, 201, "{\"resolvedEscalations\":[\"x-1\"],\"status\":\"CLEARED\","
                + "\"reviewedAt\":\"2026-05-03T10:00:00Z\"}");
        GATEWAY.clear();
        HttpResponse<String> cleared = browser.post("/patients/" + WAITING + "/safety-review", Map.of(
                "consultationId", CONSULTATION, "outcome", "CLEARED", "notes", "Passive thoughts only.",
                "_csrf", Browser.csrfToken(browser.get(DECISION_PAGE).body())));
        assertThat(cleared.statusCode()).isEqualTo(302);
        assertThat(cleared.headers().firstValue("Location")).hasValue(DECISION_PAGE);
        GatewayStandIn.Received post = nextPost();
        assertThat(post.path()).isEqualTo(reviews);
        assertThat(GatewayStandIn.JSON.readTree(post.body()).toString())
                .isEqualTo("{\"outcome\":\"CLEARED\",\"notes\":\"Passive thoughts only.\"}");
    }

    private static void decisionPageData(String escalations) {
        GATEWAY.answer("GET", "/api/intake/patients/" + WAITING + "/summary", 200,
                summary(WAITING, "REQUESTED", escalations));
        GATEWAY.answer("GET", "/api/intake/patients/" + WAITING + "/screenings", 200, "[{\"screeningId\":\"s-1\","
                + "\"completedAt\":\"2026-05-01T09:00:00Z\",\"gad7Answers\":[2,2,2,2,1,1,1],"
                + "\"phq9Answers\":[2,2,2,2,1,1,1,1,0],\"conditions\":[\"RESPIRATORY_ILLNESS\"],"
                + "\"bloodPressure\":{\"systolic\":146,\"diastolic\":92},\"gad7\":{\"total\":11,\"band\":\"MODERATE\"},"
                + "\"phq9\":{\"total\":12,\"band\":\"MODERATE\",\"item9Positive\":false},"
                + "\"contraindications\":[{\"code\":\"RESPIRATORY_ILLNESS\",\"severity\":\"RELATIVE\"},"
                + "{\"code\":\"ELEVATED_BLOOD_PRESSURE\",\"severity\":\"RELATIVE\"}]}]");
    }

    private static String summary(String patientId, String consultationStatus, String escalations) {
        String consultation = patientId.equals(WAITING) ? CONSULTATION : ESCALATED_CONSULTATION;
        return "{\"patientId\":\"" + patientId + "\",\"latestScreening\":null,\"consents\":[],"
                + "\"consultations\":[{\"consultationId\":\"" + consultation + "\",\"status\":\"" + consultationStatus
                + "\",\"requestedAt\":\"2026-05-01T10:00:00Z\"}],\"escalations\":" + escalations + ",\"referredOut\":false}";
    }

    private Browser signedIn(String role, String subject) throws Exception {
        return signedIn(role, subject, "");
    }

    private static List<String> received() throws InterruptedException {
        List<String> paths = new ArrayList<>();
        for (GatewayStandIn.Received next = GATEWAY.poll(500); next != null; next = GATEWAY.poll(200)) {
            paths.add(next.method() + " " + next.path());
        }
        return paths;
    }

    private static GatewayStandIn.Received nextPost() throws InterruptedException {
        GatewayStandIn.Received next = GATEWAY.next();
        while (!next.method().equals("POST")) {
            next = GATEWAY.next();
        }
        return next;
    }
}
