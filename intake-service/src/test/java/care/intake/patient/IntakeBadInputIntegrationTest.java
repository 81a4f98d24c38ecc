package care.intake.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;

import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import care.intake.IntakeApi;
import care.intake.IntakeIntegrationTest;
import care.kit.security.Role;
import care.kit.test.Api;
import care.kit.test.TestIssuer;

/** Bad input gets a 400 problem naming the field, echoes nothing back, and changes nothing stored. */
@IntakeIntegrationTest
class IntakeBadInputIntegrationTest {

    private static final String GOOD_SCREENING = IntakeApi.screening("[1,1,1,1,1,1,1,1,0]", "[]", 120, 80);

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;

    String patientId;
    String token;

    Api api() {
        return new Api(port);
    }

    @BeforeEach
    void registered() {
        patientId = UUID.randomUUID().toString();
        token = TestIssuer.get().patientToken("user-" + patientId, patientId);
        assertThat(api().post("/api/intake/patients", token, IntakeApi.registration("US-CA"))
                .statusCode()).isEqualTo(201);
    }

    private Document stored() {
        Document document = mongo.getCollection("patients").find(Filters.eq("_id", patientId)).first();
        document.remove("outbox");
        document.remove("outboxSince");
        return document;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            GAD-7 with 6 answers          | screenings | {"gad7":[1,1,1,1,1,1],"phq9":[1,1,1,1,1,1,1,1,0],"bloodPressure":{"systolic":120,"diastolic":80}} | gad7
            an answer of 4                | screenings | {"gad7":[1,1,4,1,1,1,1],"phq9":[1,1,1,1,1,1,1,1,0],"bloodPressure":{"systolic":120,"diastolic":80}} | gad7[2]
            an answer that is text        | screenings | {"gad7":[1,1,1,1,1,1,1],"phq9":[1,"x",1,1,1,1,1,1,0],"bloodPressure":{"systolic":120,"diastolic":80}} | phq9[1]
            an unknown condition code     | screenings | {"gad7":[1,1,1,1,1,1,1],"phq9":[1,1,1,1,1,1,1,1,0],"conditions":["FLU"],"bloodPressure":{"systolic":120,"diastolic":80}} | conditions[0]
            a derived condition code      | screenings | {"gad7":[1,1,1,1,1,1,1],"phq9":[1,1,1,1,1,1,1,1,0],"conditions":["UNDER_18"],"bloodPressure":{"systolic":120,"diastolic":80}} | conditions[0]
            no blood pressure             | screenings | {"gad7":[1,1,1,1,1,1,1],"phq9":[1,1,1,1,1,1,1,1,0]} | bloodPressure
            a missing diastolic           | screenings | {"gad7":[1,1,1,1,1,1,1],"phq9":[1,1,1,1,1,1,1,1,0],"bloodPressure":{"systolic":120}} | bloodPressure.diastolic
            an unknown consent type       | consents   | {"type":"FAX","granted":true} | type
            consent without decision      | consents   | {"type":"SMS"} | granted
            """)
    void refusedWithoutChangingAnything(String description, String resource, String body, String field) {
        Document before = stored();
        HttpResponse<String> response = api().post("/api/intake/patients/" + patientId + "/" + resource, token, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(Api.json(response).path("errors").toString()).contains("\"field\":\"" + field + "\"");
        assertThat(response.body()).doesNotContain("Exception", "trace", "FLU", "FAX");
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void theZoneABrowserReportsMayBePlainUtc() {
        String patient = UUID.randomUUID().toString();
        String body = "{\"givenName\":\"Ada\",\"familyName\":\"L\",\"dateOfBirth\":\"1990-01-01\",\"email\":"
                + "\"a@example.org\",\"phone\":\"+14155550123\",\"jurisdiction\":\"US-CA\",\"timeZone\":\"UTC\"}";
        HttpResponse<String> response = api().post("/api/intake/patients",
                TestIssuer.get().patientToken("user-" + patient, patient), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(mongo.getCollection("patients").find(Filters.eq("_id", patient)).first().getString("timeZone"))
                .isEqualTo("UTC");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a malformed date of birth  | {"givenName":"Ada","familyName":"L","dateOfBirth":"1990-13-40","email":"a@example.org","phone":"+14155550123","jurisdiction":"US-CA","timeZone":"America/Los_Angeles"} | dateOfBirth
            a phone number not E.164   | {"givenName":"Ada","familyName":"L","dateOfBirth":"1990-01-01","email":"a@example.org","phone":"555-0123","jurisdiction":"US-CA","timeZone":"America/Los_Angeles"} | phone
            an unknown time zone       | {"givenName":"Ada","familyName":"L","dateOfBirth":"1990-01-01","email":"a@example.org","phone":"+14155550123","jurisdiction":"US-CA","timeZone":"Mars/Olympus"} | timeZone
            a fixed offset, not a zone | {"givenName":"Ada","familyName":"L","dateOfBirth":"1990-01-01","email":"a@example.org","phone":"+14155550123","jurisdiction":"US-CA","timeZone":"+02:00"} | timeZone
            a missing family name      | {"givenName":"Ada","dateOfBirth":"1990-01-01","email":"a@example.org","phone":"+14155550123","jurisdiction":"US-CA","timeZone":"America/Los_Angeles"} | familyName
            a malformed e-mail         | {"givenName":"Ada","familyName":"L","dateOfBirth":"1990-01-01","email":"not-an-email","phone":"+14155550123","jurisdiction":"US-CA","timeZone":"America/Los_Angeles"} | email
            """)
    void registrationsWithBadFieldsAreRefused(String description, String body, String field) {
        long before = mongo.getCollection("patients").countDocuments();
        HttpResponse<String> response = api().post("/api/intake/patients",
                TestIssuer.get().token("coord-1", Role.COORDINATOR), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(Api.json(response).path("errors").toString()).contains("\"field\":\"" + field + "\"");
        assertThat(response.body()).doesNotContain("555-0123", "Mars/Olympus", "not-an-email", "1990-13-40");
        assertThat(mongo.getCollection("patients").countDocuments()).isEqualTo(before);
    }

    @org.junit.jupiter.api.Test
    void bodiesThatAreNotJsonOrTooLargeAreRefused() {
        Document before = stored();
        HttpResponse<String> broken = api().post("/api/intake/patients/" + patientId + "/screenings", token, "{\"gad7\": [1,");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(Api.json(broken).path("type").asString()).isEqualTo("urn:care:problem:malformed-body");
        String huge = GOOD_SCREENING.replace("}}", "},\"padding\":\"" + "x".repeat(200_000) + "\"}");
        HttpResponse<String> tooLarge = api().post("/api/intake/patients/" + patientId + "/screenings", token, huge);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(Api.json(tooLarge).path("type").asString()).isEqualTo("urn:care:problem:body-too-large");
        HttpResponse<String> wrongDecision = api().post("/api/intake/consultations/" + UUID.randomUUID() + "/decision",
                TestIssuer.get().token(UUID.randomUUID().toString(), Role.CLINICIAN), "{\"outcome\":\"MAYBE\"}");
        assertThat(wrongDecision.statusCode()).isEqualTo(400);
        assertThat(stored()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an unknown care-team role     | PUT  | care-team/{staff} | {"role":"NURSE"}                  | role
            emergency access as a role    | PUT  | care-team/{staff} | {"role":"EMERGENCY_ACCESS"}       | role
            a care-team role missing      | PUT  | care-team/{staff} | {}                                | role
            a coach id that is no UUID    | PUT  | coach             | {"coachId":"coach-ada"}           | coachId
            a coach id missing            | PUT  | coach             | {}                                | coachId
            an emergency without reason   | POST | emergency-access  | {}                                | reason
            an emergency with a blank one | POST | emergency-access  | {"reason":"   "}                  | reason
            a safety review without outcome | POST | safety-reviews  | {"notes":"x"}                     | outcome
            """)
    void careTeamAndEmergencyRequestsWithBadFieldsChangeNothing(String description, String method, String resource,
            String body, String field) {
        IntakeApi intake = new IntakeApi(port);
        String staffId = intake.clinician("US-CA");
        String caller = resource.equals("emergency-access") || resource.equals("safety-reviews")
                ? intake.clinicianToken(staffId) : intake.coordinator();
        String path = "/api/intake/patients/" + patientId + "/" + resource.replace("{staff}", staffId);
        Document before = stored();
        HttpResponse<String> response = method.equals("PUT") ? api().put(path, caller, body)
                : api().post(path, caller, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(Api.json(response).path("errors").toString()).contains("\"field\":\"" + field + "\"");
        assertThat(response.body()).doesNotContain("Exception", "NURSE", "coach-ada");
        assertThat(stored()).isEqualTo(before);
    }

    @org.junit.jupiter.api.Test
    void aReasonOverAThousandCharactersIsRefused() {
        IntakeApi intake = new IntakeApi(port);
        Document before = stored();
        HttpResponse<String> response = api().post("/api/intake/patients/" + patientId + "/emergency-access",
                intake.clinicianToken(intake.clinician("US-NY")), "{\"reason\":\"" + "x".repeat(1001) + "\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Api.json(response).path("errors").toString()).contains("\"field\":\"reason\"");
        assertThat(stored()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an access-log page of 0 entries   | /access-log?size=0       | size
            an access-log page of 101 entries | /access-log?size=101     | size
            a negative access-log page        | /access-log?page=-1      | page
            """)
    void badQueryParametersAreNamed(String description, String query, String field) {
        HttpResponse<String> response = api().get("/api/intake/patients/" + patientId + query, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(Api.json(response).path("errors").toString()).contains("\"field\":\"" + field + "\"");
    }

    @org.junit.jupiter.api.Test
    void anUnknownStaffRoleIsNamed() {
        HttpResponse<String> response = api().get("/api/intake/staff?role=NURSE",
                TestIssuer.get().token("coord-1", Role.COORDINATOR));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Api.json(response).path("errors").toString()).contains("\"field\":\"role\"");
        assertThat(response.body()).doesNotContain("NURSE");
    }
}
