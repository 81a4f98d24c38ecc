package care.local;

import static care.local.LocalPlatform.awaitStatus;
import static care.local.LocalPlatform.expect;
import static care.local.LocalPlatform.field;
import static care.local.LocalPlatform.send;
import static care.local.SystemSteps.accessEntry;
import static care.local.SystemSteps.approved;
import static care.local.SystemSteps.awaitAccessLog;
import static care.local.SystemSteps.availability;
import static care.local.SystemSteps.awaitBody;
import static care.local.SystemSteps.awaitCoaching;
import static care.local.SystemSteps.awaitEvents;
import static care.local.SystemSteps.awaitMessage;
import static care.local.SystemSteps.awaitPost;
import static care.local.SystemSteps.awaitSend;
import static care.local.SystemSteps.book;
import static care.local.SystemSteps.complete;
import static care.local.SystemSteps.jsonField;
import static care.local.SystemSteps.messagesTo;
import static care.local.SystemSteps.occurredAt;
import static care.local.SystemSteps.reading;
import static care.local.SystemSteps.rebook;
import static care.local.SystemSteps.registeredClinician;
import static care.local.SystemSteps.registeredCoach;
import static care.local.SystemSteps.sessionOf;
import static care.local.SystemSteps.supervise;
import static care.local.SystemSteps.PREPARED;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real applications as separate processes (gateway, intake, scheduling, session, integration) on a
 * real Kafka broker process and the MongoDB-wire store, as `./dev-stack up` runs them: an approval in intake
 * becomes a plan in scheduling, a redelivered approval creates nothing twice, booked sessions appear in the
 * session service, a deferred session is booked again, a severe adverse event pauses the plan until a
 * clinician resumes it, each completed session assigns journaling prompts and books coaching with the
 * patient's coach 24–72 h later, a PHQ-9 item 9 answered in an outcome measure escalates in intake and
 * pauses the plan until a clinician has reviewed it, and the last completed session completes the plan.
 * Session durations are shortened through {@code SPRING_APPLICATION_JSON}, as for a demo.
 */
@org.junit.jupiter.api.Tag("integration")
class CarePathwaySystemTest {

    private static LocalPlatform platform;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = SystemPlatform.get();
    }

    @Test
    void anApprovalInIntakeBecomesOnePlanInSchedulingAndItsFirstSessionCanBeBooked() throws Exception {
        SystemSteps.Approved approved = approved(6);
        String patientId = approved.patientId();
        String patient = approved.token();
        String planUrl = platform.gateway + "/api/scheduling/patients/" + patientId + "/plan";
        HttpResponse<String> plan = awaitStatus(planUrl, patient, 200, Duration.ofSeconds(60));
        assertThat(plan.body()).contains("\"plannedSessions\":6", "\"status\":\"ACTIVE\"");
        String planId = field(plan, "planId");

        // Deliver the approval again, as a broker might after a rebalance: still one plan, one event.
        ConsumerRecord<byte[], byte[]> approval = platform.events("care.intake.events.v1", patientId,
                "care.intake.EligibilityApproved.v1").getFirst();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                platform.kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 3; i++) {
                ProducerRecord<byte[], byte[]> again = new ProducerRecord<>(approval.topic(), approval.key(), approval.value());
                approval.headers().forEach(again.headers()::add);
                producer.send(again).get(30, TimeUnit.SECONDS);
            }
        }
        Thread.sleep(3000);
        assertThat(platform.events("care.scheduling.events.v1", patientId, "care.scheduling.TreatmentPlanCreated.v1"))
                .hasSize(1);
        assertThat(field(send("GET", planUrl, patient, null), "planId")).isEqualTo(planId);

        // A registered provider publishes availability; the patient books the first dosing session.
        String providerId = registeredClinician("Dr Okafor");
        String provider = platform.token("{\"subject\":\"" + providerId + "\",\"roles\":[\"CLINICIAN\"]}");
        availability(providerId, provider, "America/Los_Angeles", "08:00", "20:00", "DOSING_SESSION");
        Instant from = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
        String slot = field(expect(200, send("GET", platform.gateway + "/api/scheduling/slots?type=DOSING_SESSION&providerId="
                + providerId + "&from=" + from + "&to=" + from.plus(Duration.ofDays(2)), patient, null)), "start");
        HttpResponse<String> booked = send("POST", platform.gateway + "/api/scheduling/appointments", patient,
                "{\"patientId\":\"" + patientId + "\",\"type\":\"DOSING_SESSION\",\"providerId\":\"" + providerId
                        + "\",\"start\":\"" + slot + "\",\"sessionNumber\":1}");
        expect(201, booked);
        assertThat(send("GET", planUrl, patient, null).body()).contains("\"status\":\"SCHEDULED\"");
    }

    @Test
    void aProgramRunsThroughADeferralTwoSafetyPausesCoachingAndOutcomeMeasuresToThePlansEnd() throws Exception {
        SystemSteps.Approved approved = approved(4);
        String patientId = approved.patientId();
        String patient = approved.token();
        String planUrl = platform.gateway + "/api/scheduling/patients/" + patientId + "/plan";
        awaitStatus(planUrl, patient, 200, Duration.ofSeconds(60));
        // The patient books every session with a registered clinician outside the care team, who supervises them.
        String providerId = registeredClinician("Dr Okafor");
        String provider = platform.token("{\"subject\":\"" + providerId + "\",\"roles\":[\"CLINICIAN\"]}");
        availability(providerId, provider, "Etc/UTC", "06:00", "22:00", "DOSING_SESSION");
        // An administrator says where the supervising clinician's alerts go.
        String supervisorEmail = "supervisor." + providerId.substring(0, 8) + "@clinic.example";
        String admin = platform.token("{\"subject\":\"admin-1\",\"roles\":[\"ADMIN\"]}");
        expect(200, send("PUT", platform.gateway + "/api/notifications/providers/" + providerId + "/contact", admin,
                "{\"email\":\"" + supervisorEmail + "\",\"phone\":\"+15550100200\"}"));
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(2)).plus(Duration.ofHours(10));
        String first = book(patientId, patient, providerId, 1, day);
        String second = book(patientId, patient, providerId, 2, day.plus(Duration.ofDays(2)));
        String third = book(patientId, patient, providerId, 3, day.plus(Duration.ofDays(8)));
        String fourth = book(patientId, patient, providerId, 4, day.plus(Duration.ofDays(10)));

        // A coordinator assigns the patient's coach (through the integration API's path, which intake answers: the
        // coach is a member of the care team), who publishes coaching availability.
        String coachId = registeredCoach("Jordan Park");
        String coach = platform.token("{\"subject\":\"" + coachId + "\",\"roles\":[\"COACH\"]}");
        String coordinator = platform.token("{\"subject\":\"coord-1\",\"roles\":[\"COORDINATOR\"]}");
        String integration = platform.gateway + "/api/integration/patients/" + patientId;
        awaitSend("PUT", integration + "/coach", coordinator, "{\"coachId\":\"" + coachId + "\"}", 200);
        availability(coachId, coach, "Etc/UTC", "06:00", "22:00", "INTEGRATION_COACHING");

        // Session 1: the pre-dose blood pressure is above the limit, so it is deferred and booked again.
        String session1 = sessionOf(patientId, patient, first);
        expect(200, send("PUT", session1 + "/preparation", patient, PREPARED));
        expect(200, send("POST", session1 + "/vitals", patient, reading("PRE_DOSE", 150, 95)));
        HttpResponse<String> deferred = send("POST", session1 + "/start", provider, null);
        assertThat(deferred.statusCode()).isEqualTo(422);
        assertThat(deferred.body()).contains("urn:care:problem:blood-pressure-above-threshold");
        String rebooked = rebook(patientId, patient, providerId, 1, day.minus(Duration.ofHours(1)));
        supervise(sessionOf(patientId, patient, rebooked), patient, provider, false);

        // Its completion assigns session 1's prompts and books coaching with the coach 24-72 h later.
        Instant completed1 = occurredAt(awaitEvents("care.session.events.v1", patientId,
                "care.session.SessionCompleted.v1", 1).getFirst());
        String coaching1 = awaitCoaching(patientId, patient, 1);
        assertThat(coaching1).contains("\"providerId\":\"" + coachId + "\"", "\"status\":\"BOOKED\"");
        Instant coachingStart = Instant.parse(jsonField(coaching1, "start"));
        assertThat(coachingStart).isBetween(completed1.plus(Duration.ofHours(24)), completed1.plus(Duration.ofHours(72)));
        awaitBody(integration + "/prompts", patient, "\"sessionNumber\":1");
        String promptId = jsonField(send("GET", integration + "/prompts", patient, null).body(), "promptId");
        expect(201, send("POST", integration + "/journal-entries", patient, "{\"promptId\":\"" + promptId
                + "\",\"text\":\"Calmer than I expected\",\"mood\":7}"));

        // Session 2: a severe adverse event pauses the plan; session 3 waits until a clinician resumes it.
        supervise(sessionOf(patientId, patient, second), patient, provider, true);
        awaitBody(planUrl, patient, "\"status\":\"PAUSED\"");
        // The severe adverse event alerts the supervising clinician at once, by email and text.
        awaitMessage("needs your review now", supervisorEmail);
        awaitMessage("URGENT. A patient needs your review now", "+15550100200");
        String session3 = sessionOf(patientId, patient, third);
        expect(200, send("PUT", session3 + "/preparation", patient, PREPARED));
        expect(200, send("POST", session3 + "/vitals", patient, reading("PRE_DOSE", 122, 78)));
        awaitPost(session3 + "/start", provider, 422, "urn:care:problem:plan-paused");
        // Only the responsible clinician resumes a plan held for a severe adverse event, with a rationale.
        expect(403, send("POST", planUrl + "/resume", provider, "{\"rationale\":\"Recovered fully\"}"));
        expect(400, send("POST", planUrl + "/resume", approved.clinicianToken(), "{}"));
        expect(200, send("POST", planUrl + "/resume", approved.clinicianToken(),
                "{\"rationale\":\"Sedation resolved within 20 minutes; dose reviewed\"}"));
        awaitPost(session3 + "/start", provider, 200, "\"status\":\"IN_PROGRESS\"");
        complete(session3, provider);

        // The measures after session 2: GAD-7 12 -> 6 is a response. PHQ-9 item 9 is answered: intake raises
        // a safety escalation, scheduling pauses the plan, and session 4 waits for a clinician's review.
        awaitBody(integration + "/progress", patient, "\"completedSessions\":3");
        HttpResponse<String> gad7 = expect(201, send("POST", integration + "/assessments", patient,
                "{\"instrument\":\"GAD7\",\"answers\":[1,1,1,1,1,1,0]}"));
        assertThat(gad7.body()).contains("\"timepoint\":\"AFTER_SESSION_2\"", "\"changeFromBaseline\":-6",
                "\"response\":true", "\"remission\":false");
        HttpResponse<String> phq9 = expect(201, send("POST", integration + "/assessments", patient,
                "{\"instrument\":\"PHQ9\",\"answers\":[1,1,0,1,0,0,0,0,1]}"));
        assertThat(phq9.body()).contains("\"safetyReviewRequested\":true");
        String measurementId = field(phq9, "measurementId");
        assertThat(new String(awaitEvents("care.intake.events.v1", patientId,
                "care.intake.SafetyEscalationRaised.v1", 1).getFirst().value()))
                .contains("PHQ9_ITEM9_POSITIVE", "\"screeningId\":\"" + measurementId + "\"");
        awaitBody(planUrl, patient, "\"status\":\"PAUSED\"");
        // The escalation alerts the responsible clinician; without a contact for them, the on-call address.
        awaitMessage(patientId.substring(0, 8), "on-call@clinic.example");
        // The patient was asked for the measures (by text, or by email when the day's text was used).
        awaitMessage("a short check-in is waiting for you in the app", approved.phone(), approved.email());
        String session4 = sessionOf(patientId, patient, fourth);
        expect(200, send("PUT", session4 + "/preparation", patient, PREPARED));
        expect(200, send("POST", session4 + "/vitals", patient, reading("PRE_DOSE", 120, 78)));
        awaitPost(session4 + "/start", provider, 422, "urn:care:problem:plan-paused");
        expect(201, send("POST", platform.gateway + "/api/intake/patients/" + patientId + "/safety-reviews",
                approved.clinicianToken(), "{\"outcome\":\"CLEARED\",\"notes\":\"Passive thoughts, safety plan agreed\"}"));
        awaitSend("POST", planUrl + "/resume", approved.clinicianToken(), null, 200);

        // Session 4, the last: its completion completes the plan; the patient reflects on it.
        awaitPost(session4 + "/start", provider, 200, "\"status\":\"IN_PROGRESS\"");
        complete(session4, provider);
        awaitBody(planUrl, patient, "\"status\":\"COMPLETED\"");
        expect(200, send("POST", session4 + "/reflection", patient, "{\"text\":\"Lighter than before\",\"mood\":7}"));

        // Coaching after the last session is still booked; the end-of-program measures are due and taken.
        awaitCoaching(patientId, patient, 4);
        awaitBody(integration + "/progress", patient, "\"status\":\"PLAN_ENDED\"");
        assertThat(send("GET", integration + "/progress", patient, null).body())
                .contains("\"timepoint\":\"PROGRAM_END\"", "\"kind\":\"COACHING_SESSION\"");
        expect(201, send("POST", integration + "/assessments", patient,
                "{\"instrument\":\"GAD7\",\"answers\":[1,1,0,1,0,0,0]}"));
        expect(201, send("POST", integration + "/assessments", patient,
                "{\"instrument\":\"PHQ9\",\"answers\":[1,0,0,1,0,0,0,0,0]}"));
        assertThat(send("GET", integration + "/progress", coach, null).body())
                .contains("\"timepoint\":\"PROGRAM_END\",\"score\":3");

        assertThat(platform.events("care.session.events.v1", patientId, "care.session.SessionDeferred.v1")).hasSize(1);
        assertThat(platform.events("care.session.events.v1", patientId, "care.session.SessionCompleted.v1")).hasSize(4);
        assertThat(platform.events("care.scheduling.events.v1", patientId, "care.scheduling.TreatmentPlanPaused.v1"))
                .extracting(paused -> jsonField(new String(paused.value()), "reason"))
                .containsExactly("SEVERE_ADVERSE_EVENT", "SAFETY_ESCALATION");
        assertThat(platform.events("care.scheduling.events.v1", patientId, "care.scheduling.TreatmentPlanCompleted.v1"))
                .hasSize(1);
        assertThat(platform.events("care.session.events.v1", patientId, "care.session.ReflectionSubmitted.v1")).hasSize(1)
                .allSatisfy(reflection -> assertThat(new String(reflection.value())).doesNotContain("Lighter"));
        assertThat(platform.events("care.integration.events.v1", patientId, "care.integration.IntegrationStarted.v1"))
                .hasSize(4);
        assertThat(platform.events("care.integration.events.v1", patientId, "care.integration.JournalPromptAssigned.v1"))
                .hasSize(8);
        assertThat(platform.events("care.scheduling.events.v1", patientId, "care.scheduling.CoachingNotScheduled.v1"))
                .isEmpty();
        assertThat(platform.read("care.integration.events.v1")).allSatisfy(event -> assertThat(new String(event.value()))
                .doesNotContain("Calmer than I expected", "\"mood\"", "\"answers\""));

        // Reminders were planned for every booked appointment; messages went out and were reported delivered.
        assertThat(platform.events("care.notification.events.v1", patientId,
                "care.notification.NotificationScheduled.v1")).extracting(event -> jsonField(new String(event.value()),
                "purpose")).contains("APPOINTMENT_REMINDER", "PREPARATION_REMINDER", "OUTCOME_MEASURE_REQUEST",
                "JOURNALING_NUDGE", "SAFETY_ESCALATION");
        awaitEvents("care.notification.events.v1", patientId, "care.notification.NotificationSent.v1", 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (platform.events("care.notification.events.v1", patientId, "care.notification.NotificationSent.v1")
                .stream().noneMatch(event -> new String(event.value()).contains("\"DELIVERED\""))) {
            assertThat(System.nanoTime()).as("a delivery report").isLessThan(deadline);
            Thread.sleep(500);
        }
        assertThat(platform.read("care.notification.events.v1")).allSatisfy(event -> assertThat(new String(event.value()))
                .doesNotContain(approved.email(), approved.phone(), supervisorEmail, "Harbor Clinic"));
        assertThat(messagesTo(approved.phone())).contains("\"channel\":\"SMS\"").doesNotContainIgnoringCase("ketamine")
                .doesNotContain("GAD", "PHQ", "session", "Sam", "Lee");
        assertThat(messagesTo(approved.email())).doesNotContainIgnoringCase("ketamine").doesNotContain("GAD", "PHQ");

        // Every service accounted for the accesses of the program, with who made them and on what basis, in the
        // patient's access log.
        String patientSubject = "user-" + patientId;
        List<String> expected = List.of(
                accessEntry("intake-service", patientSubject, "SCREENING_SUBMIT", "GRANTED"),
                accessEntry("intake-service", approved.clinicianId(), "CONSULTATION_DECIDE", "GRANTED"),
                accessEntry("intake-service", approved.clinicianId(), "SAFETY_REVIEW", "GRANTED"),
                accessEntry("scheduling-service", patientSubject, "APPOINTMENT_BOOK", "GRANTED"),
                accessEntry("scheduling-service", patientSubject, "SCHEDULE_READ", "GRANTED"),
                accessEntry("scheduling-service", providerId, "PLAN_RESUME", "DENIED"),
                accessEntry("scheduling-service", approved.clinicianId(), "PLAN_RESUME", "GRANTED"),
                accessEntry("session-service", patientSubject, "SESSION_PREPARE", "GRANTED"),
                accessEntry("session-service", providerId, "SESSION_SUPERVISE", "GRANTED"),
                accessEntry("session-service", patientSubject, "REFLECTION_WRITE", "GRANTED"),
                accessEntry("integration-service", patientSubject, "JOURNAL_WRITE", "GRANTED"),
                accessEntry("integration-service", patientSubject, "MEASURE_SUBMIT", "GRANTED"),
                accessEntry("integration-service", coachId, "PROGRESS_READ", "GRANTED"));
        assertThat(awaitAccessLog(patientId, patient, expected)).containsAll(expected);
    }
}
