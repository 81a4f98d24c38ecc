package care.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Coordination and administration against a stand-in for the gateway. */
@org.junit.jupiter.api.Tag("integration")
class CoordinationTest extends WebPageTest {

    static final String PATIENT_ID = "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a";
    static final String CLINICIAN_ID = "3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b";
    static final String COACH_ID = "4f5a6b7c-8d9e-4f0a-9b2c-3d4e5f6a7b8c";
    static final String TEAM = "/coordination/patients/" + PATIENT_ID + "/care-team";

    @BeforeEach
    void reset() {
        GATEWAY.answer("GET", "/api/intake/staff", 200, "[{\"staffId\":\"" + CLINICIAN_ID + "\",\"roles\":["
                + "\"CLINICIAN\"],\"displayName\":\"Dr Ana Ruiz\",\"licensedJurisdictions\":[\"US-CA\"]},"
                + "{\"staffId\":\"" + COACH_ID + "\",\"roles\":[\"COACH\"],\"displayName\":\"Kim Park\","
                + "\"licensedJurisdictions\":[]}]");
        GATEWAY.answer("GET", "/api/intake/patients/" + PATIENT_ID + "/care-team", 200, "{\"members\":[{\"staffId\":\""
                + CLINICIAN_ID + "\",\"role\":\"RESPONSIBLE_CLINICIAN\",\"since\":\"2026-05-02T09:00:00Z\","
                + "\"displayName\":\"Dr Ana Ruiz\"}],\"emergencyAccess\":[]}");
    }

    @Test
    void theCareTeamIsShownAndChangedThroughIntakeAndTheCoachThroughIntegration() throws Exception {
        Browser browser = signedIn("COORDINATOR");
        assertThat(browser.get("/coordination").body()).contains("href=\"/coordination/availability\"",
                "href=\"/coordination/staff\"", "href=\"/coordination/alerts\"", "<label for=\"patientId\"");
        HttpResponse<String> notAnId = browser.get("/coordination?patientId=Sam");
        assertThat(notAnId.body()).contains("must be a patient id such as", "aria-invalid=\"true\"");
        assertThat(browser.get("/coordination?patientId=" + PATIENT_ID).headers().firstValue("Location"))
                .hasValue(TEAM);

        HttpResponse<String> page = browser.get(TEAM);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Dr Ana Ruiz", "Responsible clinician", "2 May 2026, 09:00 UTC",
                "aria-label=\"Remove Dr Ana Ruiz from the care team\"", "<label for=\"staffId\"", "<label for=\"role\"",
                "<label for=\"coachId\"", "value=\"" + COACH_ID + "\">Kim Park</option>");

        GATEWAY.answer("PUT", "/api/intake/patients/" + PATIENT_ID + "/care-team/" + CLINICIAN_ID, 422,
                "{\"type\":\"urn:care:problem:not-licensed-in-jurisdiction\",\"title\":\"Not licensed\",\"status\":422,"
                + "\"detail\":\"The clinician is not licensed in the patient's jurisdiction.\"}");
        GATEWAY.clear();
        HttpResponse<String> refused = browser.submit(TEAM, TEAM, Map.of("staffId", CLINICIAN_ID,
                "role", "SUPERVISING_CLINICIAN"));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("role=\"alert\"",
                "The clinician is not licensed in the patient&#39;s jurisdiction.").doesNotContain("urn:care");
        GatewayStandIn.Received put = next("PUT");
        assertThat(put.path()).isEqualTo("/api/intake/patients/" + PATIENT_ID + "/care-team/" + CLINICIAN_ID);
        assertThat(put.body()).isEqualTo("{\"role\":\"SUPERVISING_CLINICIAN\"}");

        GATEWAY.answer("PUT", "/api/integration/patients/" + PATIENT_ID + "/coach", 200, "{}");
        GATEWAY.clear();
        HttpResponse<String> assigned = browser.submit(TEAM, "/coordination/patients/" + PATIENT_ID + "/coach",
                Map.of("coachId", COACH_ID));
        assertThat(assigned.statusCode()).isEqualTo(302);
        GatewayStandIn.Received coach = next("PUT");
        assertThat(coach.path()).isEqualTo("/api/integration/patients/" + PATIENT_ID + "/coach");
        assertThat(coach.body()).isEqualTo("{\"coachId\":\"" + COACH_ID + "\"}");
        assertThat(browser.get(TEAM).body()).contains("The coach is assigned");

        GATEWAY.answer("DELETE", "/api/intake/patients/" + PATIENT_ID + "/care-team/" + CLINICIAN_ID, 204, "");
        GATEWAY.clear();
        HttpResponse<String> removed = browser.submit(TEAM, TEAM + "/" + CLINICIAN_ID + "/remove", Map.of());
        assertThat(removed.statusCode()).isEqualTo(302);
        assertThat(next("DELETE").path()).isEqualTo("/api/intake/patients/" + PATIENT_ID + "/care-team/" + CLINICIAN_ID);
    }

    @Test
    void availabilityIsPublishedAsWeeklyWindowsInTheProvidersTimeZone() throws Exception {
        Browser browser = signedIn("COORDINATOR");
        HttpResponse<String> page = browser.get("/coordination/availability");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<legend>Monday</legend>", "<legend>Appointment types offered</legend>",
                "<label for=\"MONDAY-start\"", "<label for=\"timeZone\"", "Dr Ana Ruiz (clinician)");

        Map<String, String> form = new LinkedHashMap<>();
        form.put("providerId", CLINICIAN_ID);
        form.put("timeZone", "America/Los_Angeles");
        form.put("appointmentTypes", "DOSING_SESSION");
        form.put("MONDAY.start", "09:00");
        form.put("MONDAY.end", "17:00");
        form.put("WEDNESDAY.start", "10:00");
        HttpResponse<String> incomplete = browser.submit("/coordination/availability", "/coordination/availability", form);
        assertThat(incomplete.statusCode()).isEqualTo(400);
        assertThat(incomplete.body()).contains("give both the start and the end, or neither",
                "aria-describedby=\"WEDNESDAY-error\"");

        form.put("WEDNESDAY.end", "14:30");
        GATEWAY.answer("PUT", "/api/scheduling/providers/" + CLINICIAN_ID + "/availability", 200, "{}");
        GATEWAY.clear();
        HttpResponse<String> published = browser.submit("/coordination/availability", "/coordination/availability",
                form);
        assertThat(published.statusCode()).isEqualTo(302);
        GatewayStandIn.Received put = next("PUT");
        assertThat(put.path()).isEqualTo("/api/scheduling/providers/" + CLINICIAN_ID + "/availability");
        assertThat(GatewayStandIn.JSON.readTree(put.body()).toString()).isEqualTo("{\"timeZone\":\"America/Los_Angeles\","
                + "\"weekly\":[{\"day\":\"MONDAY\",\"start\":\"09:00\",\"end\":\"17:00\"},"
                + "{\"day\":\"WEDNESDAY\",\"start\":\"10:00\",\"end\":\"14:30\"}],\"appointmentTypes\":[\"DOSING_SESSION\"]}");

        GATEWAY.answer("PUT", "/api/scheduling/providers/" + CLINICIAN_ID + "/availability", 400, "{\"type\":"
                + "\"urn:care:problem:validation\",\"title\":\"Invalid request\",\"status\":400,\"detail\":"
                + "\"The request has invalid fields.\",\"errors\":[{\"field\":\"timeZone\",\"message\":"
                + "\"must be an IANA time zone such as America/Chicago\"}]}");
        form.put("timeZone", "+02:00");
        HttpResponse<String> refused = browser.submit("/coordination/availability", "/coordination/availability", form);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("must be an IANA time zone such as America/Chicago",
                "aria-describedby=\"timeZone-error\"", "value=\"+02:00\"");
    }

    @Test
    void theAdministratorRegistersStaffAndTheCoordinatorOnlyReadsTheDirectory() throws Exception {
        Browser admin = signedIn("ADMIN");
        HttpResponse<String> page = admin.get("/coordination/staff");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Dr Ana Ruiz", "US-CA", "Kim Park", "<legend>Role</legend>",
                "End registration");
        GATEWAY.answer("PUT", "/api/intake/clinicians/" + CLINICIAN_ID, 200, "{}");
        GATEWAY.clear();
        HttpResponse<String> registered = admin.submit("/coordination/staff", "/coordination/staff", Map.of(
                "role", "CLINICIAN", "staffId", CLINICIAN_ID, "displayName", "Dr Ana Ruiz",
                "licensedJurisdictions", "US-CA, US-OR"));
        assertThat(registered.statusCode()).isEqualTo(302);
        GatewayStandIn.Received put = next("PUT");
        assertThat(put.path()).isEqualTo("/api/intake/clinicians/" + CLINICIAN_ID);
        assertThat(put.body()).isEqualTo("{\"displayName\":\"Dr Ana Ruiz\",\"licensedJurisdictions\":[\"US-CA\",\"US-OR\"]}");
        GATEWAY.answer("DELETE", "/api/intake/coaches/" + COACH_ID, 404, "{\"type\":\"urn:care:problem:not-found\","
                + "\"title\":\"Not found\",\"status\":404,\"detail\":\"The coach is not registered.\"}");
        HttpResponse<String> gone = admin.submit("/coordination/staff", "/coordination/staff/COACH/" + COACH_ID
                + "/remove", Map.of());
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).contains("The coach is not registered.");

        Browser coordinator = signedIn("COORDINATOR");
        assertThat(coordinator.get("/coordination/staff").body()).contains("Dr Ana Ruiz")
                .doesNotContain("End registration", "register-heading");
        assertThat(coordinator.submit("/coordination/staff", "/coordination/staff", Map.of("staffId", COACH_ID,
                "displayName", "X", "role", "COACH")).statusCode()).isEqualTo(403);
        assertThat(admin.get(TEAM).statusCode()).isEqualTo(403);
    }

    @Test
    void alertsShowTheirDeliveryStatusAndRefreshWithHtmx() throws Exception {
        GATEWAY.answer("GET", "/api/notifications/alerts", 200, "[{\"notificationId\":\"n-1\",\"kind\":"
                + "\"MONITOR_CHECK_MISSED\",\"channel\":\"SMS\",\"recipient\":\"CLINICIAN\",\"status\":\"SENDING\","
                + "\"scheduledFor\":\"2026-05-04T18:00:00Z\",\"nextAttemptAt\":\"2026-05-04T18:02:00Z\","
                + "\"attempts\":2,\"lastFailure\":\"provider unavailable\"}]");
        Browser browser = signedIn("COORDINATOR");

        HttpResponse<String> page = browser.get("/coordination/alerts");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("monitor check missed", "sending", "4 May 2026, 18:02 UTC",
                "provider unavailable", "One alert is waiting for delivery", "hx-trigger=\"every 15s\"",
                "aria-live=\"polite\"");
        assertThat(browser.get("/").body()).contains("href=\"/coordination\"");
        Browser clinician = signedIn("CLINICIAN");
        for (String path : new String[] {"/coordination", "/coordination/alerts", "/coordination/availability", TEAM}) {
            assertThat(clinician.get(path).statusCode()).as(path).isEqualTo(403);
        }
        Browser patient = new Browser(port);
        patient.submit("/sign-in", "/sign-in", Map.of("role", "PATIENT", "subject", "p-coord", "patientId", PATIENT_ID));
        assertThat(patient.get("/coordination/staff").statusCode()).isEqualTo(403);
    }

    private Browser signedIn(String role) throws Exception {
        return signedIn(role, role.toLowerCase() + "-coord", "");
    }

    private static GatewayStandIn.Received next(String method) throws InterruptedException {
        GatewayStandIn.Received next = GATEWAY.next();
        while (!next.method().equals(method)) {
            next = GATEWAY.next();
        }
        return next;
    }
}
