package care.local;

import static care.local.LocalPlatform.awaitStatus;
import static care.local.LocalPlatform.expect;
import static care.local.LocalPlatform.field;
import static care.local.LocalPlatform.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
class CarePathwaySystemTest {

    /**
     * Sessions may start up to 30 days ahead and discharge after 3 s of monitoring; no quiet hours, so
     * patients' messages go whatever the time of day the test runs.
     */
    static final String SHORT_SESSIONS = "{\"care\":{\"session\":{\"start-window\":\"P30D\","
            + "\"minimum-monitoring\":\"PT3S\",\"timer-poll-interval\":\"PT1S\"},"
            + "\"notification\":{\"quiet-start\":\"00:00\",\"quiet-end\":\"00:00\"}}}";
    static final String WEBHOOK_SECRET = "system-test-webhook-secret";

    @TempDir
    static Path state;

    private static LocalPlatform platform;
    private static MessageStandIns messages;

    @BeforeAll
    static void startPlatform() throws Exception {
        // The SMTP server and the text provider's stand-in, as ./dev-stack up runs them, on free ports.
        messages = new MessageStandIns(MongoStoreTest.freePort(), MongoStoreTest.freePort(), "http://localhost:9/none",
                WEBHOOK_SECRET);
        messages.start();
        platform = new LocalPlatform(state).start(List.of("gateway", "intake-service", "scheduling-service",
                "session-service", "integration-service", "notification-service"), Map.of(
                        "SPRING_APPLICATION_JSON", SHORT_SESSIONS,
                        "SPRING_MAIL_PORT", String.valueOf(messages.smtpPort()),
                        "CARE_NOTIFICATION_PROVIDERS_SMS_BASEURL", messages.url() + "/sms",
                        "CARE_NOTIFICATION_WEBHOOKSECRET", WEBHOOK_SECRET,
                        "CARE_DEV_MESSAGES_URL", messages.url()));
        // Delivery reports reach the notification service through the gateway, as a provider's would.
        messages.reportTo(platform.gateway + "/api/notifications/webhooks");
    }

    @AfterAll
    static void stopPlatform() throws InterruptedException {
        if (platform != null) {
            platform.stop();
        }
        if (messages != null) {
            messages.stop();
        }
    }

    /** What the message stand-ins received for this address, as the gateway's /dev/messages lists it. */
    static String messagesTo(String address) throws Exception {
        return expect(200, send("GET", platform.gateway + "/dev/messages?to="
                + java.net.URLEncoder.encode(address, java.nio.charset.StandardCharsets.UTF_8), null, null)).body();
    }

    /** Waits until one of these addresses has received a message containing {@code bodyPart}. */
    static void awaitMessage(String bodyPart, String... addresses) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            StringBuilder received = new StringBuilder();
            for (String address : addresses) {
                received.append(messagesTo(address));
            }
            if (received.toString().contains(bodyPart)) {
                return;
            }
            assertThat(System.nanoTime()).as("a message with %s: %s", bodyPart, received).isLessThan(deadline);
            Thread.sleep(250);
        }
    }
    /** A patient registered, consented, screened and approved in intake for this many sessions. */
    record Approved(String patientId, String token, String clinicianId, String clinicianToken, String email,
            String phone) {
    }

    static Approved approved(int plannedSessions) throws Exception {
        String patientId = UUID.randomUUID().toString();
        String clinicianId = UUID.randomUUID().toString();
        String admin = platform.token("{\"subject\":\"admin-1\",\"roles\":[\"ADMIN\"]}");
        String patient = platform.token("{\"subject\":\"user-" + patientId + "\",\"roles\":[\"PATIENT\"],\"patientId\":\""
                + patientId + "\"}");
        String clinician = platform.token("{\"subject\":\"" + clinicianId + "\",\"roles\":[\"CLINICIAN\"]}");
        String intake = platform.gateway + "/api/intake";

        expect(200, send("PUT", intake + "/clinicians/" + clinicianId, admin,
                "{\"displayName\":\"Dr Rivera\",\"licensedJurisdictions\":[\"US-CA\"]}"));
        String email = "sam." + patientId.substring(0, 8) + "@example.org";
        String phone = "+1415" + (5_000_000 + Math.abs(patientId.hashCode() % 4_000_000));
        expect(201, send("POST", intake + "/patients", patient, "{\"givenName\":\"Sam\",\"familyName\":\"Lee\","
                + "\"dateOfBirth\":\"1990-04-12\",\"email\":\"" + email + "\",\"phone\":\"" + phone + "\","
                + "\"jurisdiction\":\"US-CA\",\"timeZone\":\"America/Los_Angeles\"}"));
        for (String consent : List.of("TREATMENT", "SMS", "EMAIL")) {
            expect(201, send("POST", intake + "/patients/" + patientId + "/consents", patient,
                    "{\"type\":\"" + consent + "\",\"granted\":true}"));
        }
        expect(201, send("POST", intake + "/patients/" + patientId + "/screenings", patient,
                "{\"gad7\":[2,2,2,2,2,1,1],\"phq9\":[1,1,2,1,1,1,0,1,0],\"conditions\":[],"
                        + "\"bloodPressure\":{\"systolic\":124,\"diastolic\":82}}"));
        String consultation = field(expect(201, send("POST", intake + "/patients/" + patientId + "/consultations",
                patient, "")), "consultationId");
        expect(200, send("POST", intake + "/consultations/" + consultation + "/decision", clinician,
                "{\"outcome\":\"APPROVED\",\"plannedSessions\":" + plannedSessions + "}"));
        return new Approved(patientId, patient, clinicianId, clinician, email, phone);
    }

    @Test
    void anApprovalInIntakeBecomesOnePlanInSchedulingAndItsFirstSessionCanBeBooked() throws Exception {
        Approved approved = approved(6);
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

        // A provider publishes availability; the patient books the first dosing session.
        String providerId = UUID.randomUUID().toString();
        String provider = platform.token("{\"subject\":\"" + providerId + "\",\"roles\":[\"CLINICIAN\"]}");
        expect(200, send("PUT", platform.gateway + "/api/scheduling/providers/" + providerId + "/availability", provider,
                "{\"timeZone\":\"America/Los_Angeles\",\"weekly\":[" + LocalPlatform.everyDay("08:00", "20:00")
                        + "],\"appointmentTypes\":[\"DOSING_SESSION\"]}"));
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
        Approved approved = approved(4);
        String patientId = approved.patientId();
        String patient = approved.token();
        String planUrl = platform.gateway + "/api/scheduling/patients/" + patientId + "/plan";
        awaitStatus(planUrl, patient, 200, Duration.ofSeconds(60));
        String providerId = UUID.randomUUID().toString();
        String provider = platform.token("{\"subject\":\"" + providerId + "\",\"roles\":[\"CLINICIAN\"]}");
        expect(200, send("PUT", platform.gateway + "/api/scheduling/providers/" + providerId + "/availability", provider,
                "{\"timeZone\":\"Etc/UTC\",\"weekly\":[" + LocalPlatform.everyDay("06:00", "22:00")
                        + "],\"appointmentTypes\":[\"DOSING_SESSION\"]}"));
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

        // A coordinator assigns the patient's coach, who publishes coaching availability.
        String coachId = UUID.randomUUID().toString();
        String coach = platform.token("{\"subject\":\"" + coachId + "\",\"roles\":[\"COACH\"]}");
        String coordinator = platform.token("{\"subject\":\"coord-1\",\"roles\":[\"COORDINATOR\"]}");
        String integration = platform.gateway + "/api/integration/patients/" + patientId;
        awaitSend("PUT", integration + "/coach", coordinator, "{\"coachId\":\"" + coachId + "\"}", 200);
        expect(200, send("PUT", platform.gateway + "/api/scheduling/providers/" + coachId + "/availability", coach,
                "{\"timeZone\":\"Etc/UTC\",\"weekly\":[" + LocalPlatform.everyDay("06:00", "22:00")
                        + "],\"appointmentTypes\":[\"INTEGRATION_COACHING\"]}"));

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
        expect(200, send("POST", planUrl + "/resume", provider, null));
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
        // The escalation alerts the plan's clinician; without a contact for them, the on-call address.
        awaitMessage(patientId.substring(0, 8), "on-call@clinic.example");
        // The patient was asked for the measures (by text, or by email when the day's text was used).
        awaitMessage("a short check-in is waiting for you in the app", approved.phone(), approved.email());
        String session4 = sessionOf(patientId, patient, fourth);
        expect(200, send("PUT", session4 + "/preparation", patient, PREPARED));
        expect(200, send("POST", session4 + "/vitals", patient, reading("PRE_DOSE", 120, 78)));
        awaitPost(session4 + "/start", provider, 422, "urn:care:problem:plan-paused");
        expect(201, send("POST", platform.gateway + "/api/intake/patients/" + patientId + "/safety-reviews",
                approved.clinicianToken(), "{\"outcome\":\"CLEARED\",\"notes\":\"Passive thoughts, safety plan agreed\"}"));
        expect(200, send("POST", planUrl + "/resume", provider, null));

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
    }

    /** The coaching appointment scheduling booked after dosing session {@code number}. */
    static String awaitCoaching(String patientId, String patient, int number) throws Exception {
        String url = platform.gateway + "/api/scheduling/appointments?patientId=" + patientId + "&from="
                + Instant.now().truncatedTo(ChronoUnit.DAYS) + "&to=" + Instant.now().plus(Duration.ofDays(20))
                .truncatedTo(ChronoUnit.DAYS);
        java.util.regex.Pattern coaching = java.util.regex.Pattern.compile(
                "\\{[^{}]*\"type\":\"INTEGRATION_COACHING\",\"sessionNumber\":" + number + ",[^{}]*}");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            java.util.regex.Matcher matcher = coaching.matcher(expect(200, send("GET", url, patient, null)).body());
            if (matcher.find()) {
                return matcher.group();
            }
            assertThat(System.nanoTime()).as("coaching after session %s", number).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    static List<ConsumerRecord<byte[], byte[]>> awaitEvents(String topic, String patientId, String type, int count)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<ConsumerRecord<byte[], byte[]>> events = platform.events(topic, patientId, type);
        while (events.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(500);
            events = platform.events(topic, patientId, type);
        }
        assertThat(events).as("%s %s", topic, type).hasSizeGreaterThanOrEqualTo(count);
        return events;
    }

    static Instant occurredAt(ConsumerRecord<byte[], byte[]> event) {
        return Instant.parse(jsonField(new String(event.value()), "occurredAt"));
    }

    static String jsonField(String json, String name) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as("%s in %s", name, json).isTrue();
        return matcher.group(1);
    }

    static void awaitSend(String method, String url, String token, String body, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> response = send(method, url, token, body);
        while (response.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(250);
            response = send(method, url, token, body);
        }
        expect(status, response);
    }

    static final String PREPARED = "{\"intention\":\"Meet the worry with curiosity\",\"fastingConfirmed\":true,"
            + "\"monitor\":{\"name\":\"Alex Kim\",\"phone\":\"+14155550188\"},\"noDriving\":true,\"safeEnvironment\":true}";

    static String reading(String phase, int systolic, int diastolic) {
        return "{\"phase\":\"" + phase + "\",\"systolic\":" + systolic + ",\"diastolic\":" + diastolic
                + ",\"heartRate\":74}";
    }

    static String book(String patientId, String patient, String providerId, int number, Instant start) throws Exception {
        return field(expect(201, send("POST", platform.gateway + "/api/scheduling/appointments", patient,
                booking(patientId, providerId, number, start))), "appointmentId");
    }

    static String booking(String patientId, String providerId, int number, Instant start) {
        return "{\"patientId\":\"" + patientId + "\",\"type\":\"DOSING_SESSION\",\"providerId\":\"" + providerId
                + "\",\"start\":\"" + start + "\",\"sessionNumber\":" + number + "}";
    }

    /** Books the session again once scheduling has cancelled the deferred appointment. */
    static String rebook(String patientId, String patient, String providerId, int number, Instant start) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> response;
        do {
            response = send("POST", platform.gateway + "/api/scheduling/appointments", patient,
                    booking(patientId, providerId, number, start));
            if (response.statusCode() != 201) {
                Thread.sleep(250);
            }
        } while (response.statusCode() != 201 && System.nanoTime() < deadline);
        return field(expect(201, response), "appointmentId");
    }

    /** The session service's URL of the session of this appointment, once the booking has reached it. */
    static String sessionOf(String patientId, String patient, String appointmentId) throws Exception {
        String list = platform.gateway + "/api/sessions/patients/" + patientId;
        java.util.regex.Pattern session = java.util.regex.Pattern.compile(
                "\"sessionId\":\"([^\"]+)\",\"appointmentId\":\"" + appointmentId + "\"");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            java.util.regex.Matcher matcher = session.matcher(expect(200, send("GET", list, patient, null)).body());
            if (matcher.find()) {
                return platform.gateway + "/api/sessions/" + matcher.group(1);
            }
            assertThat(System.nanoTime()).as("session of appointment %s", appointmentId).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    static void supervise(String session, String patient, String provider, boolean severeAdverseEvent) throws Exception {
        expect(200, send("PUT", session + "/preparation", patient, PREPARED));
        expect(200, send("POST", session + "/vitals", patient, reading("PRE_DOSE", 124, 80)));
        expect(200, send("POST", session + "/start", provider, null));
        if (severeAdverseEvent) {
            expect(200, send("POST", session + "/adverse-events", provider,
                    "{\"severity\":\"SEVERE\",\"category\":\"EXCESSIVE_SEDATION\",\"description\":\"Unrousable for 10 minutes\"}"));
        }
        complete(session, provider);
    }

    /** Discharge on a stable reading once the (shortened) minimum monitoring time has passed. */
    static void complete(String session, String provider) throws Exception {
        expect(200, send("POST", session + "/vitals", provider, reading("DISCHARGE", 126, 82)));
        awaitPost(session + "/complete", provider, 200, "\"status\":\"COMPLETED\"");
    }

    static void awaitPost(String url, String token, int status, String bodyPart) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> response = send("POST", url, token, null);
        while ((response.statusCode() != status || !response.body().contains(bodyPart)) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            response = send("POST", url, token, null);
        }
        assertThat(response.body()).as("%s", url).contains(bodyPart);
        expect(status, response);
    }

    static void awaitBody(String url, String token, String bodyPart) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> response = send("GET", url, token, null);
        while (!response.body().contains(bodyPart) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            response = send("GET", url, token, null);
        }
        assertThat(response.body()).as("%s", url).contains(bodyPart);
    }
}
