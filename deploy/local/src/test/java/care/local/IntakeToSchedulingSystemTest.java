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
 * The real applications as separate processes (gateway, intake, scheduling) on a real Kafka broker
 * process and the MongoDB-wire store, as `./dev-stack up` runs them: an approval in intake becomes a plan
 * in scheduling, a redelivered approval creates nothing twice, and the first session can be booked.
 */
class IntakeToSchedulingSystemTest {

    @TempDir
    static Path state;

    private static LocalPlatform platform;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = new LocalPlatform(state).start();
    }

    @AfterAll
    static void stopPlatform() throws InterruptedException {
        if (platform != null) {
            platform.stop();
        }
    }
    @Test
    void anApprovalInIntakeBecomesOnePlanInSchedulingAndItsFirstSessionCanBeBooked() throws Exception {
        String patientId = UUID.randomUUID().toString();
        String clinicianId = UUID.randomUUID().toString();
        String admin = platform.token("{\"subject\":\"admin-1\",\"roles\":[\"ADMIN\"]}");
        String patient = platform.token("{\"subject\":\"user-1\",\"roles\":[\"PATIENT\"],\"patientId\":\"" + patientId + "\"}");
        String clinician = platform.token("{\"subject\":\"" + clinicianId + "\",\"roles\":[\"CLINICIAN\"]}");
        String intake = platform.gateway + "/api/intake";

        expect(200, send("PUT", intake + "/clinicians/" + clinicianId, admin,
                "{\"displayName\":\"Dr Rivera\",\"licensedJurisdictions\":[\"US-CA\"]}"));
        expect(201, send("POST", intake + "/patients", patient, "{\"givenName\":\"Sam\",\"familyName\":\"Lee\","
                + "\"dateOfBirth\":\"1990-04-12\",\"email\":\"sam@example.org\",\"phone\":\"+14155550123\","
                + "\"jurisdiction\":\"US-CA\",\"timeZone\":\"America/Los_Angeles\"}"));
        expect(201, send("POST", intake + "/patients/" + patientId + "/consents", patient,
                "{\"type\":\"TREATMENT\",\"granted\":true}"));
        expect(201, send("POST", intake + "/patients/" + patientId + "/screenings", patient,
                "{\"gad7\":[2,2,2,2,2,1,1],\"phq9\":[1,1,2,1,1,1,0,1,0],\"conditions\":[],"
                        + "\"bloodPressure\":{\"systolic\":124,\"diastolic\":82}}"));
        String consultation = field(expect(201, send("POST", intake + "/patients/" + patientId + "/consultations",
                patient, "")), "consultationId");
        expect(200, send("POST", intake + "/consultations/" + consultation + "/decision", clinician,
                "{\"outcome\":\"APPROVED\",\"plannedSessions\":6}"));

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

}
