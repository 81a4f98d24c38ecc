package care.local;

import static care.local.LocalPlatform.send;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A steady workload through the gateway for the fault suites: each client thread takes one patient after another
 * from registration to a completed dosing session (register, consents, screening, consultation, a clinician's
 * approval of a 4-session plan, the plan scheduling makes of it, a booking of its first session with an {@code Idempotency-Key}, the session the session
 * service makes of the booking, preparation, vitals, start and completion). Every request that changes something
 * and was answered 2xx is recorded as accepted, by the id it created. A request that fails (no answer, 5xx, 429) is
 * retried, with the same {@code Idempotency-Key} where the API takes one; a 4xx after such a failure means the
 * earlier attempt did take effect (nothing is recorded as accepted for it then).
 */
final class FaultWorkload {

    static final ObjectMapper JSON = new ObjectMapper();
    /** How long one step keeps retrying: longer than any fault plus a restart. */
    static final Duration STEP_LIMIT = Duration.ofSeconds(180);

    /** A 2xx answer to a request that changes something: what kind, the id it created, whose. */
    record Accepted(String kind, String id, String patientId) {
    }

    /** A patient of the workload, with their token and contact details. */
    record Patient(String id, String token, String phone) {
    }

    /** Any answer that was not 2xx, for the report and the store case's checks. */
    record Failure(String method, String path, int status, String contentType, String body, long at) {
    }

    private final LocalPlatform platform;
    private final String name;
    private final int threads;
    private final List<Worker> workers;
    final ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    final Map<String, Patient> patients = new ConcurrentHashMap<>();
    final Set<String> completed = ConcurrentHashMap.newKeySet();
    final ConcurrentLinkedQueue<String> abandoned = new ConcurrentLinkedQueue<>();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger unanswered = new AtomicInteger();
    private volatile boolean running;
    private ExecutorService pool;
    private final List<Future<?>> futures = new ArrayList<>();
    private long startedAt;
    private long stoppedAt;

    /** A provider with availability every day, and the clinician who approves, for each client thread. */
    record Worker(String providerId, String providerToken, String clinicianToken, Instant firstDay, AtomicInteger next) {
    }

    FaultWorkload(LocalPlatform platform, String name, int threads, List<Worker> workers) {
        this.platform = platform;
        this.name = name;
        this.threads = threads;
        this.workers = workers;
    }

    /** Registers a supervising clinician with availability and an approving clinician per thread (before any fault). */
    static List<Worker> workers(LocalPlatform platform, int threads) throws Exception {
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String providerId = registeredClinician(platform, "Dr Fault " + i);
            String provider = platform.token("{\"subject\":\"" + providerId + "\",\"roles\":[\"CLINICIAN\"]}");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String availability = "{\"timeZone\":\"Etc/UTC\",\"weekly\":[" + LocalPlatform.everyDay("00:00", "23:55")
                    + "],\"appointmentTypes\":[\"DOSING_SESSION\"]}";
            // Scheduling learns of the clinician from the staff directory's topic.
            while (send("PUT", platform.gateway + "/api/scheduling/providers/" + providerId + "/availability", provider,
                    availability).statusCode() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("scheduling did not learn of the clinician in 60 s");
                }
                Thread.sleep(250);
            }
            String clinicianId = registeredClinician(platform, "Dr Approver " + i);
            String clinician = platform.token("{\"subject\":\"" + clinicianId + "\",\"roles\":[\"CLINICIAN\"]}");
            workers.add(new Worker(providerId, provider, clinician,
                    Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(2)), new AtomicInteger()));
        }
        return workers;
    }

    private static String registeredClinician(LocalPlatform platform, String name) throws Exception {
        String id = UUID.randomUUID().toString();
        String admin = platform.token("{\"subject\":\"admin-1\",\"roles\":[\"ADMIN\"]}");
        LocalPlatform.expect(200, send("PUT", platform.gateway + "/api/intake/clinicians/" + id, admin,
                "{\"displayName\":\"" + name + "\",\"licensedJurisdictions\":[\"US-CA\"]}"));
        return id;
    }

    String name() {
        return name;
    }

    void start() {
        running = true;
        startedAt = System.nanoTime();
        pool = Executors.newFixedThreadPool(threads);
        for (int i = 0; i < threads; i++) {
            Worker worker = workers.get(i);
            futures.add(pool.submit(() -> {
                while (running) {
                    journey(worker);
                }
                return null;
            }));
        }
    }

    /** Lets every thread finish the patient it is on, then stops. */
    void stop() throws Exception {
        running = false;
        for (Future<?> future : futures) {
            future.get(6, TimeUnit.MINUTES);
        }
        pool.shutdown();
        stoppedAt = System.nanoTime();
    }

    double seconds() {
        return (stoppedAt - startedAt) / 1e9;
    }

    List<Accepted> accepted(String kind) {
        return accepted.stream().filter(a -> a.kind().equals(kind)).toList();
    }

    // ---- one patient ---------------------------------------------------------------------------------------

    private void journey(Worker worker) {
        String patientId = UUID.randomUUID().toString();
        try {
            String gateway = platform.gateway;
            String intake = gateway + "/api/intake";
            String token = register(patientId);
            for (String consent : List.of("TREATMENT", "SMS", "EMAIL")) {
                call("POST", intake + "/patients/" + patientId + "/consents", token,
                        "{\"type\":\"" + consent + "\",\"granted\":true}", null);
            }
            call("POST", intake + "/patients/" + patientId + "/screenings", token,
                    "{\"gad7\":[2,2,2,2,2,1,1],\"phq9\":[1,1,2,1,1,1,0,1,0],\"conditions\":[],"
                            + "\"bloodPressure\":{\"systolic\":124,\"diastolic\":82}}", null);
            Answer requested = call("POST", intake + "/patients/" + patientId + "/consultations", token, "", null);
            String consultationId = requested.settled ? consultationOf(worker, patientId)
                    : field(requested.response, "consultationId");
            Answer approved = call("POST", intake + "/consultations/" + consultationId + "/decision",
                    worker.clinicianToken(), "{\"outcome\":\"APPROVED\",\"plannedSessions\":4}", null);
            accept(approved, "approval", patientId, patientId);
            await("GET", gateway + "/api/scheduling/patients/" + patientId + "/plan", token, "\"planId\"");

            int n = worker.next().getAndIncrement();
            Instant start = worker.firstDay().plus(Duration.ofDays(n / 3)).plus(Duration.ofHours(6 + 5L * (n % 3)));
            Answer booked = call("POST", gateway + "/api/scheduling/appointments", token,
                    SystemSteps.booking(patientId, worker.providerId(), 1, start), "book-" + patientId);
            String appointmentId = field(booked.response, "appointmentId");
            accept(booked, "appointment", appointmentId, patientId);

            String session = gateway + "/api/sessions/" + sessionOf(token, patientId, appointmentId);
            call("PUT", session + "/preparation", token, SystemSteps.PREPARED, null);
            call("POST", session + "/vitals", token, SystemSteps.reading("PRE_DOSE", 124, 80), null);
            call("POST", session + "/start", worker.providerToken(), null, null);
            call("POST", session + "/vitals", worker.providerToken(), SystemSteps.reading("DISCHARGE", 126, 82), null);
            long deadline = System.nanoTime() + STEP_LIMIT.toNanos();
            while (true) {
                Answer done = call("POST", session + "/complete", worker.providerToken(), null, null, Set.of(422));
                if (done.response.statusCode() / 100 == 2 && done.response.body().contains("\"status\":\"COMPLETED\"")) {
                    accept(done, "session", session.substring(session.lastIndexOf('/') + 1), patientId);
                    break;
                }
                if (done.settled && send("GET", session, token, null).body().contains("\"status\":\"COMPLETED\"")) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("session not completed: " + done.response.body());
                }
                Thread.sleep(500);
            }
            completed.add(patientId);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            abandoned.add(patientId + ": " + e);
            try {
                Thread.sleep(2000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Registers one more patient (token, registration), recorded like the journeys' registrations; returns the token. */
    String register(String patientId) throws Exception {
        String token = field(call("POST", platform.gateway + "/dev/tokens", null, "{\"subject\":\"user-" + patientId
                + "\",\"roles\":[\"PATIENT\"],\"patientId\":\"" + patientId + "\"}", null).response, "access_token");
        String phone = "+1415" + (5_000_000 + Math.floorMod(patientId.hashCode(), 4_000_000));
        patients.put(patientId, new Patient(patientId, token, phone));
        Answer registered = call("POST", platform.gateway + "/api/intake/patients", token, "{\"givenName\":\"Sam\","
                + "\"familyName\":\"Lee\",\"dateOfBirth\":\"1990-04-12\",\"email\":\"sam." + patientId.substring(0, 8)
                + "@example.org\",\"phone\":\"" + phone + "\",\"jurisdiction\":\"US-CA\","
                + "\"timeZone\":\"America/Los_Angeles\"}", null);
        accept(registered, "patient", patientId, patientId);
        return token;
    }

    private void accept(Answer answer, String kind, String id, String patientId) {
        if (!answer.settled) {
            accepted.add(new Accepted(kind, id, patientId));
        }
    }

    /** The patient's requested consultation, as the approving clinician's work list shows it. */
    private String consultationOf(Worker worker, String patientId) throws Exception {
        Answer list = await("GET", platform.gateway + "/api/intake/consultations?size=200", worker.clinicianToken(),
                patientId);
        for (JsonNode item : items(JSON.readTree(list.response.body()))) {
            if (patientId.equals(item.path("patientId").asText())) {
                return item.path("consultationId").asText();
            }
        }
        throw new IllegalStateException("no consultation listed for the patient");
    }

    private String sessionOf(String token, String patientId, String appointmentId) throws Exception {
        Answer list = await("GET", platform.gateway + "/api/sessions/patients/" + patientId, token, appointmentId);
        for (JsonNode item : items(JSON.readTree(list.response.body()))) {
            if (appointmentId.equals(item.path("appointmentId").asText())) {
                return item.path("sessionId").asText();
            }
        }
        throw new IllegalStateException("no session for the appointment");
    }

    static Iterable<JsonNode> items(JsonNode node) {
        return node.isArray() ? node : node.path("items").isArray() ? node.path("items") : node.path("content");
    }

    // ---- requests with retries -----------------------------------------------------------------------------

    /** An answer; {@code settled} when it was 4xx after an attempt whose outcome is unknown. */
    record Answer(HttpResponse<String> response, boolean settled) {
    }

    private Answer call(String method, String url, String token, String body, String idempotencyKey) throws Exception {
        return call(method, url, token, body, idempotencyKey, Set.of());
    }

    /**
     * Sends until the answer is 2xx (or one of {@code alsoAnswers}); retries on no answer, 5xx and 429. A 4xx on
     * the first attempt fails the step; after a failed attempt it counts as the earlier attempt having taken effect.
     */
    private Answer call(String method, String url, String token, String body, String idempotencyKey,
            Set<Integer> alsoAnswers) throws Exception {
        long deadline = System.nanoTime() + STEP_LIMIT.toNanos();
        boolean unknownOutcome = false;
        while (true) {
            HttpResponse<String> response;
            try {
                requests.incrementAndGet();
                response = idempotencyKey == null ? send(method, url, token, body)
                        : LocalPlatform.send(method, url, token, body, Map.of("Idempotency-Key", idempotencyKey));
            } catch (IOException e) {
                unanswered.incrementAndGet();
                unknownOutcome = true;
                check(deadline, method, url, e.toString());
                Thread.sleep(500);
                continue;
            }
            int status = response.statusCode();
            if (status / 100 == 2 || alsoAnswers.contains(status)) {
                return new Answer(response, false);
            }
            failures.add(new Failure(method, path(url), status,
                    response.headers().firstValue("Content-Type").orElse(""), response.body(), System.nanoTime()));
            if (status >= 500 || status == 429) {
                unknownOutcome = unknownOutcome || !method.equals("GET");
                check(deadline, method, url, status + " " + response.body());
                Thread.sleep(status == 429 ? 1000 : 500);
                continue;
            }
            if (unknownOutcome) {
                return new Answer(response, true);
            }
            throw new IllegalStateException(method + " " + path(url) + " answered " + status + ": " + response.body());
        }
    }

    /** Reads until the answer is 200 and contains {@code part} (what travels through Kafka takes a moment). */
    private Answer await(String method, String url, String token, String part) throws Exception {
        long deadline = System.nanoTime() + STEP_LIMIT.toNanos();
        while (true) {
            HttpResponse<String> response;
            try {
                requests.incrementAndGet();
                response = send(method, url, token, null);
            } catch (IOException e) {
                unanswered.incrementAndGet();
                check(deadline, method, url, e.toString());
                Thread.sleep(500);
                continue;
            }
            if (response.statusCode() == 200 && response.body().contains(part)) {
                return new Answer(response, false);
            }
            if (response.statusCode() >= 500 || response.statusCode() == 429) {
                failures.add(new Failure(method, path(url), response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(""), response.body(), System.nanoTime()));
            }
            check(deadline, method, url, response.statusCode() + " " + response.body());
            Thread.sleep(500);
        }
    }

    private static void check(long deadline, String method, String url, String last) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(method + " " + path(url) + " did not succeed in " + STEP_LIMIT.toSeconds()
                    + " s; last: " + last);
        }
    }

    static String path(String url) {
        return url.replaceFirst("^https?://[^/]+", "").replaceFirst("\\?.*$", "");
    }

    static String field(HttpResponse<String> response, String name) throws IOException {
        String value = JSON.readTree(response.body()).path(name).asText(null);
        if (value == null) {
            throw new IllegalStateException("no " + name + " in " + response.statusCode() + " " + response.body());
        }
        return value;
    }
}
