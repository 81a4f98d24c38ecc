package care.local;

import static care.local.LocalPlatform.expect;
import static care.local.LocalPlatform.field;
import static care.local.LocalPlatform.send;
import static care.local.SystemSteps.accessEntry;
import static care.local.SystemSteps.approved;
import static care.local.SystemSteps.availability;
import static care.local.SystemSteps.awaitBody;
import static care.local.SystemSteps.awaitEvents;
import static care.local.SystemSteps.awaitMessage;
import static care.local.SystemSteps.awaitSend;
import static care.local.SystemSteps.book;
import static care.local.SystemSteps.jsonField;
import static care.local.SystemSteps.messagesTo;
import static care.local.SystemSteps.registeredClinician;
import static care.local.SystemSteps.registeredCoach;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Access follows the care relationship, across the real processes (gateway, the five services, a Kafka broker
 * process and the store): what an attacker with an ordinary staff token tried is refused; the coordinator's care
 * team opens exactly what each role needs; a coach removed from the team loses access everywhere within seconds;
 * a plan paused for a safety escalation resumes only after a clinician's review, by the responsible clinician;
 * twenty positive screenings page the clinician once; every access is in the patient's access log.
 */
@org.junit.jupiter.api.Tag("integration")
class CareTeamSystemTest {

    private static LocalPlatform platform;
    private static String admin;
    private static String coordinator;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = SystemPlatform.get();
        admin = platform.token("{\"subject\":\"admin-1\",\"roles\":[\"ADMIN\"]}");
        coordinator = platform.token("{\"subject\":\"coord-7\",\"roles\":[\"COORDINATOR\"]}");
    }

    static String clinicianToken(String id) throws Exception {
        return platform.token("{\"subject\":\"" + id + "\",\"roles\":[\"CLINICIAN\"]}");
    }

    static String coachToken(String id) throws Exception {
        return platform.token("{\"subject\":\"" + id + "\",\"roles\":[\"COACH\"]}");
    }

    static int status(String method, String url, String token, String body) throws Exception {
        return send(method, url, token, body).statusCode();
    }

    @Test
    void staffReachOnlyThePatientsOfTheirCareTeamAndEveryAccessIsAccounted() throws Exception {
        SystemSteps.Approved approved = approved(4);
        String patientId = approved.patientId();
        String patient = approved.token();
        String intake = platform.gateway + "/api/intake/patients/" + patientId;
        String plan = platform.gateway + "/api/scheduling/patients/" + patientId + "/plan";
        String integration = platform.gateway + "/api/integration/patients/" + patientId;
        String notifications = platform.gateway + "/api/notifications/patients/" + patientId;
        awaitBody(plan, patient, "\"planId\"");

        // A registered coach and a registered clinician who are on nobody's care team publish their availability
        // and try to book this patient with themselves: refused, so they never become part of the patient's care.
        String intruderCoachId = registeredCoach("Casey Intruder");
        String intruderCoach = coachToken(intruderCoachId);
        availability(intruderCoachId, intruderCoach, "Etc/UTC", "00:00", "23:55", "INTEGRATION_COACHING");
        String intruderClinicianId = registeredClinician("Dr Intruder");
        String intruderClinician = clinicianToken(intruderClinicianId);
        availability(intruderClinicianId, intruderClinician, "Etc/UTC", "00:00", "23:55", "DOSING_SESSION");
        Instant start = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS);
        assertThat(status("POST", platform.gateway + "/api/scheduling/appointments", intruderCoach,
                "{\"patientId\":\"" + patientId + "\",\"type\":\"INTEGRATION_COACHING\",\"providerId\":\""
                        + intruderCoachId + "\",\"start\":\"" + start + "\",\"sessionNumber\":1}")).isEqualTo(403);
        assertThat(status("POST", platform.gateway + "/api/scheduling/appointments", intruderClinician,
                SystemSteps.booking(patientId, intruderClinicianId, 1, start))).isEqualTo(403);
        // Any staff token, registered or not, off the care team: no identity, no contact change, no consent on the
        // patient's behalf, no outcome measure, no plan, no journal, no notification history.
        String unregistered = clinicianToken(UUID.randomUUID().toString());
        for (String outsider : List.of(intruderClinician, unregistered, intruderCoach)) {
            assertThat(status("GET", intake, outsider, null)).isEqualTo(403);
            assertThat(status("PATCH", intake, outsider, "{\"phone\":\"+14155550999\"}")).isEqualTo(403);
            assertThat(status("POST", intake + "/consents", outsider, "{\"type\":\"SMS\",\"granted\":false}"))
                    .isEqualTo(403);
            assertThat(status("POST", integration + "/assessments", outsider,
                    "{\"instrument\":\"GAD7\",\"answers\":[0,0,0,0,0,0,0]}")).isEqualTo(403);
            assertThat(status("GET", plan, outsider, null)).isEqualTo(403);
            assertThat(status("GET", integration + "/journal-entries", outsider, null)).isEqualTo(403);
            assertThat(status("GET", notifications, outsider, null)).isEqualTo(403);
        }
        // Another patient learns nothing: 404, as for a patient that does not exist.
        String otherPatient = platform.token("{\"subject\":\"user-x\",\"roles\":[\"PATIENT\"],\"patientId\":\""
                + UUID.randomUUID() + "\"}");
        assertThat(status("GET", intake, otherPatient, null)).isEqualTo(404);
        assertThat(status("GET", integration + "/journal-entries", otherPatient, null)).isEqualTo(404);

        // The coordinator builds the care team: a coach, and a supervising clinician.
        String coachId = registeredCoach("Jordan Park");
        String coach = coachToken(coachId);
        String supervisorId = registeredClinician("Dr Okafor");
        expect(200, send("PUT", intake + "/care-team/" + coachId, coordinator, "{\"role\":\"COACH\"}"));
        expect(200, send("PUT", intake + "/care-team/" + supervisorId, coordinator,
                "{\"role\":\"SUPERVISING_CLINICIAN\"}"));
        String team = expect(200, send("GET", intake + "/care-team", patient, null)).body();
        assertThat(team).contains("\"staffId\":\"" + approved.clinicianId() + "\",\"role\":\"RESPONSIBLE_CLINICIAN\"",
                "\"staffId\":\"" + coachId + "\",\"role\":\"COACH\"",
                "\"staffId\":\"" + supervisorId + "\",\"role\":\"SUPERVISING_CLINICIAN\"");

        // The patient journals; the coach, now on the team, reads the journal, the plan and the messages sent to
        // the patient, in three services, as soon as each service has seen the new care team.
        expect(201, send("POST", integration + "/journal-entries", patient,
                "{\"text\":\"Walked to the river and back\",\"mood\":6}"));
        awaitSend("GET", integration + "/journal-entries", coach, null, 200);
        assertThat(send("GET", integration + "/journal-entries", coach, null).body()).contains("Walked to the river");
        awaitSend("GET", plan, coach, null, 200);
        awaitSend("GET", notifications, coach, null, 200);
        // The coordinator sees contact details and the team, but not the journal.
        assertThat(status("GET", intake, coordinator, null)).isEqualTo(200);
        assertThat(status("GET", integration + "/journal-entries", coordinator, null)).isEqualTo(403);

        // The coordinator removes the coach: within 10 s the coach reads nothing in integration or notification.
        Instant removed = Instant.now();
        assertThat(status("DELETE", intake + "/care-team/" + coachId, coordinator, null)).isEqualTo(204);
        awaitSend("GET", integration + "/journal-entries", coach, null, 403);
        awaitSend("GET", notifications, coach, null, 403);
        awaitSend("GET", plan, coach, null, 403);
        assertThat(Duration.between(removed, Instant.now())).isLessThan(Duration.ofSeconds(10));

        // Every access above, granted or not, is in the patient's access log, with who made it.
        List<String> expected = List.of(
                accessEntry("integration-service", coachId, "JOURNAL_READ", "GRANTED"),
                accessEntry("scheduling-service", coachId, "SCHEDULE_READ", "GRANTED"),
                accessEntry("notification-service", coachId, "NOTIFICATIONS_READ", "GRANTED"),
                accessEntry("integration-service", coachId, "JOURNAL_READ", "DENIED"),
                accessEntry("integration-service", "user-" + patientId, "JOURNAL_WRITE", "GRANTED"),
                accessEntry("intake-service", "coord-7", "CARE_TEAM_MANAGE", "GRANTED"),
                accessEntry("intake-service", "coord-7", "IDENTITY_READ", "GRANTED"),
                accessEntry("integration-service", "coord-7", "JOURNAL_READ", "DENIED"),
                accessEntry("intake-service", intruderClinicianId, "IDENTITY_READ", "DENIED"),
                accessEntry("intake-service", intruderClinicianId, "IDENTITY_CHANGE", "DENIED"),
                accessEntry("intake-service", intruderClinicianId, "CONSENT_RECORD", "DENIED"),
                accessEntry("integration-service", intruderClinicianId, "MEASURE_SUBMIT", "DENIED"),
                accessEntry("scheduling-service", intruderClinicianId, "APPOINTMENT_BOOK", "DENIED"),
                accessEntry("scheduling-service", intruderCoachId, "APPOINTMENT_BOOK", "DENIED"),
                accessEntry("scheduling-service", intruderCoachId, "SCHEDULE_READ", "DENIED"),
                accessEntry("notification-service", intruderCoachId, "NOTIFICATIONS_READ", "DENIED"));
        List<String> log = SystemSteps.awaitAccessLog(patientId, patient, expected);
        assertThat(log).containsAll(expected);
        // The coordinator reads it too; a coach does not.
        assertThat(status("GET", intake + "/access-log", coordinator, null)).isEqualTo(200);
        assertThat(status("GET", intake + "/access-log", coach, null)).isEqualTo(403);
        // The audit trail carries ids and codes only.
        assertThat(platform.read("care.audit.events.v1")).allSatisfy(record -> assertThat(new String(record.value()))
                .doesNotContain("Walked to the river", approved.email(), approved.phone(), "Sam", "Lee"));
    }

    @Test
    void aPlanPausedForASafetyEscalationResumesOnlyAfterReviewByTheResponsibleClinician() throws Exception {
        SystemSteps.Approved approved = approved(4);
        String patientId = approved.patientId();
        String patient = approved.token();
        String intake = platform.gateway + "/api/intake/patients/" + patientId;
        String plan = platform.gateway + "/api/scheduling/patients/" + patientId + "/plan";
        awaitBody(plan, patient, "\"status\":\"ACTIVE\"");
        // Alerts about this patient go to the responsible clinician's own email and phone.
        String responsibleEmail = "rivera." + patientId.substring(0, 8) + "@clinic.example";
        String responsiblePhone = "+1555" + (2_000_000 + Math.abs(patientId.hashCode() % 7_000_000));
        expect(200, send("PUT", platform.gateway + "/api/notifications/providers/" + approved.clinicianId() + "/contact",
                admin, "{\"email\":\"" + responsibleEmail + "\",\"phone\":\"" + responsiblePhone + "\"}"));

        // Twenty screenings with PHQ-9 item 9 above 0 within a minute: the daily limit refuses the surplus with 429,
        // one escalation is opened (the others join it) and the clinician is paged once.
        int accepted = 0;
        int limited = 0;
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> screening = send("POST", intake + "/screenings", patient,
                    "{\"gad7\":[2,2,2,2,2,1,1],\"phq9\":[1,1,2,1,1,1,0,1,2],\"conditions\":[],"
                            + "\"bloodPressure\":{\"systolic\":124,\"diastolic\":82}}");
            if (screening.statusCode() == 201) {
                accepted++;
            } else {
                expect(429, screening);
                assertThat(screening.headers().firstValue("Retry-After")).isPresent();
                limited++;
            }
        }
        assertThat(accepted).as("the day's screenings, the approval's one included").isEqualTo(9);
        assertThat(limited).isEqualTo(11);
        awaitEvents("care.intake.events.v1", patientId, "care.intake.SafetyEscalationRaised.v1", 1);
        awaitBody(plan, patient, "\"status\":\"PAUSED\"");
        String ref = "ref " + patientId.substring(0, 8);
        awaitMessage(ref, responsibleEmail);
        awaitMessage(ref, responsiblePhone);
        Thread.sleep(3000);
        assertThat(platform.events("care.intake.events.v1", patientId, "care.intake.SafetyEscalationRaised.v1"))
                .hasSize(1);
        assertThat(count(messagesTo(responsibleEmail), ref)).isEqualTo(1);
        assertThat(count(messagesTo(responsiblePhone), ref)).isEqualTo(1);

        // A clinician token nobody registered resumes nothing; nobody resumes while the escalation is open, not even
        // the responsible clinician.
        assertThat(status("POST", plan + "/resume", clinicianToken(UUID.randomUUID().toString()), null)).isEqualTo(403);
        HttpResponse<String> open = send("POST", plan + "/resume", approved.clinicianToken(), null);
        expect(409, open);
        assertThat(open.body()).contains("urn:care:problem:safety-escalation-open");

        // A clinician licensed where the patient is may read the screening while the escalation waits (triage),
        // but not who the patient is or how to reach them. The on-call clinician outside the team breaks the glass
        // to call the patient back: the responsible clinician is told, and the access is in the patient's access log
        // with its reason.
        String onCallId = registeredClinician("Dr Nakamura");
        String onCall = clinicianToken(onCallId);
        assertThat(status("GET", intake + "/screenings", onCall, null)).isEqualTo(200);
        assertThat(status("GET", intake, onCall, null)).isEqualTo(403);
        HttpResponse<String> grant = expect(201, send("POST", intake + "/emergency-access", onCall,
                "{\"reason\":\"Called by the patient's partner at night; reviewing risk before calling back\"}"));
        String grantId = field(grant, "grantId");
        assertThat(send("GET", intake, onCall, null).body()).contains(approved.phone());
        awaitMessage("emergency access", responsibleEmail);

        // The review: unregistered, or registered but not licensed where the patient is, is not enough.
        String review = "{\"outcome\":\"CLEARED\",\"notes\":\"Passive thoughts, safety plan agreed\"}";
        assertThat(status("POST", intake + "/safety-reviews", clinicianToken(UUID.randomUUID().toString()), review))
                .isEqualTo(403);
        String elsewhereId = UUID.randomUUID().toString();
        expect(200, send("PUT", platform.gateway + "/api/intake/clinicians/" + elsewhereId, admin,
                "{\"displayName\":\"Dr Berg\",\"licensedJurisdictions\":[\"US-NY\"]}"));
        assertThat(status("POST", intake + "/safety-reviews", clinicianToken(elsewhereId), review)).isEqualTo(403);
        expect(201, send("POST", intake + "/safety-reviews", approved.clinicianToken(), review));
        assertThat(new String(awaitEvents("care.intake.events.v1", patientId,
                "care.intake.SafetyEscalationResolved.v1", 1).getFirst().value())).contains("\"CLEARED\"")
                .doesNotContain("Passive thoughts");

        // Cleared: the emergency access may read, but resuming a safety pause is the responsible clinician's.
        HttpResponse<String> byOnCall = send("POST", plan + "/resume", onCall, null);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (byOnCall.statusCode() == 409 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            byOnCall = send("POST", plan + "/resume", onCall, null);
        }
        expect(403, byOnCall);
        awaitSend("POST", plan + "/resume", approved.clinicianToken(), null, 200);
        awaitBody(plan, patient, "\"status\":\"ACTIVE\"");

        String log = awaitAccessLogBody(patientId, patient, grantId);
        assertThat(log).contains("Called by the patient's partner at night");
    }

    @Test
    void aReferralOutEndsThePlanAndTellsThePatientAndTheCareTeam() throws Exception {
        SystemSteps.Approved approved = approved(4);
        String patientId = approved.patientId();
        String patient = approved.token();
        String intake = platform.gateway + "/api/intake/patients/" + patientId;
        String plan = platform.gateway + "/api/scheduling/patients/" + patientId + "/plan";
        awaitBody(plan, patient, "\"status\":\"ACTIVE\"");
        String providerId = registeredClinician("Dr Okafor");
        availability(providerId, clinicianToken(providerId), "Etc/UTC", "06:00", "22:00", "DOSING_SESSION");
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(3)).plus(Duration.ofHours(10));
        String appointment = book(patientId, patient, providerId, 1, day);

        expect(201, send("POST", intake + "/screenings", patient,
                "{\"gad7\":[2,2,2,2,2,1,1],\"phq9\":[1,1,2,1,1,1,0,1,3],\"conditions\":[],"
                        + "\"bloodPressure\":{\"systolic\":124,\"diastolic\":82}}"));
        awaitBody(plan, patient, "\"status\":\"PAUSED\"");
        expect(201, send("POST", intake + "/safety-reviews", approved.clinicianToken(),
                "{\"outcome\":\"REFER_OUT\",\"notes\":\"Needs inpatient psychiatric assessment\"}"));

        awaitBody(plan, patient, "\"status\":\"COMPLETED\"");
        String completed = new String(awaitEvents("care.scheduling.events.v1", patientId,
                "care.scheduling.TreatmentPlanCompleted.v1", 1).getFirst().value());
        assertThat(completed).contains("\"CLOSED_BY_CLINICIAN\"", approved.clinicianId());
        assertThat(platform.events("care.scheduling.events.v1", patientId, "care.scheduling.AppointmentCancelled.v1"))
                .extracting(event -> new String(event.value()))
                .anySatisfy(event -> assertThat(event).contains(appointment, "\"PLAN_CLOSED\""));
        // The patient is told, by their channel, without a word about why.
        awaitMessage("update about your care", approved.phone(), approved.email());
        assertThat(messagesTo(approved.phone()) + messagesTo(approved.email())).doesNotContainIgnoringCase("ketamine")
                .doesNotContain("referr", "psychiatr", "safety");
        assertThat(platform.events("care.notification.events.v1", patientId, "care.notification.NotificationScheduled.v1"))
                .extracting(event -> jsonField(new String(event.value()), "purpose") + "/"
                        + jsonField(new String(event.value()), "recipient"))
                .contains("PLAN_ENDED/PATIENT", "PLAN_ENDED/CLINICIAN");
    }


    private static String awaitAccessLogBody(String patientId, String patient, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String body;
        do {
            body = expect(200, send("GET", platform.gateway + "/api/intake/patients/" + patientId
                    + "/access-log?size=100", patient, null)).body();
            if (body.contains(text)) {
                return body;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return body;
    }

    private static int count(String body, String part) {
        int count = 0;
        for (int at = body.indexOf(part); at >= 0; at = body.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
