package care.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;

import care.kit.security.Role;
import care.kit.test.Api;
import care.kit.test.TestIssuer;

/**
 * Intake's API as tests use it to set up staff, patients and care teams: an administrator registers staff, a
 * patient registers themself, a coordinator builds the care team.
 */
public final class IntakeApi {

    public static final String ADMIN = "admin-1";
    public static final String COORDINATOR = "coord-1";

    private final Api api;
    private final TestIssuer issuer = TestIssuer.get();

    public IntakeApi(int port) {
        this.api = new Api(port);
    }

    public Api api() {
        return api;
    }

    public String admin() {
        return issuer.token(ADMIN, Role.ADMIN);
    }

    public String coordinator() {
        return issuer.token(COORDINATOR, Role.COORDINATOR);
    }

    public String clinicianToken(String clinicianId) {
        return issuer.token(clinicianId, Role.CLINICIAN);
    }

    public String coachToken(String coachId) {
        return issuer.token(coachId, Role.COACH);
    }

    public String patientToken(String patientId) {
        return issuer.patientToken("user-" + patientId, patientId);
    }

    /** A clinician an administrator registered, licensed in these jurisdictions; their id. */
    public String clinician(String... jurisdictions) {
        String id = UUID.randomUUID().toString();
        license(id, jurisdictions);
        return id;
    }

    /** Registers the clinician, or changes their licences. */
    public void license(String clinicianId, String... jurisdictions) {
        HttpResponse<String> registered = api.put("/api/intake/clinicians/" + clinicianId, admin(),
                "{\"displayName\":\"Dr Test\",\"licensedJurisdictions\":[\"" + String.join("\",\"", jurisdictions)
                        + "\"]}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
    }

    /** A coach an administrator registered; their id. */
    public String coach() {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> registered = api.put("/api/intake/coaches/" + id, admin(),
                "{\"displayName\":\"Coach Test\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        return id;
    }

    public static String registration(String jurisdiction) {
        return "{\"givenName\":\"Ada\",\"familyName\":\"Lovelace\",\"dateOfBirth\":\"1990-01-01\","
                + "\"email\":\"ada@example.org\",\"phone\":\"+14155550123\",\"jurisdiction\":\"" + jurisdiction
                + "\",\"timeZone\":\"America/Los_Angeles\"}";
    }

    public static String screening(String phq9, String conditions, int systolic, int diastolic) {
        return "{\"gad7\":[2,2,2,2,2,2,2],\"phq9\":" + phq9 + ",\"conditions\":" + conditions
                + ",\"bloodPressure\":{\"systolic\":" + systolic + ",\"diastolic\":" + diastolic + "}}";
    }

    /** A screening without a positive PHQ-9 item 9, eligible. */
    public static final String CALM_SCREENING = screening("[1,1,1,1,1,1,1,1,0]", "[]", 120, 80);

    /** A screening with PHQ-9 item 9 above 0: it raises (or joins) a safety escalation. */
    public static final String POSITIVE_ITEM9_SCREENING = screening("[2,2,2,2,2,2,2,2,1]", "[]", 120, 80);

    /** A patient registered as themself in this jurisdiction, with treatment consent; their id. */
    public String patient(String jurisdiction) {
        String patientId = UUID.randomUUID().toString();
        String token = patientToken(patientId);
        HttpResponse<String> registered = api.post("/api/intake/patients", token, registration(jurisdiction));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        expect(201, api.post("/api/intake/patients/" + patientId + "/consents", token,
                "{\"type\":\"TREATMENT\",\"granted\":true}"));
        return patientId;
    }

    /** A patient screened (no escalation) with a consultation requested: waiting for a clinician. */
    public String patientWaitingForConsultation(String jurisdiction) {
        String patientId = patient(jurisdiction);
        expect(201, api.post("/api/intake/patients/" + patientId + "/screenings", patientToken(patientId),
                CALM_SCREENING));
        expect(201, api.post("/api/intake/patients/" + patientId + "/consultations", patientToken(patientId), ""));
        return patientId;
    }

    /** The consultation the patient requested. */
    public String consultation(String patientId) {
        return Api.json(expect(200, api.get("/api/intake/patients/" + patientId + "/summary",
                patientToken(patientId)))).path("consultations").path(0).path("consultationId").asString();
    }

    /** The coordinator puts the staff member in this role of the patient's care team. */
    public void assign(String patientId, String staffId, String role) {
        expect(200, api.put("/api/intake/patients/" + patientId + "/care-team/" + staffId, coordinator(),
                "{\"role\":\"" + role + "\"}"));
    }

    /** A clinician opens emergency access; the grant id. */
    public String emergencyAccess(String patientId, String clinicianId, String reason) {
        return Api.json(expect(201, api.post("/api/intake/patients/" + patientId + "/emergency-access",
                clinicianToken(clinicianId), "{\"reason\":\"" + reason + "\"}"))).path("grantId").asString();
    }

    public static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response;
    }
}
