package care.intake.patient;

import static care.intake.IntakeApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import care.intake.IntakeApi;
import care.intake.IntakeIntegrationTest;
import care.kit.audit.AuditTrail;
import care.kit.security.Role;
import care.kit.test.Api;
import care.kit.test.TestIssuer;

/**
 * Who may do what, beyond the access table's matrix ({@link IntakeAuthorizationMatrixTest}): registration, the
 * staff directory, the clinicians' worklist and decisions. A patient reaching for someone else's record gets the
 * same 404 as for a record that does not exist; a staff token counts only for registered staff.
 */
@IntakeIntegrationTest
class IntakeAuthorizationIntegrationTest {

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;

    final TestIssuer issuer = TestIssuer.get();
    IntakeApi intake;
    String patientA;
    String tokenA;
    String tokenB;
    String clinicianId;
    String clinician;
    String clinicianElsewhere;
    String unregisteredClinician;
    String coordinator;
    String coach;
    String admin;

    Api api() {
        return intake.api();
    }

    @BeforeEach
    void setUp() {
        intake = new IntakeApi(port);
        admin = intake.admin();
        clinicianId = intake.clinician("US-CA");
        clinician = intake.clinicianToken(clinicianId);
        clinicianElsewhere = intake.clinicianToken(intake.clinician("US-NY"));
        unregisteredClinician = intake.clinicianToken(UUID.randomUUID().toString());
        coordinator = intake.coordinator();
        coach = intake.coachToken(intake.coach());
        patientA = intake.patientWaitingForConsultation("US-CA");
        tokenA = intake.patientToken(patientA);
        String patientB = intake.patient("US-CA");
        tokenB = intake.patientToken(patientB);
    }

    private void expectStatuses(String method, String path, String body, Map<String, Integer> expected) {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("none", null);
        tokens.put("patient A", tokenA);
        tokens.put("patient B", tokenB);
        tokens.put("clinician", clinician);
        tokens.put("clinician elsewhere", clinicianElsewhere);
        tokens.put("unregistered clinician", unregisteredClinician);
        tokens.put("coordinator", coordinator);
        tokens.put("coach", coach);
        tokens.put("admin", admin);
        expected.forEach((who, status) -> {
            String token = tokens.get(who);
            HttpResponse<String> response = switch (method) {
                case "GET" -> api().get(path, token);
                case "PUT" -> api().put(path, token, body);
                case "DELETE" -> api().delete(path, token);
                default -> api().post(path, token, body);
            };
            assertThat(response.statusCode()).as("%s %s as %s: %s", method, path, who, response.body())
                    .isEqualTo(status);
            if (status >= 400) {
                assertThat(response.body()).doesNotContain("Lovelace", "ada@example.org");
            }
        });
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
    void aStaffTokenReachesNoPatientWithoutACareRelationship() {
        // The responsible clinician reads the record; the same token does nothing for another patient, and a
        // clinician token whose subject nobody registered reads nothing at all.
        intake.assign(patientA, clinicianId, "RESPONSIBLE_CLINICIAN");
        String patientB = intake.patient("US-CA");
        expectStatuses("GET", "/api/intake/patients/" + patientA, null, Map.of("none", 401, "patient A", 200,
                "patient B", 404, "clinician", 200, "clinician elsewhere", 403, "unregistered clinician", 403,
                "coordinator", 200, "coach", 403, "admin", 403));
        expectStatuses("GET", "/api/intake/patients/" + patientB, null, Map.of("clinician", 403));
        assertThat(reasons(patientA)).contains("OTHER_PATIENT", "NOT_ON_CARE_TEAM", "NOT_REGISTERED", "NOT_PERMITTED");
        assertThat(reasons(patientB)).containsExactly("NOT_ON_CARE_TEAM");
    }

    @Test
    void registeringIsForPatientsAndCoordinatorsAndIsRecordedForTheNewRecord() {
        String register = "/api/intake/patients";
        String body = IntakeApi.registration("US-CA");
        expectStatuses("POST", register, body, Map.of("none", 401, "clinician", 403, "coach", 403, "admin", 403,
                "patient A", 409));
        HttpResponse<String> byCoordinator = expect(201, api().post(register, coordinator, body));
        String registered = Api.json(byCoordinator).path("patientId").asString();
        Document entry = auditEntries(registered).getFirst();
        assertThat(entry.getString("permission")).isEqualTo("IDENTITY_CHANGE");
        assertThat(entry.getString("basis")).isEqualTo("COORDINATOR");
        assertThat(entry.getString("action")).isEqualTo("intake.patient.register");

        String newPatient = UUID.randomUUID().toString();
        expect(201, api().post(register, intake.patientToken(newPatient), body));
        assertThat(auditEntries(newPatient)).extracting(document -> document.getString("basis")).containsExactly(
                "PATIENT");
        // A patient's token without a patient id names no record to register.
        HttpResponse<String> noClaim = api().post(register, issuer.token("user-z", Role.PATIENT), body);
        assertThat(noClaim.statusCode()).isEqualTo(403);
        assertThat(Api.json(noClaim).path("type").asString()).isEqualTo("urn:care:problem:invalid-patient-claim");
    }

    @Test
    void theStaffDirectoryIsManagedByAdministratorsAndReadByCoordinators() {
        String clinicianBody = "{\"displayName\":\"Dr X\",\"licensedJurisdictions\":[\"US-CA\"]}";
        expectStatuses("PUT", "/api/intake/clinicians/" + UUID.randomUUID(), clinicianBody, Map.of("none", 401,
                "patient A", 403, "clinician", 403, "coordinator", 403, "coach", 403, "admin", 200));
        expectStatuses("PUT", "/api/intake/coaches/" + UUID.randomUUID(), "{\"displayName\":\"Coach X\"}", Map.of(
                "none", 401, "patient A", 403, "clinician", 403, "coordinator", 403, "coach", 403, "admin", 200));
        String leaving = intake.clinician("US-CA");
        expectStatuses("DELETE", "/api/intake/clinicians/" + leaving, null, Map.of("none", 401, "patient A", 403,
                "clinician", 403, "coordinator", 403, "coach", 403, "admin", 204));
        expectStatuses("GET", "/api/intake/staff", null, Map.of("none", 401, "patient A", 403, "clinician", 403,
                "coach", 403, "coordinator", 200, "admin", 200));
    }

    @Test
    void theWorklistAndDecisionsAreForRegisteredCliniciansLicensedWhereThePatientIs() {
        String consultation = intake.consultation(patientA);
        expectStatuses("GET", "/api/intake/consultations", null, Map.of("none", 401, "patient A", 403,
                "coordinator", 403, "coach", 403, "admin", 403, "unregistered clinician", 403, "clinician", 200,
                "clinician elsewhere", 200));
        assertThat(api().get("/api/intake/consultations?size=100", clinician).body()).contains(patientA);
        assertThat(api().get("/api/intake/consultations?size=100", clinicianElsewhere).body()).doesNotContain(patientA);
        HttpResponse<String> unregistered = api().get("/api/intake/consultations", unregisteredClinician);
        assertThat(Api.json(unregistered).path("type").asString()).isEqualTo("urn:care:problem:staff-not-registered");
        // The worklist recorded the clinician's access to the patient it listed.
        assertThat(auditEntries(patientA)).anySatisfy(entry -> {
            assertThat(entry.getString("subject")).isEqualTo(clinicianId);
            assertThat(entry.getString("action")).isEqualTo("intake.consultation.list");
            assertThat(entry.getString("basis")).isEqualTo("TRIAGE_CLINICIAN");
        });

        expectStatuses("POST", "/api/intake/consultations/" + consultation + "/decision",
                "{\"outcome\":\"APPROVED\",\"plannedSessions\":6}", Map.of("none", 401, "patient A", 403,
                        "coordinator", 403, "coach", 403, "admin", 403, "clinician elsewhere", 403,
                        "unregistered clinician", 403, "clinician", 200));
    }

    private List<Document> auditEntries(String patientId) {
        return mongo.getCollection(AuditTrail.COLLECTION).find(Filters.elemMatch("entries",
                Filters.eq("patientId", patientId))).into(new ArrayList<>()).stream()
                .flatMap(record -> record.getList("entries", Document.class).stream())
                .filter(entry -> patientId.equals(entry.getString("patientId"))).toList();
    }

    private List<String> reasons(String patientId) {
        return auditEntries(patientId).stream().map(entry -> entry.getString("reason"))
                .filter(Objects::nonNull).toList();
    }
}
