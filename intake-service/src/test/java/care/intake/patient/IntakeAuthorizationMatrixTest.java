package care.intake.patient;

import static care.intake.IntakeApi.CALM_SCREENING;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import care.intake.IntakeApi;
import care.intake.IntakeIntegrationTest;
import care.kit.access.Permission;
import care.kit.security.Role;
import care.kit.test.AccessMatrix;
import care.kit.test.AccessMatrix.Caller;
import care.kit.test.AccessMatrix.Endpoint;
import care.kit.test.MovableClock;
import care.kit.test.TestIssuer;

/**
 * Every intake endpoint that touches one patient's data, called by every kind of caller, answers as the platform's
 * access table says and records the decision. The fixture is built through intake's own API: an administrator
 * registers the staff, a coordinator builds the care team, clinicians open emergency access (one of them an hour
 * before, so it has ended), and the patient waits for a consultation, which makes registered clinicians licensed
 * in the patient's jurisdiction triage clinicians. The responsible and supervising clinicians are licensed
 * elsewhere by now, so that they hold only their care-team role.
 */
@org.junit.jupiter.api.Tag("integration")
@IntakeIntegrationTest
class IntakeAuthorizationMatrixTest {

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MovableClock clock;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    final TestIssuer issuer = TestIssuer.get();

    /** The endpoints of one patient's data, the emergency access aside (see {@link #emergencyAccess}). */
    static List<Endpoint> endpoints(String patientId, String consultationId, String newSupervisor, String removable,
            String coach, Runnable putRemovableBack) {
        String patient = "/api/intake/patients/" + patientId;
        return List.of(
                Endpoint.get(patient, Permission.IDENTITY_READ),
                Endpoint.patch(patient, "{\"phone\":\"+14155550199\"}", Permission.IDENTITY_CHANGE),
                Endpoint.post(patient + "/consents", "{\"type\":\"SMS\",\"granted\":true}", Permission.CONSENT_RECORD),
                Endpoint.post(patient + "/screenings", CALM_SCREENING, Permission.SCREENING_SUBMIT),
                Endpoint.get(patient + "/screenings", Permission.SCREENING_READ),
                Endpoint.get(patient + "/summary", Permission.CLINICAL_SUMMARY_READ),
                // The patient's consultation is requested already: allowed callers get 409, nothing changes.
                Endpoint.post(patient + "/consultations", "", Permission.CONSULTATION_REQUEST),
                // Approving needs plannedSessions: allowed callers get 400 after the access check, nothing changes.
                Endpoint.post("/api/intake/consultations/" + consultationId + "/decision", "{\"outcome\":\"APPROVED\"}",
                        Permission.CONSULTATION_DECIDE),
                // No escalation is open: allowed callers get 409, nothing changes.
                Endpoint.post(patient + "/safety-reviews", "{\"outcome\":\"CLEARED\"}", Permission.SAFETY_REVIEW),
                Endpoint.get(patient + "/care-team", Permission.CARE_TEAM_READ),
                Endpoint.put(patient + "/care-team/" + newSupervisor, "{\"role\":\"SUPERVISING_CLINICIAN\"}",
                        Permission.CARE_TEAM_MANAGE),
                Endpoint.delete(patient + "/care-team/" + removable, Permission.CARE_TEAM_MANAGE)
                        .before(putRemovableBack),
                Endpoint.put(patient + "/coach", "{\"coachId\":\"" + coach + "\"}", Permission.CARE_TEAM_MANAGE),
                Endpoint.get(patient + "/access-log", Permission.ACCESS_LOG_READ));
    }

    /** Opening emergency access: no relationship allows it (any registered clinician may; see its own test). */
    static Endpoint emergencyAccess(String patientId) {
        return Endpoint.post("/api/intake/patients/" + patientId + "/emergency-access", "{\"reason\":\"On call\"}",
                Permission.EMERGENCY_ACCESS_OPEN);
    }

    /** The other /api endpoints, and why none of them reads or changes one patient's data. */
    static Map<String, String> others() {
        Map<String, String> others = new LinkedHashMap<>();
        others.put("GET /api/intake/caller", "the caller's own token");
        others.put("GET /api/intake/admin/dead-letters", "operations: events that could not be handled (ids only)");
        others.put("POST /api/intake/admin/dead-letters/{}/{}/{}/replay", "operations: replays an event");
        others.put("POST /api/intake/patients", "registration creates a record: PATIENT (their own id) or "
                + "COORDINATOR, recorded as IDENTITY_CHANGE of the new id");
        others.put("GET /api/intake/consultations", "a registered clinician's worklist: one CONSULTATION_DECIDE "
                + "decision recorded per listed patient");
        others.put("GET /api/intake/safety-escalations", "a registered clinician's open escalations to review: one "
                + "SAFETY_REVIEW decision recorded per listed patient");
        others.put("PUT /api/intake/clinicians/{}", "staff directory (ADMIN)");
        others.put("DELETE /api/intake/clinicians/{}", "staff directory (ADMIN); care teams follow");
        others.put("PUT /api/intake/coaches/{}", "staff directory (ADMIN)");
        others.put("DELETE /api/intake/coaches/{}", "staff directory (ADMIN); care teams follow");
        others.put("GET /api/intake/staff", "staff directory (COORDINATOR, ADMIN): no patient data");
        return others;
    }

    @Test
    void everyPatientEndpointAnswersAsTheAccessTableSays() {
        IntakeApi intake = new IntakeApi(port);
        String patientId = intake.patientWaitingForConsultation("US-CA");
        String consultationId = intake.consultation(patientId);

        String responsible = intake.clinician("US-CA");
        intake.assign(patientId, responsible, "RESPONSIBLE_CLINICIAN");
        intake.license(responsible, "US-NY");
        String supervising = intake.clinician("US-CA");
        intake.assign(patientId, supervising, "SUPERVISING_CLINICIAN");
        intake.license(supervising, "US-NY");
        String coach = intake.coach();
        intake.assign(patientId, coach, "COACH");
        String triage = intake.clinician("US-CA");
        String bystander = intake.clinician("US-NY");
        String otherCoach = intake.coach();
        String unregisteredClinician = UUID.randomUUID().toString();
        String unregisteredCoach = UUID.randomUUID().toString();
        String ended = intake.clinician("US-NY");
        intake.emergencyAccess(patientId, ended, "Night call");
        clock.advance(Duration.ofMinutes(61));
        String onCall = intake.clinician("US-NY");
        intake.emergencyAccess(patientId, onCall, "Night call");
        String newSupervisor = intake.clinician("US-CA");
        String removable = intake.clinician("US-CA");
        String otherPatient = UUID.randomUUID().toString();

        Map<Caller, String> subjects = new EnumMap<>(Caller.class);
        Map<Caller, String> tokens = new EnumMap<>(Caller.class);
        tokens.put(Caller.NO_TOKEN, null);
        put(tokens, subjects, Caller.OWN_PATIENT, "user-" + patientId, intake.patientToken(patientId));
        put(tokens, subjects, Caller.OTHER_PATIENT, "user-" + otherPatient, intake.patientToken(otherPatient));
        put(tokens, subjects, Caller.RESPONSIBLE_CLINICIAN, responsible, intake.clinicianToken(responsible));
        put(tokens, subjects, Caller.SUPERVISING_CLINICIAN, supervising, intake.clinicianToken(supervising));
        put(tokens, subjects, Caller.COACH, coach, intake.coachToken(coach));
        put(tokens, subjects, Caller.TRIAGE_CLINICIAN, triage, intake.clinicianToken(triage));
        put(tokens, subjects, Caller.REGISTERED_CLINICIAN_NOT_ON_TEAM, bystander, intake.clinicianToken(bystander));
        put(tokens, subjects, Caller.REGISTERED_COACH_NOT_ON_TEAM, otherCoach, intake.coachToken(otherCoach));
        put(tokens, subjects, Caller.UNREGISTERED_CLINICIAN, unregisteredClinician,
                intake.clinicianToken(unregisteredClinician));
        put(tokens, subjects, Caller.UNREGISTERED_COACH, unregisteredCoach, intake.coachToken(unregisteredCoach));
        put(tokens, subjects, Caller.COORDINATOR, IntakeApi.COORDINATOR, intake.coordinator());
        put(tokens, subjects, Caller.EMERGENCY_ACCESS, onCall, intake.clinicianToken(onCall));
        put(tokens, subjects, Caller.EXPIRED_EMERGENCY_ACCESS, ended, intake.clinicianToken(ended));
        put(tokens, subjects, Caller.ADMIN, IntakeApi.ADMIN, issuer.token(IntakeApi.ADMIN, Role.ADMIN));

        AccessMatrix matrix = new AccessMatrix(intake.api(), patientId, tokens, subjects, mongo);
        endpoints(patientId, consultationId, newSupervisor, removable, coach,
                () -> intake.assign(patientId, removable, "SUPERVISING_CLINICIAN")).forEach(matrix::check);
        matrix.verify("intake-service");

        // Opening emergency access, tried by everyone who is not a registered clinician: all refused and recorded.
        Map<Caller, String> notClinicians = new EnumMap<>(tokens);
        notClinicians.keySet().removeIf(caller -> List.of(Caller.RESPONSIBLE_CLINICIAN, Caller.SUPERVISING_CLINICIAN,
                Caller.TRIAGE_CLINICIAN, Caller.REGISTERED_CLINICIAN_NOT_ON_TEAM, Caller.EMERGENCY_ACCESS,
                Caller.EXPIRED_EMERGENCY_ACCESS).contains(caller));
        new AccessMatrix(intake.api(), patientId, notClinicians, subjects, mongo).check(emergencyAccess(patientId))
                .verify("intake-service-emergency-access");
    }

    @Test
    void everyApiEndpointIsInTheMatrixOrTouchesNoSinglePatient() {
        String id = UUID.randomUUID().toString();
        List<Endpoint> all = new ArrayList<>(endpoints(id, id, id, id, id, () -> { }));
        all.add(emergencyAccess(id));
        AccessMatrix.verifyCoverage(mapping, all, others());
    }

    private static void put(Map<Caller, String> tokens, Map<Caller, String> subjects, Caller caller, String subject,
            String token) {
        tokens.put(caller, token);
        subjects.put(caller, subject);
    }
}
