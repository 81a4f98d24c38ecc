package care.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The clinician's session console and the monitor's view during a session, against a stand-in for the gateway. */
@org.junit.jupiter.api.Tag("integration")
class SessionScreensTest extends WebPageTest {

    static final String PATIENT_ID = "2c9e4b1a-7d3f-4e8a-b5c6-1f0a9e8d7c6b";
    static final String CLINICIAN_ID = "8d7c6b5a-4e3f-4a2b-9c1d-0e9f8a7b6c5d";
    static final String SESSION_ID = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";
    static final String SESSION = "/api/sessions/" + SESSION_ID;
    static final String ON_CALL = "The clinic's on-call nurse answers on the number on your booking letter, day and night.";
    private static final Pattern SEEN = Pattern.compile("id=\"live-seen\" name=\"seen\" value=\"([0-9a-f]+)\"");
    private static final Pattern MONITOR_SEEN = Pattern.compile("id=\"monitor-seen\" name=\"seen\" value=\"([0-9a-f]+)\"");
    private static final Pattern ATTEMPT = Pattern.compile("name=\"attempt\" value=\"([0-9a-f-]{36})\"");

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registry.add("care.web.gateway-url", GATEWAY::url);
        registry.add("care.web.on-call.text", () -> ON_CALL);
    }

    @Test
    void theConsoleShowsPreparationVitalsAndChecksAndThePolledPartShowsAMissedCheck() throws Exception {
        Instant started = Instant.now().minus(Duration.ofMinutes(40)).truncatedTo(ChronoUnit.SECONDS);
        GATEWAY.answer("GET", SESSION, 200, inProgress(started, "[]"));
        Browser clinician = signedIn("CLINICIAN", CLINICIAN_ID, "");

        HttpResponse<String> page = clinician.get("/console/" + SESSION_ID);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Session 2: In progress", "<strong>Complete.</strong>", "To feel calmer",
                "Alex Monitor", "href=\"tel:+14155550123\"", "Pre-dose (baseline)", "128/82", "Peak", "150/95",
                "Systolic (top number), mmHg", "Heart rate, beats per minute", "Report the adverse event",
                "Discharge the patient", "aria-live=\"polite\"", "hx-get=\"/console/" + SESSION_ID + "/live\"",
                "hx-trigger=\"every 5s\"", "hx-include=\"#live-seen\"", "Check 1 was missed",
                "1 of 4 checks done, 1 missed; next due at", "Checked in: OK", "<legend>Severity</legend>", "<caption>Monitor checks</caption>")
                .containsPattern("<div id=\"live-alerts\" role=\"alert\" class=\"session-alert\">\\s*<p>Check 1 was missed")
                .containsPattern("<p id=\"live-summary\" role=\"status\" aria-live=\"polite\">1 of 4 checks done")
                .doesNotContain("style=", "<script>", "hx-swap-oob");
        String seen = seen(page.body());

        HttpResponse<String> live = clinician.get("/console/" + SESSION_ID + "/live", Map.of("HX-Request", "true"));

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("class=\"live-content\"", "Check 1 was missed", "<strong>Missed</strong>",
                "Checked in: OK", "id=\"live-seen\"", "1 of 4 checks done, 1 missed")
                .containsPattern("<div id=\"live-alerts\" hx-swap-oob=\"innerHTML\">\\s*<p>Check 1 was missed")
                .containsPattern("<p id=\"live-summary\" hx-swap-oob=\"innerHTML\">1 of 4 checks done")
                .doesNotContain("<html", "<h1", "Report the adverse event", "aria-live", "role=\"alert\"");
        assertThat(GATEWAY.next().path()).isEqualTo(SESSION);
        HttpResponse<String> unchanged = clinician.get("/console/" + SESSION_ID + "/live?seen=" + seen,
                Map.of("HX-Request", "true"));
        assertThat(unchanged.statusCode()).as("nothing new: nothing swapped, nothing announced again").isEqualTo(204);
        assertThat(unchanged.body()).isEmpty();

        GATEWAY.answer("GET", SESSION, 200, inProgress(started, "[{\"at\":\"" + started.plus(Duration.ofMinutes(38))
                + "\",\"status\":\"CONCERN\",\"recordedBy\":\"PATIENT\",\"checkNumber\":null}]"));
        HttpResponse<String> concern = clinician.get("/console/" + SESSION_ID + "/live?seen=" + seen,
                Map.of("HX-Request", "true"));
        assertThat(concern.statusCode()).isEqualTo(200);
        assertThat(concern.body()).containsPattern("<div id=\"live-alerts\" hx-swap-oob=\"innerHTML\">[^/]*"
                + "Check 1 was missed[^/]*</p>\\s*<p>The monitor reported a concern at");
    }

    @Test
    void aReadingIsPostedAsTheApiWantsItAndRefusedFieldsAreExplained() throws Exception {
        GATEWAY.answer("GET", SESSION, 200, scheduled(false));
        GATEWAY.answer("POST", SESSION + "/vitals", 200, scheduled(false));
        Browser clinician = signedIn("CLINICIAN", CLINICIAN_ID, "");
        String page = "/console/" + SESSION_ID;
        assertThat(clinician.get(page).body()).contains("<strong>Not complete.</strong>", "fasting confirmed",
                "the monitor&#39;s name and phone", "Start the session", "No readings yet.")
                .containsPattern("<option value=\"PRE_DOSE\" selected=\"selected\">");
        GATEWAY.clear();

        HttpResponse<String> recorded = clinician.submit(page, page + "/vitals", Map.of("phase", "PRE_DOSE",
                "systolic", "128", "diastolic", "82", "heartRate", "72"));

        assertThat(recorded.statusCode()).isEqualTo(302);
        assertThat(recorded.headers().firstValue("Location")).hasValue(page);
        GatewayStandIn.Received post = nextPost();
        assertThat(post.path()).isEqualTo(SESSION + "/vitals");
        assertThat(GatewayStandIn.JSON.readTree(post.body()).toString())
                .isEqualTo("{\"phase\":\"PRE_DOSE\",\"systolic\":128,\"diastolic\":82,\"heartRate\":72}");
        assertThat(clinician.get(page).body()).contains("Pre-dose reading recorded: 128/82 mmHg, 72 beats per minute.");

        GATEWAY.answer("POST", SESSION + "/vitals", 400, "{\"type\":\"urn:care:problem:invalid-request\","
                + "\"title\":\"Invalid request\",\"status\":400,\"detail\":\"The request has invalid fields.\","
                + "\"errors\":[{\"field\":\"diastolic\",\"message\":\"must be lower than systolic\"}]}");
        HttpResponse<String> refused = clinician.submit(page, page + "/vitals", Map.of("phase", "PRE_DOSE",
                "systolic", "80", "diastolic", "90", "heartRate", "72"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .containsPattern("<input id=\"diastolic\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"diastolic-error\"")
                .contains("must be lower than systolic", "The request has invalid fields.", "value=\"90\"")
                .doesNotContain("urn:care:problem", "{\"field\"");

        GATEWAY.clear();
        HttpResponse<String> notANumber = clinician.submit(page, page + "/vitals", Map.of("phase", "PEAK",
                "systolic", "high", "diastolic", "80", "heartRate", "72"));
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(notANumber.body()).contains("Enter the top number, such as 120.", "aria-invalid=\"true\"");
        assertThat(GATEWAY.poll(200)).satisfiesAnyOf(nothing -> assertThat(nothing).isNull(),
                request -> assertThat(request.method()).as("nothing posted").isEqualTo("GET"));
    }

    @Test
    void aSafetyGateThatSaysNoIsShownAsItsSentence() throws Exception {
        GATEWAY.answer("GET", SESSION, 200, scheduled(true));
        GATEWAY.answer("POST", SESSION + "/start", 422, "{\"type\":\"urn:care:problem:no-recent-reading\","
                + "\"title\":\"No recent reading\",\"status\":422,"
                + "\"detail\":\"No blood-pressure reading of this phase was taken recently enough.\"}");
        Browser clinician = signedIn("CLINICIAN", CLINICIAN_ID, "");
        String page = "/console/" + SESSION_ID;
        clinician.get(page);
        GATEWAY.clear();

        HttpResponse<String> refused = clinician.submit(page, page + "/start", Map.of());

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("role=\"alert\"",
                "No blood-pressure reading of this phase was taken recently enough.", "Start the session")
                .doesNotContain("urn:care:problem", "no-recent-reading");
        assertThat(nextPost().path()).isEqualTo(SESSION + "/start");

        Instant started = Instant.now().minus(Duration.ofMinutes(40));
        GATEWAY.answer("GET", SESSION, 200, inProgress(started, "[]"));
        GATEWAY.answer("POST", SESSION + "/complete", 422, "{\"type\":\"urn:care:problem:monitoring-time-not-reached\","
                + "\"title\":\"Monitoring time not reached\",\"status\":422,"
                + "\"detail\":\"The minimum monitoring time after dosing has not passed yet.\"}");
        HttpResponse<String> early = clinician.submit(page, page + "/discharge", Map.of());
        assertThat(early.statusCode()).isEqualTo(422);
        assertThat(early.body()).contains("The minimum monitoring time after dosing has not passed yet.");
        assertThat(nextPost().path()).isEqualTo(SESSION + "/complete");

        GATEWAY.answer("POST", SESSION + "/adverse-events", 200, inProgress(started, "[]"));
        HttpResponse<String> reported = clinician.submit(page, page + "/adverse-events", Map.of("severity",
                "MODERATE", "category", "NAUSEA_OR_VOMITING", "description", " Vomited once, settled with rest. "));
        assertThat(reported.statusCode()).isEqualTo(302);
        GatewayStandIn.Received event = nextPost();
        assertThat(event.path()).isEqualTo(SESSION + "/adverse-events");
        assertThat(GatewayStandIn.JSON.readTree(event.body()).toString()).isEqualTo("{\"severity\":\"MODERATE\","
                + "\"category\":\"NAUSEA_OR_VOMITING\",\"description\":\"Vomited once, settled with rest.\"}");
        HttpResponse<String> incomplete = clinician.submit(page, page + "/adverse-events", Map.of("category", "OTHER",
                "description", ""));
        assertThat(incomplete.statusCode()).isEqualTo(400);
        assertThat(incomplete.body()).contains("Choose how severe the event is.", "Describe what happened.",
                "<fieldset aria-describedby=\"severity-error\">");
    }

    @Test
    void theStaffHomeLeadsToTodaysSessionsAndASessionIsFoundByItsAppointment() throws Exception {
        String appointmentId = "7e6d5c4b-3a2f-4e1d-8c0b-9a8f7e6d5c4b";
        String derived = UUID.nameUUIDFromBytes(("session:" + appointmentId).getBytes(StandardCharsets.UTF_8))
                .toString();
        GATEWAY.answer("GET", "/api/sessions", 200, "[{\"sessionId\":\"" + SESSION_ID + "\",\"appointmentId\":\""
                + appointmentId + "\",\"sessionNumber\":3,\"status\":\"SCHEDULED\",\"scheduledStart\":\""
                + Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS) + "\",\"scheduledEnd\":\""
                + Instant.now().plus(Duration.ofHours(5)).truncatedTo(ChronoUnit.SECONDS) + "\",\"prepared\":true}]");
        GATEWAY.answer("GET", "/api/sessions/" + derived, 200, scheduled(true));
        Browser clinician = signedIn("CLINICIAN", CLINICIAN_ID, "");
        assertThat(clinician.get("/").body()).contains("href=\"/console\"", "Session console");

        HttpResponse<String> index = clinician.get("/console");

        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("href=\"/console/" + SESSION_ID + "\"", "session 3", "Scheduled, prepared",
                "Session or appointment id");
        GatewayStandIn.Received list = GATEWAY.next();
        assertThat(list.path()).isEqualTo("/api/sessions");

        HttpResponse<String> found = clinician.submit("/console", "/console/lookup", Map.of("id", appointmentId));
        assertThat(found.statusCode()).isEqualTo(302);
        assertThat(found.headers().firstValue("Location")).hasValue("/console/" + derived);

        HttpResponse<String> wrong = clinician.submit("/console", "/console/lookup", Map.of("id", "Sam Lee"));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).containsPattern("<input id=\"id\"[^>]*aria-invalid=\"true\"")
                .contains("Enter the id as it is shown");
    }

    @Test
    void theMonitorChecksInWithLargeButtonsAndAConcernIsSentAtOnce() throws Exception {
        Instant started = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        GATEWAY.answer("GET", SESSION, 200, inProgress(started, "[]", false));
        GATEWAY.answer("POST", SESSION + "/monitor-checks", 200, inProgress(started, "[]", false));
        Browser patient = signedIn("PATIENT", "patient-monitor", PATIENT_ID);
        String page = "/monitor/" + SESSION_ID;

        HttpResponse<String> view = patient.get(page);

        assertThat(view.statusCode()).isEqualTo(200);
        String due = started.plus(Duration.ofMinutes(15)).toString();
        assertThat(view.body()).contains(">OK</button>", ">I have a concern</button>", "Next check due at",
                "data-countdown", "datetime=\"" + due + "\"", "data-countdown-wrap", "/js/session-time.js", ON_CALL.replace("'", "&#39;"),
                "href=\"tel:911\"").doesNotContain("style=", "<script>");
        GATEWAY.clear();

        HttpResponse<String> concern = patient.submit(page, page + "/check-in", Map.of("status", "CONCERN"));

        assertThat(concern.statusCode()).isEqualTo(302);
        GatewayStandIn.Received post = nextPost();
        assertThat(post.path()).isEqualTo(SESSION + "/monitor-checks");
        assertThat(post.body()).isEqualTo("{\"status\":\"CONCERN\"}");
        assertThat(patient.get(page).body()).contains("role=\"alert\"", "the clinician is alerted now");

        GATEWAY.answer("POST", SESSION + "/monitor-checks", 422, "{\"type\":\"urn:care:problem:session-not-in-progress\","
                + "\"title\":\"Session not in progress\",\"status\":422,"
                + "\"detail\":\"Check-ins are recorded while the session is in progress.\"}");
        HttpResponse<String> refused = patient.submit(page, page + "/check-in", Map.of("status", "OK"));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("Check-ins are recorded while the session is in progress.")
                .doesNotContain("urn:care:problem");
    }

    @Test
    void eachSideSeesOnlyItsOwnScreens() throws Exception {
        GATEWAY.answer("GET", SESSION, 200, scheduled(true));
        GATEWAY.answer("GET", "/api/intake/patients/" + PATIENT_ID, 200, "{\"patientId\":\"" + PATIENT_ID
                + "\",\"givenName\":\"Sam\",\"familyName\":\"Lee\",\"jurisdiction\":\"US-CA\",\"timeZone\":\"UTC\","
                + "\"registeredAt\":\"2026-05-01T10:00:00Z\"}");
        GATEWAY.answer("GET", "/api/sessions/patients/" + PATIENT_ID, 200, "[{\"sessionId\":\"" + SESSION_ID
                + "\",\"sessionNumber\":1,\"status\":\"IN_PROGRESS\",\"scheduledStart\":\"2026-05-01T14:00:00Z\","
                + "\"scheduledEnd\":\"2026-05-01T17:00:00Z\",\"prepared\":true}]");
        Browser patient = signedIn("PATIENT", "patient-monitor", PATIENT_ID);
        assertThat(patient.get("/").body()).contains("href=\"/monitor\"");
        assertThat(patient.get("/monitor").body()).contains("href=\"/monitor/" + SESSION_ID + "\"", "Session 1",
                "1 May 2026, 14:00 UTC", "In progress");
        assertThat(patient.get("/console").statusCode()).isEqualTo(403);
        assertThat(patient.get("/console/" + SESSION_ID).statusCode()).isEqualTo(403);
        assertThat(patient.get("/console/" + SESSION_ID + "/live").statusCode()).isEqualTo(403);

        Browser clinician = signedIn("CLINICIAN", CLINICIAN_ID, "");
        assertThat(clinician.get("/monitor").statusCode()).isEqualTo(403);
        assertThat(clinician.get("/monitor/" + SESSION_ID).statusCode()).isEqualTo(403);
        Browser coach = signedIn("COACH", "coach-1", "");
        assertThat(coach.get("/console/" + SESSION_ID).statusCode()).isEqualTo(403);
        assertThat(coach.get("/").body()).doesNotContain("href=\"/console\"");
    }

    @Test
    void theMonitorsViewAsksForItsChangingPartSoAMissedCheckAppearsWithoutAReload() throws Exception {
        Instant started = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        GATEWAY.answer("GET", SESSION, 200, inProgress(started, "[]", false));
        Browser patient = signedIn("PATIENT", "patient-monitor", PATIENT_ID);
        String page = "/monitor/" + SESSION_ID;

        HttpResponse<String> view = patient.get(page);

        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(view.body()).contains("<div id=\"monitor-live\" aria-live=\"polite\"",
                "hx-get=\"/monitor/" + SESSION_ID + "/live\"", "hx-trigger=\"every 5s\"",
                "hx-include=\"#monitor-seen, #monitor-status\"", "name=\"status\" value=\"IN_PROGRESS\"",
                "Next check due at").doesNotContain("was missed", "style=", "<script>");
        Matcher drawn = MONITOR_SEEN.matcher(view.body());
        assertThat(drawn.find()).isTrue();
        String first = drawn.group(1);

        // Half an hour later check 1 was missed and check 2 answered: the next poll brings both.
        GATEWAY.answer("GET", SESSION, 200, inProgress(started.minus(Duration.ofMinutes(30)), "[]", true));
        HttpResponse<String> live = patient.get(page + "/live?seen=" + first + "&status=IN_PROGRESS",
                Map.of("HX-Request", "true"));

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("class=\"live-content\"", "Check 1 was missed: no check-in by",
                "Check in now.", "Next check due at", "id=\"monitor-seen\"")
                .doesNotContain("<html", "<h1", ">OK</button>", "aria-live");
        Matcher changed = MONITOR_SEEN.matcher(live.body());
        assertThat(changed.find()).isTrue();
        assertThat(changed.group(1)).isNotEqualTo(first);

        HttpResponse<String> same = patient.get(page + "/live?seen=" + changed.group(1) + "&status=IN_PROGRESS",
                Map.of("HX-Request", "true"));
        assertThat(same.statusCode()).as("nothing new: nothing to swap").isEqualTo(204);
        assertThat(same.body()).isEmpty();

        HttpResponse<String> started2 = patient.get(page + "/live?seen=" + first + "&status=SCHEDULED",
                Map.of("HX-Request", "true"));
        assertThat(started2.statusCode()).isEqualTo(204);
        assertThat(started2.headers().firstValue("HX-Refresh")).as("a new status redraws the buttons")
                .hasValue("true");

        assertThat(patient.get(page).body()).as("without JavaScript a reload shows the same")
                .contains("Check 1 was missed", ">OK</button>");
        GATEWAY.answer("GET", SESSION, 200, scheduled(true).replace("\"SCHEDULED\"", "\"COMPLETED\""));
        assertThat(patient.get(page).body()).as("an ended session is not polled")
                .doesNotContain("hx-get", "hx-trigger").contains("there is nothing to check in");
        Browser clinician = signedIn("CLINICIAN", CLINICIAN_ID, "");
        assertThat(clinician.get(page + "/live").statusCode()).isEqualTo(403);
    }

    @Test
    void anAdverseEventIsSentWithTheIdempotencyKeyItsFormWasDrawnWith() throws Exception {
        Instant started = Instant.now().minus(Duration.ofMinutes(40)).truncatedTo(ChronoUnit.SECONDS);
        GATEWAY.answer("GET", SESSION, 200, inProgress(started, "[]"));
        GATEWAY.answer("POST", SESSION + "/adverse-events", 200, inProgress(started, "[]"));
        Browser clinician = signedIn("CLINICIAN", CLINICIAN_ID, "");
        String page = "/console/" + SESSION_ID;

        String form = clinician.get(page).body();
        String attempt = attempt(form);
        assertThat(attempt(clinician.get(page).body())).as("a new key for each drawn form").isNotEqualTo(attempt);

        HttpResponse<String> incomplete = clinician.submit(page, page + "/adverse-events", Map.of("severity",
                "MILD", "category", "OTHER", "description", "", "attempt", attempt));
        assertThat(incomplete.statusCode()).isEqualTo(400);
        assertThat(attempt(incomplete.body())).as("the same attempt, shown again").isEqualTo(attempt);
        GATEWAY.clear();

        for (int time = 0; time < 2; time++) {
            HttpResponse<String> reported = clinician.submit(page, page + "/adverse-events", Map.of("severity",
                    "MILD", "category", "OTHER", "description", "Felt dizzy", "attempt", attempt));
            assertThat(reported.statusCode()).isEqualTo(302);
            GatewayStandIn.Received post = nextPost();
            assertThat(post.path()).isEqualTo(SESSION + "/adverse-events");
            assertThat(post.headers().get("Idempotency-Key")).as("a resubmitted form is the same report")
                    .isEqualTo(attempt);
        }
        clinician.submit(page, page + "/adverse-events", Map.of("severity", "MILD", "category", "OTHER",
                "description", "Felt dizzy", "attempt", "Sam Lee"));
        assertThat(nextPost().headers().get("Idempotency-Key")).as("anything but a UUID is replaced")
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    private static String attempt(String page) {
        Matcher matcher = ATTEMPT.matcher(page);
        assertThat(matcher.find()).as("the adverse-event form carries its attempt").isTrue();
        return matcher.group(1);
    }

    private static String seen(String page) {
        Matcher matcher = SEEN.matcher(page);
        assertThat(matcher.find()).as("the live part carries its fingerprint").isTrue();
        return matcher.group(1);
    }

    private static GatewayStandIn.Received nextPost() throws InterruptedException {
        GatewayStandIn.Received next = GATEWAY.next();
        while (!next.method().equals("POST")) {
            next = GATEWAY.next();
        }
        return next;
    }

    private static String scheduled(boolean prepared) {
        Instant start = Instant.now().plus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);
        return "{\"sessionId\":\"" + SESSION_ID + "\",\"patientId\":\"" + PATIENT_ID + "\",\"sessionNumber\":2,"
                + "\"providerId\":\"" + CLINICIAN_ID + "\",\"status\":\"SCHEDULED\",\"planPaused\":false,"
                + "\"scheduledStart\":\"" + start + "\",\"scheduledEnd\":\"" + start.plus(Duration.ofHours(3))
                + "\",\"startableFrom\":\"" + start.minus(Duration.ofMinutes(30)) + "\",\"preparation\":"
                + (prepared ? preparation() : "{\"intention\":\"To feel calmer\",\"fastingConfirmed\":false,"
                        + "\"monitor\":null,\"noDriving\":true,\"safeEnvironment\":true,\"complete\":false,"
                        + "\"missing\":[\"fastingConfirmed\",\"monitor\"]}")
                + ",\"vitals\":[],\"monitorChecks\":[],\"checkIns\":[],\"adverseEvents\":[]}";
    }

    private static String inProgress(Instant started, String checkIns) {
        return inProgress(started, checkIns, true);
    }

    /** Started at {@code started}: with {@code firstMissed}, check 1 missed and check 2 checked in OK. */
    private static String inProgress(Instant started, String checkIns, boolean firstMissed) {
        StringBuilder checks = new StringBuilder("[");
        for (int n = 1; n <= 4; n++) {
            Instant due = started.plus(Duration.ofMinutes(15L * n));
            String state = !firstMissed ? "PENDING" : n == 1 ? "MISSED" : n == 2 ? "CHECKED_IN" : "PENDING";
            checks.append(n > 1 ? "," : "").append("{\"checkNumber\":").append(n).append(",\"dueAt\":\"").append(due)
                    .append("\",\"missedAfter\":\"").append(due.plus(Duration.ofMinutes(5))).append("\",\"state\":\"")
                    .append(state).append("\",\"reported\":").append(n == 2 && firstMissed ? "\"OK\"" : "null")
                    .append(",\"checkedAt\":").append(n == 2 && firstMissed ? "\"" + due.plusSeconds(60) + "\"" : "null")
                    .append("}");
        }
        checks.append("]");
        Instant start = started.minus(Duration.ofMinutes(5));
        return "{\"sessionId\":\"" + SESSION_ID + "\",\"patientId\":\"" + PATIENT_ID + "\",\"sessionNumber\":2,"
                + "\"providerId\":\"" + CLINICIAN_ID + "\",\"status\":\"IN_PROGRESS\",\"planPaused\":false,"
                + "\"scheduledStart\":\"" + start + "\",\"scheduledEnd\":\"" + start.plus(Duration.ofHours(3))
                + "\",\"startableFrom\":\"" + start.minus(Duration.ofMinutes(30)) + "\",\"preparation\":" + preparation()
                + ",\"vitals\":[{\"readingId\":\"r-1\",\"phase\":\"PRE_DOSE\",\"systolic\":128,\"diastolic\":82,"
                + "\"heartRate\":72,\"takenAt\":\"" + started.minus(Duration.ofMinutes(10)) + "\",\"recordedBy\":\"PATIENT\","
                + "\"baseline\":true},{\"readingId\":\"r-2\",\"phase\":\"PEAK\",\"systolic\":150,\"diastolic\":95,"
                + "\"heartRate\":88,\"takenAt\":\"" + started.plus(Duration.ofMinutes(30)) + "\",\"recordedBy\":\"CLINICIAN\","
                + "\"baseline\":false}],\"startedAt\":\"" + started + "\",\"dischargeableFrom\":\""
                + started.plus(Duration.ofMinutes(120)) + "\",\"monitorChecks\":" + checks + ",\"checkIns\":" + checkIns
                + ",\"adverseEvents\":[]}";
    }

    private static String preparation() {
        return "{\"intention\":\"To feel calmer\",\"fastingConfirmed\":true,\"monitor\":{\"name\":\"Alex Monitor\","
                + "\"phone\":\"+14155550123\"},\"noDriving\":true,\"safeEnvironment\":true,\"complete\":true,"
                + "\"missing\":[]}";
    }
}
