package care.intake.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import care.kit.security.Role;
import care.kit.test.Api;
import care.kit.test.ServiceIntegrationTest;
import care.kit.test.TestIssuer;

/**
 * Endpoint by endpoint: who may do what to patient A's record. A patient reaching for someone else's
 * record gets the same 404 as for a record that does not exist; other roles get 403; no token, 401.
 */
@ServiceIntegrationTest
class IntakeAuthorizationIntegrationTest {

    @LocalServerPort
    int port;

    final TestIssuer issuer = TestIssuer.get();
    String patientA;
    String tokenA;
    String tokenB;
    String clinician;
    String clinicianElsewhere;
    String coordinator;
    String coach;
    String admin;
    String consultation;

    Api api() {
        return new Api(port);
    }

    @BeforeEach
    void setUp() {
        admin = issuer.token("admin-1", Role.ADMIN);
        String clinicianId = UUID.randomUUID().toString();
        String elsewhereId = UUID.randomUUID().toString();
        api().put("/api/intake/clinicians/" + clinicianId, admin, "{\"displayName\":\"Dr CA\",\"licensedJurisdictions\":[\"US-CA\"]}");
        api().put("/api/intake/clinicians/" + elsewhereId, admin, "{\"displayName\":\"Dr NY\",\"licensedJurisdictions\":[\"US-NY\"]}");
        clinician = issuer.token(clinicianId, Role.CLINICIAN);
        clinicianElsewhere = issuer.token(elsewhereId, Role.CLINICIAN);
        coordinator = issuer.token("coord-1", Role.COORDINATOR);
        coach = issuer.token("coach-1", Role.COACH);
        patientA = UUID.randomUUID().toString();
        tokenA = issuer.patientToken("user-a", patientA);
        String patientB = UUID.randomUUID().toString();
        tokenB = issuer.patientToken("user-b", patientB);
        assertThat(api().post("/api/intake/patients", tokenA, IntakeJourneyIntegrationTest.registration("US-CA"))
                .statusCode()).isEqualTo(201);
        assertThat(api().post("/api/intake/patients", tokenB, IntakeJourneyIntegrationTest.registration("US-CA"))
                .statusCode()).isEqualTo(201);
        api().post("/api/intake/patients/" + patientA + "/consents", tokenA, "{\"type\":\"TREATMENT\",\"granted\":true}");
        api().post("/api/intake/patients/" + patientA + "/screenings", tokenA,
                IntakeJourneyIntegrationTest.screening("[1,1,1,1,1,1,1,1,0]", "[]", 120, 80));
        consultation = Api.json(api().post("/api/intake/patients/" + patientA + "/consultations", tokenA, ""))
                .path("consultationId").asString();
    }

    record Call(String method, String path, String body) {
    }

    private HttpResponse<String> call(Call call, String token) {
        return switch (call.method()) {
            case "GET" -> api().get(call.path(), token);
            case "PATCH" -> api().patch(call.path(), token, call.body());
            case "PUT" -> api().put(call.path(), token, call.body());
            default -> api().post(call.path(), token, call.body());
        };
    }

    private void expect(Call call, Map<String, Integer> expected) {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("none", null);
        tokens.put("patient A", tokenA);
        tokens.put("patient B", tokenB);
        tokens.put("clinician", clinician);
        tokens.put("clinician elsewhere", clinicianElsewhere);
        tokens.put("coordinator", coordinator);
        tokens.put("coach", coach);
        tokens.put("admin", admin);
        expected.forEach((who, status) -> {
            HttpResponse<String> response = call(call, tokens.get(who));
            assertThat(response.statusCode()).as("%s %s as %s: %s", call.method(), call.path(), who, response.body())
                    .isEqualTo(status);
            if (status >= 400) {
                assertThat(response.body()).doesNotContain("Lovelace", "ada@example.org");
            }
        });
    }

    @Test
    void readingAPatient() {
        expect(new Call("GET", "/api/intake/patients/" + patientA, null), Map.of("none", 401, "patient A", 200,
                "patient B", 404, "clinician", 200, "coordinator", 200, "coach", 403, "admin", 403));
    }

    @Test
    void aPatientLearnsNothingAboutOtherRecords() {
        HttpResponse<String> someoneElse = api().get("/api/intake/patients/" + patientA, tokenB);
        HttpResponse<String> nobody = api().get("/api/intake/patients/" + UUID.randomUUID(), tokenB);
        assertThat(someoneElse.statusCode()).isEqualTo(nobody.statusCode()).isEqualTo(404);
        assertThat(Api.json(someoneElse).path("type")).isEqualTo(Api.json(nobody).path("type"));
        assertThat(Api.json(someoneElse).path("detail")).isEqualTo(Api.json(nobody).path("detail"));
    }

    @Test
    void changingContactDetails() {
        expect(new Call("PATCH", "/api/intake/patients/" + patientA, "{\"phone\":\"+14155550199\"}"),
                Map.of("none", 401, "patient A", 200, "patient B", 404, "coordinator", 200, "coach", 403, "admin", 403));
    }

    @Test
    void recordingConsentsAndScreenings() {
        expect(new Call("POST", "/api/intake/patients/" + patientA + "/consents", "{\"type\":\"SMS\",\"granted\":true}"),
                Map.of("none", 401, "patient A", 201, "patient B", 404, "coordinator", 201, "coach", 403, "admin", 403));
        expect(new Call("POST", "/api/intake/patients/" + patientA + "/screenings",
                IntakeJourneyIntegrationTest.screening("[0,0,0,0,0,0,0,0,0]", "[]", 120, 80)),
                Map.of("none", 401, "patient A", 201, "patient B", 404, "clinician", 201, "coach", 403, "admin", 403));
    }

    @Test
    void requestingAConsultation() {
        expect(new Call("POST", "/api/intake/patients/" + patientA + "/consultations", ""),
                Map.of("none", 401, "patient B", 404, "coach", 403, "admin", 403, "patient A", 409));
    }

    @Test
    void safetyReviewsAreForClinicians() {
        expect(new Call("POST", "/api/intake/patients/" + patientA + "/safety-reviews", "{\"outcome\":\"CLEARED\"}"),
                Map.of("none", 401, "patient A", 403, "patient B", 403, "coordinator", 403, "coach", 403, "admin", 403,
                        "clinician", 409));
    }

    @Test
    void registeringIsForPatientsAndCoordinators() {
        Call register = new Call("POST", "/api/intake/patients", IntakeJourneyIntegrationTest.registration("US-CA"));
        expect(register, Map.of("none", 401, "clinician", 403, "coach", 403, "admin", 403, "coordinator", 201,
                "patient A", 409));
    }

    @Test
    void cliniciansAreManagedByAdministrators() {
        Call put = new Call("PUT", "/api/intake/clinicians/" + UUID.randomUUID(),
                "{\"displayName\":\"Dr X\",\"licensedJurisdictions\":[\"US-CA\"]}");
        expect(put, Map.of("none", 401, "patient A", 403, "clinician", 403, "coordinator", 403, "coach", 403,
                "admin", 200));
    }

    @Test
    void theWorklistAndDecisionsAreForLicensedClinicians() {
        expect(new Call("GET", "/api/intake/consultations", null), Map.of("none", 401, "patient A", 403,
                "coordinator", 403, "coach", 403, "admin", 403, "clinician", 200, "clinician elsewhere", 200));
        expect(new Call("POST", "/api/intake/consultations/" + consultation + "/decision",
                "{\"outcome\":\"APPROVED\",\"plannedSessions\":6}"), Map.of("none", 401, "patient A", 403,
                        "coordinator", 403, "coach", 403, "admin", 403, "clinician elsewhere", 403));
        assertThat(api().post("/api/intake/consultations/" + consultation + "/decision", clinician,
                "{\"outcome\":\"APPROVED\",\"plannedSessions\":6}").statusCode()).isEqualTo(200);
    }

}
