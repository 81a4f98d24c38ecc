package care.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The patient's program, booking and preparation against a stand-in for the gateway. */
@org.junit.jupiter.api.Tag("integration")
class PatientProgramTest extends WebPageTest {

    static final String PATIENT_ID = "3c1d9e72-5a4b-4f06-8e21-7b9c0d1e2f34";
    static final String PROVIDER_ID = "a1b2c3d4-0000-4000-8000-000000000001";
    static final String OTHER_PROVIDER_ID = "a1b2c3d4-0000-4000-8000-000000000002";
    static final String SESSION_1 = "11111111-2222-4333-8444-555555555501";
    static final String SESSION_2 = "11111111-2222-4333-8444-555555555502";
    static final String PLAN = "/api/scheduling/patients/" + PATIENT_ID + "/plan";
    static final String SLOTS = "/api/scheduling/slots";
    static final String APPOINTMENTS = "/api/scheduling/appointments";
    private static final Pattern ATTEMPT = Pattern.compile("name=\"attempt\" value=\"([^\"]+)\"");
    private static final Pattern SLOT = Pattern.compile("name=\"slot\" id=\"slot-(\\d+)\" value=\"([^\"]+)\"");

    @BeforeEach
    void reset() {
        GATEWAY.answer("GET", "/api/intake/patients/" + PATIENT_ID, 200, "{\"patientId\":\"" + PATIENT_ID
                + "\",\"givenName\":\"Sam\",\"familyName\":\"Lee\",\"jurisdiction\":\"US-CA\","
                + "\"timeZone\":\"America/Los_Angeles\",\"registeredAt\":\"2026-05-01T10:00:00Z\"}");
    }

    @Test
    void theProgramListsTheSessionsWithTheirStatusAndTheNextThingToDo() throws Exception {
        GATEWAY.answer("GET", PLAN, 200, plan("ACTIVE"));
        GATEWAY.answer("GET", "/api/sessions/patients/" + PATIENT_ID, 200, "[" + session(SESSION_1, "a-1", 1,
                "COMPLETED", "2026-11-20T17:00:00Z", true) + "," + session(SESSION_2, "a-2", 2, "SCHEDULED",
                "2026-12-10T17:00:00Z", false) + "]");
        GATEWAY.answer("GET", "/api/sessions/" + SESSION_1, 200, "{\"sessionId\":\"" + SESSION_1
                + "\",\"reflection\":{\"text\":\"calm\",\"mood\":7,\"submittedAt\":\"2026-11-21T10:00:00Z\"}}");
        Browser browser = signedIn();

        HttpResponse<String> page = browser.get("/program");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Next thing to do", "Prepare for session 2 on Thursday 10 December 2026 at "
                + "9:00 AM.", "href=\"/sessions/" + SESSION_2 + "/preparation\"", "Your program has 4 dosing sessions",
                "America/Los_Angeles", "Booked, preparation to do", "Not booked yet", "href=\"/book/3\"",
                "href=\"/book/4\"", "<th scope=\"row\">1</th>")
                .containsPattern("<th scope=\"row\">1</th>\\s*<td>Done</td>")
                .doesNotContain("href=\"/book/1\"", "href=\"/book/2\"", "Getting started");

        GATEWAY.answer("GET", "/api/sessions/" + SESSION_1, 200, "{\"sessionId\":\"" + SESSION_1
                + "\",\"reflection\":null}");
        assertThat(browser.get("/program").body()).as("a session done without its reflection comes first")
                .contains("Reflect on session 1");

        GATEWAY.answer("GET", PLAN, 200, plan("PAUSED"));
        GATEWAY.answer("GET", "/api/sessions/patients/" + PATIENT_ID, 200, "[]");
        assertThat(browser.get("/program").body()).contains("Your program is paused")
                .doesNotContain("href=\"/book/3\"");
    }

    @Test
    void reflectingAndASessionInProgressLinkToTheirPagesAndHomeLinksEveryPatientScreenOnce() throws Exception {
        GATEWAY.answer("GET", PLAN, 200, plan("ACTIVE"));
        GATEWAY.answer("GET", "/api/sessions/patients/" + PATIENT_ID, 200, "[" + session(SESSION_1, "a-1", 1,
                "COMPLETED", "2026-11-20T17:00:00Z", true) + "]");
        GATEWAY.answer("GET", "/api/sessions/" + SESSION_1, 200, "{\"sessionId\":\"" + SESSION_1
                + "\",\"reflection\":null}");
        Browser browser = signedIn();

        assertThat(browser.get("/program").body()).contains("Reflect on session 1")
                .containsPattern("<a href=\"/reflections\" role=\"button\">Write your reflection</a>");

        GATEWAY.answer("GET", "/api/sessions/patients/" + PATIENT_ID, 200, "[" + session(SESSION_1, "a-1", 1,
                "COMPLETED", "2026-11-20T17:00:00Z", true) + "," + session(SESSION_2, "a-2", 2, "IN_PROGRESS",
                "2026-12-10T17:00:00Z", true) + "]");
        String inProgress = browser.get("/program").body();
        assertThat(inProgress).contains("Session 2 is under way", "Open the monitor&#39;s check-in page",
                "Check in during session 2")
                .containsPattern("<a href=\"/monitor/" + SESSION_2 + "\" role=\"button\">")
                .containsPattern("<td>In progress</td>\\s*<td>[\\s\\S]*?href=\"/monitor/" + SESSION_2 + "\"");

        String home = browser.get("/").body();
        for (String screen : new String[] {"/program", "/screening", "/consents", "/monitor", "/reflections",
                "/journal", "/library", "/progress"}) {
            assertThat(home.split("href=\"" + screen + "\"", -1)).as(screen + " linked once").hasSize(2);
        }
    }

    @Test
    void beforeThePlanTheNextThingComesFromIntake() throws Exception {
        GATEWAY.answer("GET", "/api/intake/patients/" + PATIENT_ID + "/summary", 200, "{\"patientId\":\""
                + PATIENT_ID + "\",\"latestScreening\":{\"screeningId\":\"s-1\",\"completedAt\":\"2026-05-01T10:00:00Z\"},"
                + "\"consents\":[{\"type\":\"TREATMENT\",\"status\":\"ACTIVE\"}],"
                + "\"consultations\":[{\"consultationId\":\"c-1\",\"status\":\"REQUESTED\"}],\"escalations\":[],"
                + "\"referredOut\":false}");
        Browser browser = signedIn();

        String page = browser.get("/program").body();

        assertThat(page).contains("Wait for the clinician&#39;s decision", "Getting started", "href=\"/screening\"")
                .doesNotContain("Your sessions");
        GATEWAY.answer("GET", "/api/intake/patients/" + PATIENT_ID + "/summary", 200, "{\"patientId\":\""
                + PATIENT_ID + "\",\"latestScreening\":{\"screeningId\":\"s-1\",\"completedAt\":\"2026-05-01T10:00:00Z\"},"
                + "\"consents\":[{\"type\":\"TREATMENT\",\"status\":\"NOT_RECORDED\"}],\"consultations\":[],"
                + "\"escalations\":[],\"referredOut\":false}");
        assertThat(browser.get("/program").body()).contains("Give your consent to treatment.",
                "<a href=\"/consents\" role=\"button\">");
    }

    @Test
    void bookingShowsTheDaysFreeTimesInTheBrowsersZoneAndADoubleSubmitIsOneBooking() throws Exception {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(5);
        GATEWAY.answer("GET", SLOTS, 200, slots(day));
        GATEWAY.answer("POST", APPOINTMENTS, 201, "{\"appointmentId\":\"a-3\",\"sessionNumber\":3,\"start\":\""
                + day + "T15:00:00Z\",\"late\":false}");
        Browser browser = signedIn();

        HttpResponse<String> first = browser.get("/book/3");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("Book session 3", "data-fill-time-zone",
                "<input type=\"hidden\" name=\"timeZone\" value=\"America/Los_Angeles\">", "type=\"date\"")
                .doesNotContain("Free times on");

        HttpResponse<String> chosen = browser.submit("/book/3", "/book/3", Map.of("day", day.toString(),
                "timeZone", "America/New_York"));
        assertThat(chosen.statusCode()).isEqualTo(302);
        assertThat(chosen.headers().firstValue("Location")).hasValue("/book/3");
        GATEWAY.clear();
        String times = browser.get("/book/3").body();
        GatewayStandIn.Received slotsAsked = nextWith("GET", SLOTS);
        assertThat(slotsAsked.headers().get("Authorization")).startsWith("Bearer ");
        assertThat(times).contains("Free times on", "America/New_York", ">10:00 AM<", ">11:30 AM<",
                "<legend>Choose a time</legend>");
        List<String> values = slotValues(times);
        assertThat(values).as("one choice per start, whoever offers it").hasSize(2);
        assertThat(values.getFirst()).isEqualTo(PROVIDER_ID + "|" + day + "T15:00:00Z");

        HttpResponse<String> picked = browser.submit("/book/3", "/book/3/time", Map.of("slot", values.getFirst()));
        assertThat(picked.headers().firstValue("Location")).hasValue("/book/3/confirm");
        String confirm = browser.get("/book/3/confirm").body();
        assertThat(confirm).contains("Confirm session 3", "at 10:00 AM", "America/New_York", "Book this time");
        String attempt = attempt(confirm);
        String csrf = Browser.csrfToken(confirm);
        GATEWAY.clear();

        HttpResponse<String> booked = browser.post("/book/3/confirm", Map.of("attempt", attempt, "_csrf", csrf));
        HttpResponse<String> again = browser.post("/book/3/confirm", Map.of("attempt", attempt, "_csrf", csrf));

        assertThat(booked.headers().firstValue("Location")).hasValue("/program");
        assertThat(again.headers().firstValue("Location")).hasValue("/program");
        GatewayStandIn.Received post = nextWith("POST", APPOINTMENTS);
        GatewayStandIn.Received repeated = nextWith("POST", APPOINTMENTS);
        assertThat(post.headers().get("Idempotency-Key")).isEqualTo(attempt);
        assertThat(repeated.headers().get("Idempotency-Key")).as("a double submit is one booking").isEqualTo(attempt);
        JsonNode body = GatewayStandIn.JSON.readTree(post.body());
        assertThat(body.toString()).isEqualTo("{\"patientId\":\"" + PATIENT_ID + "\",\"type\":\"DOSING_SESSION\","
                + "\"providerId\":\"" + PROVIDER_ID + "\",\"start\":\"" + day + "T15:00:00Z\",\"sessionNumber\":3}");
        assertThat(repeated.body()).isEqualTo(post.body());
        assertThat(browser.get("/program").body()).contains("Session 3 is booked for", "at 10:00 AM.");

        browser.submit("/book/3", "/book/3", Map.of("day", day.toString(), "timeZone", "America/New_York"));
        browser.submit("/book/3", "/book/3/time", Map.of("slot", values.get(1)));
        String another = attempt(browser.get("/book/3/confirm").body());
        assertThat(another).as("a new attempt, a new key").isNotEqualTo(attempt);
    }

    @Test
    void aPacingRefusalIsExplainedAndATakenTimeShowsTheFreeTimesAgain() throws Exception {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(5);
        GATEWAY.answer("GET", SLOTS, 200, slots(day));
        GATEWAY.answer("POST", APPOINTMENTS, 422, "{\"type\":\"urn:care:problem:minimum-gap-between-dosing\","
                + "\"title\":\"Too close to another dosing session\",\"status\":422,"
                + "\"detail\":\"The program's pacing rules do not allow this session at this time.\"}");
        Browser browser = signedIn();
        String confirm = confirmPage(browser, day);

        HttpResponse<String> refused = browser.submit("/book/3/confirm", "/book/3/confirm",
                Map.of("attempt", attempt(confirm)));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("role=\"alert\"", "This time is too close to another of your dosing "
                + "sessions", "Free times on").doesNotContain("urn:care:problem", "{\"type\"");

        GATEWAY.answer("POST", APPOINTMENTS, 409, "{\"type\":\"urn:care:problem:slot-taken\",\"title\":\"Conflict\","
                + "\"status\":409,\"detail\":\"That time, or that session, is already booked.\"}");
        confirm = confirmPage(browser, day);
        GATEWAY.clear();

        HttpResponse<String> taken = browser.submit("/book/3/confirm", "/book/3/confirm",
                Map.of("attempt", attempt(confirm)));

        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.body()).contains("This time was just taken by someone else", "Choose a time", ">10:00 AM<");
        nextWith("POST", APPOINTMENTS);
        assertThat(nextWith("GET", SLOTS)).as("the free times are asked for again after the refusal").isNotNull();

        HttpResponse<String> noDay = browser.submit("/book/3", "/book/3", Map.of("day", "someday",
                "timeZone", "Europe/Berlin"));
        assertThat(noDay.statusCode()).isEqualTo(400);
        assertThat(noDay.body()).containsPattern("<input id=\"day\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"day-error\"")
                .contains("Enter a day, such as");
    }

    @Test
    void preparationShowsWhatIsMissingAndSavesTheChecklistAndTheReading() throws Exception {
        String path = "/api/sessions/" + SESSION_2;
        GATEWAY.answer("GET", path, 200, detail("[\"intention\",\"monitor\"]", "[]"));
        GATEWAY.answer("PUT", path + "/preparation", 200, detail("[]", "[]"));
        GATEWAY.answer("POST", path + "/vitals", 200, detail("[]", "[]"));
        Browser browser = signedIn();
        String page = "/sessions/" + SESSION_2 + "/preparation";

        HttpResponse<String> shown = browser.get(page);

        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("Prepare for session 2", "2 things are still missing",
                "your intention for the session", "your monitor&#39;s name and phone number",
                "Thursday 10 December 2026 at 9:00 AM", "<label for=\"monitorPhone\">", "No reading yet.")
                .containsPattern("id=\"fastingConfirmed\" name=\"fastingConfirmed\" value=\"true\" checked");
        GATEWAY.clear();

        HttpResponse<String> saved = browser.submit(page, page, Map.of("intention", " Meet the worry ",
                "fastingConfirmed", "true", "monitorName", "Alex Kim", "monitorPhone", "+14155550188",
                "noDriving", "true", "safeEnvironment", "true"));

        assertThat(saved.statusCode()).isEqualTo(302);
        GatewayStandIn.Received put = nextWith("PUT", path + "/preparation");
        assertThat(GatewayStandIn.JSON.readTree(put.body()).toString()).isEqualTo("{\"intention\":\"Meet the worry\","
                + "\"fastingConfirmed\":true,\"monitor\":{\"name\":\"Alex Kim\",\"phone\":\"+14155550188\"},"
                + "\"noDriving\":true,\"safeEnvironment\":true}");
        assertThat(browser.get(page).body()).contains("Your preparation is saved and complete.");

        GATEWAY.answer("PUT", path + "/preparation", 400, "{\"type\":\"urn:care:problem:invalid-request\","
                + "\"title\":\"Invalid request\",\"status\":400,\"detail\":\"The request has invalid fields.\","
                + "\"errors\":[{\"field\":\"monitor.phone\",\"message\":\"must be a phone number\"}]}");
        HttpResponse<String> refused = browser.submit(page, page, Map.of("monitorName", "Alex Kim",
                "monitorPhone", "call me"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .containsPattern("<input id=\"monitorPhone\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"monitorPhone-error\"")
                .contains("must be a phone number", "value=\"call me\"").doesNotContain("monitor.phone");
        GATEWAY.clear();

        HttpResponse<String> reading = browser.submit(page, "/sessions/" + SESSION_2 + "/reading",
                Map.of("systolic", "128", "diastolic", "82", "heartRate", "76"));
        assertThat(reading.statusCode()).isEqualTo(302);
        assertThat(GatewayStandIn.JSON.readTree(nextWith("POST", path + "/vitals").body()).toString())
                .isEqualTo("{\"phase\":\"PRE_DOSE\",\"systolic\":128,\"diastolic\":82,\"heartRate\":76}");

        GATEWAY.answer("POST", path + "/vitals", 422, "{\"type\":\"urn:care:problem:reading-phase-not-now\","
                + "\"title\":\"Not now\",\"status\":422,\"detail\":\"A pre-dose reading is taken before the start.\"}");
        HttpResponse<String> late = browser.submit(page, "/sessions/" + SESSION_2 + "/reading",
                Map.of("systolic", "128", "diastolic", "82", "heartRate", "76"));
        assertThat(late.statusCode()).isEqualTo(422);
        assertThat(late.body()).contains("A pre-dose reading is taken before the start.", "value=\"128\"");
        HttpResponse<String> notANumber = browser.submit(page, "/sessions/" + SESSION_2 + "/reading",
                Map.of("systolic", "high", "diastolic", "82", "heartRate", "76"));
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(notANumber.body()).contains("Enter a whole number, such as 120.", "id=\"systolic-error\"");

        GATEWAY.answer("GET", path, 200, detail("[]", "[{\"readingId\":\"r-1\",\"phase\":\"PRE_DOSE\",\"systolic\":128,"
                + "\"diastolic\":82,\"heartRate\":76,\"takenAt\":\"2026-12-10T16:40:00Z\",\"recordedBy\":\"PATIENT\","
                + "\"baseline\":false}]"));
        assertThat(browser.get(page).body()).contains("Your preparation is complete.", "128/82 mmHg, pulse 76");
    }

    @Test
    void staffSeeNoneOfThePatientsProgramPages() throws Exception {
        Browser clinician = new Browser(port);
        clinician.submit("/sign-in", "/sign-in", Map.of("role", "CLINICIAN", "subject", "clinician-3",
                "patientId", ""));
        GATEWAY.clear();
        assertThat(clinician.get("/program").statusCode()).isEqualTo(403);
        assertThat(clinician.get("/book/1").statusCode()).isEqualTo(403);
        assertThat(clinician.get("/sessions/" + SESSION_2 + "/preparation").statusCode()).isEqualTo(403);
        assertThat(GATEWAY.poll(200)).as("nothing is asked of the API").isNull();
    }

    private String confirmPage(Browser browser, LocalDate day) throws Exception {
        browser.submit("/book/3", "/book/3", Map.of("day", day.toString(), "timeZone", "America/New_York"));
        String times = browser.get("/book/3").body();
        browser.submit("/book/3", "/book/3/time", Map.of("slot", slotValues(times).getFirst()));
        return browser.get("/book/3/confirm").body();
    }

    private Browser signedIn() throws Exception {
        return signedIn("PATIENT", "patient-program", PATIENT_ID);
    }

    private static String plan(String status) {
        return "{\"planId\":\"p-1\",\"patientId\":\"" + PATIENT_ID + "\",\"status\":\"" + status
                + "\",\"plannedSessions\":4,\"sessions\":["
                + "{\"number\":1,\"status\":\"FULFILLED\",\"appointment\":{\"appointmentId\":\"a-1\",\"providerId\":\""
                + PROVIDER_ID + "\",\"start\":\"2026-11-20T17:00:00Z\",\"end\":\"2026-11-20T20:00:00Z\"}},"
                + "{\"number\":2,\"status\":\"SCHEDULED\",\"appointment\":{\"appointmentId\":\"a-2\",\"providerId\":\""
                + PROVIDER_ID + "\",\"start\":\"2026-12-10T17:00:00Z\",\"end\":\"2026-12-10T20:00:00Z\"}},"
                + "{\"number\":3,\"status\":\"UNSCHEDULED\",\"appointment\":null},"
                + "{\"number\":4,\"status\":\"UNSCHEDULED\",\"appointment\":null}]}";
    }

    private static String session(String id, String appointmentId, int number, String status, String start,
            boolean prepared) {
        return "{\"sessionId\":\"" + id + "\",\"appointmentId\":\"" + appointmentId + "\",\"planId\":\"p-1\","
                + "\"sessionNumber\":" + number + ",\"providerId\":\"" + PROVIDER_ID + "\",\"status\":\"" + status
                + "\",\"scheduledStart\":\"" + start + "\",\"prepared\":" + prepared + "}";
    }

    @Test
    void theCareTeamsClinicianIsOfferedFirstAndAloneWhenFree() throws Exception {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(5);
        GATEWAY.answer("GET", SLOTS, 200, slots(day));
        GATEWAY.answer("GET", "/api/intake/patients/" + PATIENT_ID + "/care-team", 200, "{\"members\":["
                + "{\"staffId\":\"" + OTHER_PROVIDER_ID + "\",\"role\":\"RESPONSIBLE_CLINICIAN\"},"
                + "{\"staffId\":\"" + PROVIDER_ID + "\",\"role\":\"COACH\"}],\"emergencyAccess\":[]}");
        Browser browser = signedIn();
        browser.submit("/book/3", "/book/3", Map.of("day", day.toString(), "timeZone", "America/New_York"));

        List<String> values = slotValues(browser.get("/book/3").body());

        assertThat(values).as("only the responsible clinician's time, not the other clinician's")
                .containsExactly(OTHER_PROVIDER_ID + "|" + day + "T15:00:00Z");
    }

    private static String slots(LocalDate day) {
        return "{\"items\":[{\"providerId\":\"" + PROVIDER_ID + "\",\"start\":\"" + day + "T15:00:00Z\",\"end\":\""
                + day + "T18:00:00Z\"},{\"providerId\":\"" + OTHER_PROVIDER_ID + "\",\"start\":\"" + day
                + "T15:00:00Z\",\"end\":\"" + day + "T18:00:00Z\"},{\"providerId\":\"" + PROVIDER_ID + "\",\"start\":\""
                + day + "T16:30:00Z\",\"end\":\"" + day + "T19:30:00Z\"}],\"page\":0,\"size\":200,\"total\":3}";
    }

    private static String detail(String missing, String vitals) {
        boolean complete = missing.equals("[]");
        return "{\"sessionId\":\"" + SESSION_2 + "\",\"patientId\":\"" + PATIENT_ID + "\",\"sessionNumber\":2,"
                + "\"status\":\"SCHEDULED\",\"planPaused\":false,\"scheduledStart\":\"2026-12-10T17:00:00Z\","
                + "\"preparation\":{\"intention\":" + (complete ? "\"Meet the worry\"" : "null")
                + ",\"fastingConfirmed\":true,\"monitor\":null,\"noDriving\":true,\"safeEnvironment\":true,"
                + "\"complete\":" + complete + ",\"missing\":" + missing + "},\"vitals\":" + vitals + "}";
    }

    private static String attempt(String page) {
        Matcher matcher = ATTEMPT.matcher(page);
        assertThat(matcher.find()).as("an attempt key in the confirmation page").isTrue();
        return matcher.group(1);
    }

    private static List<String> slotValues(String page) {
        List<String> values = new ArrayList<>();
        Matcher matcher = SLOT.matcher(page);
        while (matcher.find()) {
            values.add(matcher.group(2));
        }
        return values;
    }

    private static GatewayStandIn.Received nextWith(String method, String path) throws InterruptedException {
        GatewayStandIn.Received next = GATEWAY.next();
        while (!(next.method().equals(method) && next.path().equals(path))) {
            next = GATEWAY.next();
        }
        return next;
    }
}
