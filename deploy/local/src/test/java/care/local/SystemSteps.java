package care.local;

import static care.local.LocalPlatform.expect;
import static care.local.LocalPlatform.field;
import static care.local.LocalPlatform.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Steps of the system tests through the gateway of the {@link SystemPlatform}: a patient approved in intake, staff
 * registered by an administrator, availability, bookings, supervised sessions, and waiting for what travels through
 * Kafka to arrive.
 */
final class SystemSteps {

    private SystemSteps() {
    }

    static LocalPlatform platform() {
        try {
            return SystemPlatform.get();
        } catch (Exception e) {
            throw new IllegalStateException("The system platform did not start", e);
        }
    }

    /** What the message stand-ins received for this address, as the gateway's /dev/messages lists it. */
    static String messagesTo(String address) throws Exception {
        return expect(200, send("GET", platform().gateway + "/dev/messages?to="
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

    /**
     * A patient registered, consented, screened and approved in intake for this many sessions; the approving
     * clinician is the patient's responsible clinician.
     */
    record Approved(String patientId, String token, String clinicianId, String clinicianToken, String email,
            String phone) {
    }

    static Approved approved(int plannedSessions) throws Exception {
        String patientId = UUID.randomUUID().toString();
        String clinicianId = UUID.randomUUID().toString();
        String admin = platform().token("{\"subject\":\"admin-1\",\"roles\":[\"ADMIN\"]}");
        String patient = platform().token("{\"subject\":\"user-" + patientId + "\",\"roles\":[\"PATIENT\"],\"patientId\":\""
                + patientId + "\"}");
        String clinician = platform().token("{\"subject\":\"" + clinicianId + "\",\"roles\":[\"CLINICIAN\"]}");
        String intake = platform().gateway + "/api/intake";

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
        // The approval reaches scheduling as an event: the plan exists there once it has been handled.
        awaitSend("GET", platform().gateway + "/api/scheduling/patients/" + patientId + "/plan", patient, null, 200);
        return new Approved(patientId, patient, clinicianId, clinician, email, phone);
    }

    /** A clinician an administrator registered, licensed in the patients' jurisdiction; returns their id. */
    static String registeredClinician(String name) throws Exception {
        String id = UUID.randomUUID().toString();
        String admin = platform().token("{\"subject\":\"admin-1\",\"roles\":[\"ADMIN\"]}");
        expect(200, send("PUT", platform().gateway + "/api/intake/clinicians/" + id, admin,
                "{\"displayName\":\"" + name + "\",\"licensedJurisdictions\":[\"US-CA\"]}"));
        return id;
    }

    /** A coach an administrator registered; returns their id. */
    static String registeredCoach(String name) throws Exception {
        String id = UUID.randomUUID().toString();
        String admin = platform().token("{\"subject\":\"admin-1\",\"roles\":[\"ADMIN\"]}");
        expect(200, send("PUT", platform().gateway + "/api/intake/coaches/" + id, admin,
                "{\"displayName\":\"" + name + "\"}"));
        return id;
    }

    /** Publishes a provider's availability once scheduling knows them from the staff directory. */
    static void availability(String providerId, String token, String timeZone, String from, String until,
            String kind) throws Exception {
        awaitSend("PUT", platform().gateway + "/api/scheduling/providers/" + providerId + "/availability", token,
                "{\"timeZone\":\"" + timeZone + "\",\"weekly\":[" + LocalPlatform.everyDay(from, until)
                        + "],\"appointmentTypes\":[\"" + kind + "\"]}", 200);
    }

    /** The coaching appointment scheduling booked after dosing session {@code number}. */
    static String awaitCoaching(String patientId, String patient, int number) throws Exception {
        String url = platform().gateway + "/api/scheduling/appointments?patientId=" + patientId + "&from="
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
        List<ConsumerRecord<byte[], byte[]>> events = platform().events(topic, patientId, type);
        while (events.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(500);
            events = platform().events(topic, patientId, type);
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
        return field(expect(201, send("POST", platform().gateway + "/api/scheduling/appointments", patient,
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
            response = send("POST", platform().gateway + "/api/scheduling/appointments", patient,
                    booking(patientId, providerId, number, start));
            if (response.statusCode() != 201) {
                Thread.sleep(250);
            }
        } while (response.statusCode() != 201 && System.nanoTime() < deadline);
        return field(expect(201, response), "appointmentId");
    }

    /** The session service's URL of the session of this appointment, once the booking has reached it. */
    static String sessionOf(String patientId, String patient, String appointmentId) throws Exception {
        String list = platform().gateway + "/api/sessions/patients/" + patientId;
        java.util.regex.Pattern session = java.util.regex.Pattern.compile(
                "\"sessionId\":\"([^\"]+)\",\"appointmentId\":\"" + appointmentId + "\"");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            java.util.regex.Matcher matcher = session.matcher(expect(200, send("GET", list, patient, null)).body());
            if (matcher.find()) {
                return platform().gateway + "/api/sessions/" + matcher.group(1);
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

    /** An access-log entry as {@link #awaitAccessLog} lists it. */
    static String accessEntry(String service, String actor, String permission, String outcome) {
        return service + " " + actor + " " + permission + " " + outcome;
    }

    private static final java.util.regex.Pattern ITEM = java.util.regex.Pattern.compile("\\{[^{}]*\"service\":\"([^\"]+)\"[^{}]*\"actorId\":\"([^\"]+)\""
            + "[^{}]*\"permission\":\"([^\"]+)\"[^{}]*\"outcome\":\"([^\"]+)\"");

    /** The patient's access log as "service actor permission outcome" lines, once it holds all expected ones. */
    static List<String> awaitAccessLog(String patientId, String patient, List<String> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<String> entries = new java.util.ArrayList<>();
            for (int page = 0; page < 10; page++) {
                String body = expect(200, send("GET", platform().gateway + "/api/intake/patients/" + patientId
                        + "/access-log?page=" + page + "&size=100", patient, null)).body();
                java.util.regex.Matcher matcher = ITEM.matcher(body);
                int found = 0;
                while (matcher.find()) {
                    entries.add(matcher.group(1) + " " + matcher.group(2) + " " + matcher.group(3) + " " + matcher.group(4));
                    found++;
                }
                if (found < 100) {
                    break;
                }
            }
            if (entries.containsAll(expected) || System.nanoTime() > deadline) {
                return entries;
            }
            Thread.sleep(500);
        }
    }
}
