package care.local;

import static care.local.LocalPlatform.expect;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Throughput and latency of {@code POST /api/scheduling/appointments} through the gateway under concurrent load,
 * on the platform as `./dev-stack up` runs it (gateway, intake and scheduling processes, a Kafka broker process,
 * the MongoDB-wire store), with the same run's plain {@code GET} through the gateway as the floor. Patients with a
 * consultation request book consultation slots from {@code bench.booking.threads} clients at once; every fifth
 * request aims at a slot another patient also wants, so conflicts (409) are part of the load. Both phases are
 * measured after a warm-up of the same kind of request. The applications run with the JIT's full optimisation
 * (not the fast-start settings of the system tests). Not part of the normal build:
 * {@code ./mvnw -B -DskipTests install && ./mvnw -B -o -Pbenchmark -pl deploy/local test -Dtest=BookingLoadBenchmark}.
 */
@Tag("benchmark")
class BookingLoadBenchmark {

    private static final int PATIENTS = Integer.getInteger("bench.booking.patients", 2000);
    private static final int WARMUP = Integer.getInteger("bench.booking.warmup", 400);
    private static final int THREADS = Integer.getInteger("bench.booking.threads", 32);
    private static final int GETS = Integer.getInteger("bench.get.requests", 5000);
    /** A clinician's consultation slots in the 31 days the benchmark books: one an hour, every day. */
    private static final int SLOTS_PER_PROVIDER = 600;

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
        platform = new LocalPlatform(state).withJvmOptions(LocalPlatform.THROUGHPUT_JVM).start(
                List.of("gateway", "intake-service", "scheduling-service"), Map.of("SPRING_APPLICATION_JSON",
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

    record Patient(String id, String token) {
    }

    @Test
    void bookingThroughputAndLatencyUnderConcurrentLoad() throws Exception {
        String intake = platform.gateway + "/api/intake";
        String admin = platform.token("{\"subject\":\"admin-1\",\"roles\":[\"ADMIN\"]}");
        int total = WARMUP + PATIENTS;
        List<String> providers = new ArrayList<>();
        List<String> providerTokens = new ArrayList<>();
        for (int i = 0; i < (total + SLOTS_PER_PROVIDER - 1) / SLOTS_PER_PROVIDER; i++) {
            String providerId = UUID.randomUUID().toString();
            providers.add(providerId);
            providerTokens.add(platform.token("{\"subject\":\"" + providerId + "\",\"roles\":[\"CLINICIAN\"]}"));
            // An administrator registers the clinician; scheduling learns it from the staff directory.
            expect(200, send("PUT", intake + "/clinicians/" + providerId, admin,
                    "{\"displayName\":\"Dr Load " + i + "\",\"licensedJurisdictions\":[\"US-CA\"]}"));
        }
        String availability = "{\"timeZone\":\"Etc/UTC\",\"weekly\":[" + LocalPlatform.everyDay("00:00", "23:55")
                + "],\"appointmentTypes\":[\"CONSULTATION\"]}";
        for (int i = 0; i < providers.size(); i++) {
            long registered = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (send("PUT", platform.gateway + "/api/scheduling/providers/" + providers.get(i) + "/availability",
                    providerTokens.get(i), availability).statusCode() != 200) {
                assertThat(System.nanoTime()).as("scheduling knows the clinician").isLessThan(registered);
                Thread.sleep(200);
            }
        }

        // Patients register, consent, screen and ask for a consultation, from all clients at once.
        long setupStarted = System.nanoTime();
        List<Patient> patients = concurrently(total, index -> {
            String id = UUID.randomUUID().toString();
            String token = platform.token("{\"subject\":\"user-" + index + "\",\"roles\":[\"PATIENT\"],\"patientId\":\"" + id + "\"}");
            expect(201, send("POST", intake + "/patients", token, "{\"givenName\":\"P\",\"familyName\":\"Q\","
                    + "\"dateOfBirth\":\"1990-04-12\",\"email\":\"p" + index + "@example.org\",\"phone\":\"+14155550123\","
                    + "\"jurisdiction\":\"US-CA\",\"timeZone\":\"America/Los_Angeles\"}"));
            expect(201, send("POST", intake + "/patients/" + id + "/consents", token, "{\"type\":\"TREATMENT\",\"granted\":true}"));
            expect(201, send("POST", intake + "/patients/" + id + "/screenings", token,
                    "{\"gad7\":[2,2,2,2,2,1,1],\"phq9\":[1,1,2,1,1,1,0,1,0],\"bloodPressure\":{\"systolic\":124,\"diastolic\":82}}"));
            expect(201, send("POST", intake + "/patients/" + id + "/consultations", token, ""));
            return new Patient(id, token);
        });
        double setupSeconds = (System.nanoTime() - setupStarted) / 1e9;

        Instant from = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS);
        List<String[]> slots = new ArrayList<>();
        for (int i = 0; i < providers.size(); i++) {
            List<String> starts = new ArrayList<>();
            for (int page = 0; starts.size() < SLOTS_PER_PROVIDER; page++) {
                Matcher found = Pattern.compile("\"start\":\"([^\"]+)\"").matcher(expect(200, send("GET", platform.gateway
                        + "/api/scheduling/slots?type=CONSULTATION&providerId=" + providers.get(i) + "&from=" + from + "&to="
                        + from.plus(Duration.ofDays(31)) + "&size=200&page=" + page, providerTokens.get(i), null)).body());
                int before = starts.size();
                while (found.find() && starts.size() < SLOTS_PER_PROVIDER) {
                    starts.add(found.group(1));
                }
                if (starts.size() == before) {
                    break;
                }
            }
            String providerId = providers.get(i);
            starts.forEach(start -> slots.add(new String[] {providerId, start}));
        }
        assertThat(slots.size()).as("consultation slots").isGreaterThanOrEqualTo(total);

        List<Integer> targets = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            targets.add(i % 5 == 4 ? i - 1 : i);
        }
        gets(patients, GETS / 2);
        long getStarted = System.nanoTime();
        List<Result> getResults = gets(patients, GETS);
        long getElapsed = System.nanoTime() - getStarted;

        // Scheduling learns of the consultation requests from intake's events, in order per partition: the warm-up
        // books for the patients set up last, asking again while scheduling has not seen their request yet (422
        // consultation-not-requested); once they are booked, the requests of the measured patients have arrived too.
        bookings(patients, slots, targets, PATIENTS, total, true);
        Thread.sleep(3000);
        long started = System.nanoTime();
        List<Result> all = bookings(patients, slots, targets, 0, PATIENTS, false);
        long elapsed = System.nanoTime() - started;

        long created = all.stream().filter(r -> r.status() == 201).count();
        long conflicts = all.stream().filter(r -> r.status() == 409).count();
        Set<Integer> distinctTargets = new HashSet<>(targets.subList(0, PATIENTS));
        Map<Integer, Long> statuses = new TreeMap<>(all.stream().collect(
                Collectors.groupingBy(Result::status, Collectors.counting())));
        assertThat(created).as("one booking per distinct slot; answers by status %s", statuses)
                .isEqualTo(distinctTargets.size());
        assertThat(created + conflicts).as("only 201 and 409").isEqualTo(PATIENTS);
        assertThat(getResults).allMatch(result -> result.status() == 200);

        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "BOOKING LOAD BENCHMARK  %s%n", Instant.now()));
        report.append(String.format(Locale.ROOT, "Machine   : %d processors, Java %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        report.append(String.format(Locale.ROOT, "Setup     : gateway + intake + scheduling processes (%s), Kafka broker"
                + " process, MongoDB-wire store; %d client threads; %d patients set up in %.1f s%n",
                String.join(" ", LocalPlatform.THROUGHPUT_JVM), THREADS, total, setupSeconds));
        report.append(String.format(Locale.ROOT, "GET floor : GET /api/scheduling/caller through the gateway, %d requests"
                + " after %d warm-up: %.1f req/s%n", getResults.size(), GETS / 2, getResults.size() / (getElapsed / 1e9)));
        report.append(line("  GET 200", getResults));
        report.append(String.format(Locale.ROOT, "Bookings  : %d after %d warm-up (%d created, %d conflicts, every 5th"
                + " request contends for a slot) in %.1f ms = %.1f req/s%n", all.size(), WARMUP, created, conflicts,
                elapsed / 1e6, all.size() / (elapsed / 1e9)));
        report.append(line("  all", all)).append(line("  201 created", all.stream().filter(r -> r.status() == 201).toList()))
                .append(line("  409 conflict", all.stream().filter(r -> r.status() == 409).toList()));
        report.append(String.format(Locale.ROOT, "Targets   : bookings >= 500 req/s and p99 < 50 ms with 32 clients%n"));
        System.out.print(report);
        Path out = Path.of("target", "benchmark", "booking.txt");
        try {
            Files.createDirectories(out.getParent());
            Files.writeString(out, report.toString());
        } catch (IOException e) {
            System.out.println("could not write " + out);
        }
    }

    private static List<Result> gets(List<Patient> patients, int count) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
        concurrently(THREADS, thread -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                Patient patient = patients.get(i % patients.size());
                long t0 = System.nanoTime();
                HttpResponse<String> response = send("GET", platform.gateway + "/api/scheduling/caller", patient.token(), null);
                results.add(new Result(response.statusCode(), System.nanoTime() - t0));
            }
            return null;
        });
        return List.copyOf(results);
    }

    private static List<Result> bookings(List<Patient> patients, List<String[]> slots, List<Integer> targets, int from,
            int to, boolean untilRequested) throws Exception {
        AtomicInteger next = new AtomicInteger(from);
        ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
        concurrently(THREADS, thread -> {
            for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                String[] slot = slots.get(targets.get(i));
                String body = "{\"patientId\":\"" + patients.get(i).id() + "\",\"type\":\"CONSULTATION\",\"providerId\":\""
                        + slot[0] + "\",\"start\":\"" + slot[1] + "\"}";
                long t0 = System.nanoTime();
                HttpResponse<String> response = send("POST", platform.gateway + "/api/scheduling/appointments",
                        patients.get(i).token(), body);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (untilRequested && response.statusCode() == 422 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    response = send("POST", platform.gateway + "/api/scheduling/appointments", patients.get(i).token(), body);
                }
                results.add(new Result(response.statusCode(), System.nanoTime() - t0));
            }
            return null;
        });
        return List.copyOf(results);
    }

    interface Task<T> {
        T run(int index) throws Exception;
    }

    /** Runs the task for 0..count-1 on the benchmark's client threads; the results in index order. */
    private static <T> List<T> concurrently(int count, Task<T> task) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(THREADS, count));
        try {
            List<Future<T>> work = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                work.add(threads.submit(() -> task.run(index)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : work) {
                results.add(future.get());
            }
            return results;
        } finally {
            threads.shutdown();
        }
    }

    private static String line(String label, List<Result> results) {
        List<Long> micros = new ArrayList<>(results.stream().map(r -> r.nanos() / 1_000).toList());
        Collections.sort(micros);
        if (micros.isEmpty()) {
            return label + ": none\n";
        }
        return String.format(Locale.ROOT, "%-15s p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)%n", label,
                percentile(micros, 50) / 1000.0, percentile(micros, 95) / 1000.0, percentile(micros, 99) / 1000.0,
                micros.getLast() / 1000.0, micros.size());
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
