package care.local;

import static care.local.LocalPlatform.expect;
import static care.local.LocalPlatform.field;
import static care.local.LocalPlatform.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Latency of {@code POST /api/scheduling/appointments} through the gateway under concurrent load, on the
 * platform as `./dev-stack up` runs it. Patients with a consultation request book consultation slots of
 * one provider from several threads; every fifth request aims at a slot another patient also wants, so
 * conflicts (409) are part of the load. Not part of the normal build:
 * {@code ./mvnw -B -DskipTests install && ./mvnw -B -o -Pbenchmark -pl deploy/local test}.
 */
@Tag("benchmark")
class BookingLoadBenchmark {

    private static final int PATIENTS = Integer.getInteger("bench.booking.patients", 120);
    private static final int THREADS = Integer.getInteger("bench.booking.threads", 8);

    private static LocalPlatform platform;

    @BeforeAll
    static void startPlatform() throws Exception {
        // Kept after the run, with the applications' logs, for looking into any answer that was not 201 or 409.
        Path state = Path.of("target", "benchmark", "platform").toAbsolutePath();
        deleteRecursively(state);
        Files.createDirectories(state);
        // One client stands for many patients: it mints a development token for each, more than local mode's
        // per-address budget for /dev/tokens allows in a minute. Every patient books with their own token, so the
        // per-caller budgets of the API stay as configured.
        platform = new LocalPlatform(state).start(List.of("gateway", "intake-service", "scheduling-service"),
                Map.of("SPRING_APPLICATION_JSON",
                        "{\"care\":{\"gateway\":{\"rate-limits\":{\"routes\":{\"dev\":{\"write\":{\"limit\":100000}}}}}}}"));
    }

    @AfterAll
    static void stopPlatform() throws InterruptedException {
        if (platform != null) {
            platform.stop();
        }
    }

    record Result(int status, long nanos) {
    }

    @Test
    void bookingLatencyUnderConcurrentLoad() throws Exception {
        String intake = platform.gateway + "/api/intake";
        String providerId = UUID.randomUUID().toString();
        String provider = platform.token("{\"subject\":\"" + providerId + "\",\"roles\":[\"CLINICIAN\"]}");
        // An administrator registers the clinician; scheduling learns it from the staff directory.
        String admin = platform.token("{\"subject\":\"admin-1\",\"roles\":[\"ADMIN\"]}");
        expect(200, send("PUT", intake + "/clinicians/" + providerId, admin,
                "{\"displayName\":\"Dr Load\",\"licensedJurisdictions\":[\"US-CA\"]}"));
        String availability = "{\"timeZone\":\"Etc/UTC\",\"weekly\":[" + LocalPlatform.everyDay("00:00", "23:55")
                + "],\"appointmentTypes\":[\"CONSULTATION\"]}";
        long registered = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (send("PUT", platform.gateway + "/api/scheduling/providers/" + providerId + "/availability", provider,
                availability).statusCode() != 200) {
            assertThat(System.nanoTime()).as("scheduling knows the clinician").isLessThan(registered);
            Thread.sleep(200);
        }

        List<String> patients = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < PATIENTS; i++) {
            String id = UUID.randomUUID().toString();
            String token = platform.token("{\"subject\":\"user-" + i + "\",\"roles\":[\"PATIENT\"],\"patientId\":\"" + id + "\"}");
            expect(201, send("POST", intake + "/patients", token, "{\"givenName\":\"P\",\"familyName\":\"Q\","
                    + "\"dateOfBirth\":\"1990-04-12\",\"email\":\"p" + i + "@example.org\",\"phone\":\"+14155550123\","
                    + "\"jurisdiction\":\"US-CA\",\"timeZone\":\"America/Los_Angeles\"}"));
            expect(201, send("POST", intake + "/patients/" + id + "/consents", token, "{\"type\":\"TREATMENT\",\"granted\":true}"));
            expect(201, send("POST", intake + "/patients/" + id + "/screenings", token,
                    "{\"gad7\":[2,2,2,2,2,1,1],\"phq9\":[1,1,2,1,1,1,0,1,0],\"bloodPressure\":{\"systolic\":124,\"diastolic\":82}}"));
            expect(201, send("POST", intake + "/patients/" + id + "/consultations", token, ""));
            patients.add(id);
            tokens.add(token);
        }
        Instant from = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS);
        List<String> slots = new ArrayList<>();
        for (int page = 0; slots.size() < PATIENTS; page++) {
            Matcher starts = Pattern.compile("\"start\":\"([^\"]+)\"").matcher(expect(200, send("GET", platform.gateway
                    + "/api/scheduling/slots?type=CONSULTATION&providerId=" + providerId + "&from=" + from + "&to="
                    + from.plus(Duration.ofDays(31)) + "&size=200&page=" + page, provider, null)).body());
            int before = slots.size();
            while (starts.find()) {
                slots.add(starts.group(1));
            }
            if (slots.size() == before) {
                break;
            }
        }
        assertThat(slots.size()).isGreaterThanOrEqualTo(PATIENTS);
        // Wait until scheduling has seen the last consultation request.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && send("GET", platform.gateway + "/api/scheduling/slots?type=CONSULTATION&from="
                + from + "&to=" + from.plus(Duration.ofHours(1)), provider, null).statusCode() != 200) {
            Thread.sleep(200);
        }
        Thread.sleep(3000);

        List<Integer> targets = new ArrayList<>();
        for (int i = 0; i < PATIENTS; i++) {
            targets.add(i % 5 == 4 ? i - 1 : i);
        }
        ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        long started = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < PATIENTS; i++) {
            int index = i;
            work.add(threads.submit(() -> {
                String body = "{\"patientId\":\"" + patients.get(index) + "\",\"type\":\"CONSULTATION\",\"providerId\":\""
                        + providerId + "\",\"start\":\"" + slots.get(targets.get(index)) + "\"}";
                long t0 = System.nanoTime();
                HttpResponse<String> response = send("POST", platform.gateway + "/api/scheduling/appointments",
                        tokens.get(index), body);
                results.add(new Result(response.statusCode(), System.nanoTime() - t0));
                return null;
            }));
        }
        for (Future<?> future : work) {
            future.get();
        }
        long elapsed = System.nanoTime() - started;
        threads.shutdown();

        List<Result> all = List.copyOf(results);
        long created = all.stream().filter(r -> r.status() == 201).count();
        long conflicts = all.stream().filter(r -> r.status() == 409).count();
        Set<Integer> distinctTargets = new HashSet<>(targets);
        java.util.Map<Integer, Long> statuses = new java.util.TreeMap<>(all.stream().collect(
                java.util.stream.Collectors.groupingBy(Result::status, java.util.stream.Collectors.counting())));
        assertThat(created).as("one booking per distinct slot; answers by status %s", statuses)
                .isEqualTo(distinctTargets.size());
        assertThat(created + conflicts).as("only 201 and 409").isEqualTo(PATIENTS);

        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "BOOKING LOAD BENCHMARK  %s%n", Instant.now()));
        report.append(String.format(Locale.ROOT, "Machine   : %d processors, Java %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        report.append(String.format(Locale.ROOT, "Setup     : gateway + intake + scheduling processes, Kafka broker process,"
                + " MongoDB-wire store; %d patients, %d client threads, every 5th request contends for a slot%n",
                PATIENTS, THREADS));
        report.append(String.format(Locale.ROOT, "Requests  : %d (%d created, %d conflicts) in %.1f ms = %.1f req/s%n",
                all.size(), created, conflicts, elapsed / 1e6, all.size() / (elapsed / 1e9)));
        report.append(line("all", all)).append(line("201 created", all.stream().filter(r -> r.status() == 201).toList()))
                .append(line("409 conflict", all.stream().filter(r -> r.status() == 409).toList()));
        System.out.print(report);
        Path out = Path.of("target", "benchmark", "booking.txt");
        try {
            Files.createDirectories(out.getParent());
            Files.writeString(out, report.toString());
        } catch (IOException e) {
            System.out.println("could not write " + out);
        }
    }

    private static String line(String label, List<Result> results) {
        List<Long> millis = new ArrayList<>(results.stream().map(r -> r.nanos() / 1_000_000).toList());
        Collections.sort(millis);
        if (millis.isEmpty()) {
            return label + ": none\n";
        }
        return String.format(Locale.ROOT, "%-13s p50 %d ms, p95 %d ms, p99 %d ms, max %d ms (n=%d)%n", label,
                percentile(millis, 50), percentile(millis, 95), percentile(millis, 99), millis.getLast(), millis.size());
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            try (var children = Files.list(path)) {
                for (Path child : children.toList()) {
                    deleteRecursively(child);
                }
            }
        }
        Files.deleteIfExists(path);
    }

    /** Nearest-rank percentile. */
    private static long percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
