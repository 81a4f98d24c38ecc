package care.scheduling.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import care.contracts.Topics;
import care.contracts.intake.EligibilityApproved;
import care.contracts.intake.PatientRegistered;
import care.kit.security.Role;
import care.kit.test.AccessFixture;
import care.kit.test.Api;
import care.kit.test.MovableClock;
import care.kit.test.MovableClockConfiguration;
import care.kit.test.ServiceIntegrationTest;
import care.kit.test.TestEvents;
import care.kit.test.TestIssuer;
import care.kit.test.TopicRecorder;
import care.kit.test.TopicRecorder.Received;
import care.scheduling.booking.DosingSchedule.Reservation;
import care.scheduling.plan.TreatmentPlan;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fifty simultaneous bookings, reschedules and cancellations of one patient's dosing sessions, through the API,
 * on the real broker and store: what is committed keeps the pacing rules, every accepted change is committed and
 * published once, every refused one is a problem.
 */
@org.junit.jupiter.api.Tag("integration")
@ServiceIntegrationTest
@Import(MovableClockConfiguration.class)
class DosingScheduleConcurrencyIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static TopicRecorder recorder;
    static TestEvents events;

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MovableClock clock;
    @Autowired
    DosingSchedules schedules;
    @Autowired
    care.scheduling.pacing.PacingPolicy policy;

    final TestIssuer issuer = TestIssuer.get();
    final String coordinator = issuer.token("coord-1", Role.COORDINATOR);

    @BeforeAll
    static void start() {
        recorder = new TopicRecorder(List.of(Topics.SCHEDULING_EVENTS));
        events = new TestEvents();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        recorder.close();
        events.close();
        recorder.assertEveryEventMatchesItsSchema(Topics.SCHEDULING_EVENTS);
    }

    Api api() {
        return new Api(port);
    }

    /** A registered clinician of US-CA, available every day 06:00–22:00 UTC for dosing. */
    String provider(AccessFixture access) {
        String id = access.clinician("US-CA");
        String weekly = List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY").stream()
                .map(day -> "{\"day\":\"" + day + "\",\"start\":\"06:00\",\"end\":\"22:00\"}")
                .collect(Collectors.joining(","));
        HttpResponse<String> put = api().put("/api/scheduling/providers/" + id + "/availability", coordinator,
                "{\"timeZone\":\"Etc/UTC\",\"weekly\":[" + weekly + "],\"appointmentTypes\":[\"DOSING_SESSION\"]}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        return id;
    }

    Instant day(int daysAhead, int hour) {
        return clock.instant().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(daysAhead)).plus(Duration.ofHours(hour));
    }

    String token(UUID patient) {
        return issuer.patientToken("user-" + patient, patient.toString());
    }

    HttpResponse<String> book(UUID patient, String provider, Instant start, int session) {
        return api().post("/api/scheduling/appointments", token(patient), "{\"patientId\":\"" + patient
                + "\",\"type\":\"DOSING_SESSION\",\"providerId\":\"" + provider + "\",\"start\":\"" + start
                + "\",\"sessionNumber\":" + session + "}");
    }

    /** One of the simultaneous requests, and its answer. */
    record Change(String action, String appointmentId, Instant start, Integer session, int status, JsonNode body) {
    }

    @Test
    void fiftySimultaneousChangesOfOnePatientsDosingSessionsKeepThePacingRules() throws Exception {
        AccessFixture access = new AccessFixture(events, mongo);
        List<String> providers = List.of(provider(access), provider(access), provider(access));
        UUID patient = UUID.randomUUID();
        events.publish(new PatientRegistered(UUID.randomUUID(), patient, Instant.now(), UUID.randomUUID(), "US-CA"));
        events.publish(new EligibilityApproved(UUID.randomUUID(), patient, Instant.now(), UUID.randomUUID(),
                UUID.randomUUID(), UUID.randomUUID(), 8, "1.0", List.of()));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> mongo.exists(
                Query.query(Criteria.where("patientId").is(patient.toString())), TreatmentPlan.class));

        // Session 1 soon and session 8 far off. Each booking of sessions 2 to 7 below, each move of session 1 and
        // each cancellation is allowed against this state alone; many of them together break a rule (two sessions
        // within 48 h, three in seven days, sessions out of order), so only a check against the state they are
        // committed with keeps the schedule within the rules.
        List<String> initial = new ArrayList<>();
        int[][] initialSessions = {{1, 3}, {8, 30}};
        for (int[] session : initialSessions) {
            HttpResponse<String> booked = book(patient, providers.get(session[0] % 3), day(session[1], 10), session[0]);
            assertThat(booked.statusCode()).as(booked.body()).isEqualTo(201);
            initial.add(Api.json(booked).path("appointmentId").asString());
        }

        Random random = new Random(4711);
        List<java.util.concurrent.Callable<Change>> requests = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int kind = i % 10;
            String provider = providers.get(random.nextInt(providers.size()));
            if (kind < 5) {
                int session = 2 + i % 6;
                Instant start = day(5 + random.nextInt(7), 8 + 4 * random.nextInt(3));
                requests.add(() -> answer("book", null, start, session, book(patient, provider, start, session)));
            } else if (kind < 8) {
                boolean first = random.nextInt(3) > 0;
                String appointment = initial.get(first ? 0 : 1);
                Instant start = first ? day(2 + random.nextInt(4), 8 + 4 * random.nextInt(3))
                        : day(14 + random.nextInt(14), 8 + 4 * random.nextInt(3));
                requests.add(() -> answer("reschedule", appointment, start, null, api().post(
                        "/api/scheduling/appointments/" + appointment + "/reschedule", token(patient),
                        "{\"start\":\"" + start + "\"}")));
            } else {
                String appointment = initial.get(1);
                requests.add(() -> answer("cancel", appointment, null, null, api().post(
                        "/api/scheduling/appointments/" + appointment + "/cancel", token(patient),
                        "{\"reason\":\"PATIENT_REQUEST\"}")));
            }
        }
        ExecutorService threads = Executors.newFixedThreadPool(requests.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Change>> pending = new ArrayList<>();
        for (java.util.concurrent.Callable<Change> request : requests) {
            pending.add(threads.submit(() -> {
                go.await();
                return request.call();
            }));
        }
        long began = System.nanoTime();
        go.countDown();
        List<Change> changes = new ArrayList<>();
        for (Future<Change> answer : pending) {
            changes.add(answer.get());
        }
        threads.shutdown();
        System.out.printf("50 simultaneous dosing changes answered in %d ms%n", (System.nanoTime() - began) / 1_000_000);

        // Every answer is a success or a problem: 409 (a conflict) or 422 (a rule), never a server error.
        for (Change change : changes) {
            assertThat(change.status()).as("%s", change).isIn(200, 201, 409, 422);
            if (change.status() >= 400) {
                assertThat(change.body().path("type").asString()).as("%s", change).startsWith("urn:care:problem:");
                assertThat(change.body().path("status").asInt()).isEqualTo(change.status());
            }
        }
        Map<String, Long> byOutcome = changes.stream().collect(Collectors.groupingBy(
                change -> change.action() + " " + change.status() + " "
                        + change.body().path("type").asString().replace("urn:care:problem:", ""),
                Collectors.counting()));
        System.out.println("Outcomes: " + byOutcome);
        assertThat(changes).as("some changes were accepted").anyMatch(change -> change.status() < 300);
        assertThat(changes).as("some changes were refused by a pacing rule")
                .anyMatch(change -> change.status() == 422);

        // The committed schedule keeps every pacing rule.
        List<Appointment> dosing = mongo.find(Query.query(Criteria.where("patientId").is(patient.toString())
                .and("kind").is("DOSING_SESSION")), Appointment.class);
        List<Appointment> live = dosing.stream().filter(appointment -> appointment.status == Appointment.Status.BOOKED
                || appointment.status == Appointment.Status.FULFILLED).toList();
        DosingScheduleTest.assertWithinPacing(live.stream().map(appointment -> new Reservation(appointment.id,
                appointment.planId, appointment.sessionNumber, appointment.start, null)).toList());

        // The guard agrees with the appointments, with nothing left pending.
        DosingSchedule guard = mongo.findById(patient.toString(), DosingSchedule.class);
        assertThat(guard.sessions()).allMatch(session -> session.pending() == null);
        assertThat(guard.sessions()).extracting(Reservation::appointmentId, Reservation::start)
                .containsExactlyInAnyOrderElementsOf(live.stream()
                        .map(appointment -> org.assertj.core.groups.Tuple.tuple(appointment.id, appointment.start))
                        .toList());

        // Every accepted change is committed.
        Map<String, Appointment> stored = dosing.stream().collect(Collectors.toMap(a -> a.id, a -> a));
        List<String> bookedIds = new ArrayList<>(initial);
        for (Change change : changes) {
            if (change.action().equals("book") && change.status() == 201) {
                Appointment appointment = stored.get(change.body().path("appointmentId").asString());
                assertThat(appointment).as("%s", change).isNotNull();
                assertThat(appointment.status).isEqualTo(Appointment.Status.BOOKED);
                assertThat(appointment.start).isEqualTo(change.start());
                assertThat(appointment.sessionNumber).isEqualTo(change.session());
                bookedIds.add(appointment.id);
            }
            if (change.action().equals("reschedule") && change.status() == 200) {
                assertThat(change.body().path("start").asString()).isEqualTo(change.start().toString());
            }
        }
        for (String appointment : initial) {
            long cancelled = changes.stream().filter(change -> change.action().equals("cancel")
                    && change.appointmentId().equals(appointment) && change.status() == 200).count();
            assertThat(cancelled).isLessThanOrEqualTo(1);
            assertThat(stored.get(appointment).status).isEqualTo(cancelled == 1 ? Appointment.Status.CANCELLED
                    : Appointment.Status.BOOKED);
        }
        assertThat(live).hasSize((int) dosing.stream().filter(a -> a.status == Appointment.Status.BOOKED).count());

        // The events tell the same story: each booking once, each accepted move and cancellation once, and
        // replayed in order they end in the committed schedule.
        Map<String, Long> acceptedMoves = changes.stream().filter(change -> change.action().equals("reschedule")
                && change.status() == 200).collect(Collectors.groupingBy(Change::appointmentId, Collectors.counting()));
        long acceptedCancels = changes.stream().filter(c -> c.action().equals("cancel") && c.status() == 200).count();
        long expected = bookedIds.size() + acceptedMoves.values().stream().mapToLong(Long::longValue).sum()
                + acceptedCancels;
        java.util.function.Predicate<Received> appointmentEvents = record -> patient.toString().equals(record.key())
                && record.type().startsWith("care.scheduling.Appointment");
        recorder.await(appointmentEvents, (int) expected, WAIT);
        org.awaitility.Awaitility.await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
        List<Received> published = recorder.matching(appointmentEvents);
        published = published.stream().sorted(java.util.Comparator.comparingInt(Received::partition)
                .thenComparingLong(Received::offset)).toList();
        assertThat(published).hasSize((int) expected);

        Map<String, Instant> replayed = new LinkedHashMap<>();
        Map<String, Long> moves = new HashMap<>();
        List<String> bookedEvents = new ArrayList<>();
        for (Received record : published) {
            JsonNode event = JSON.readTree(record.value());
            String appointment = event.path("appointmentId").asString();
            switch (record.type()) {
                case "care.scheduling.AppointmentBooked.v1" -> {
                    bookedEvents.add(appointment);
                    replayed.put(appointment, Instant.parse(event.path("startsAt").asString()));
                }
                case "care.scheduling.AppointmentRescheduled.v1" -> {
                    assertThat(replayed).containsKey(appointment);
                    assertThat(Instant.parse(event.path("previousStartsAt").asString()))
                            .isEqualTo(replayed.get(appointment));
                    replayed.put(appointment, Instant.parse(event.path("startsAt").asString()));
                    moves.merge(appointment, 1L, Long::sum);
                }
                case "care.scheduling.AppointmentCancelled.v1" -> assertThat(replayed.remove(appointment)).isNotNull();
                default -> throw new AssertionError("unexpected event " + record.type());
            }
        }
        assertThat(bookedEvents).containsExactlyInAnyOrderElementsOf(bookedIds);
        assertThat(moves).isEqualTo(acceptedMoves);
        assertThat(replayed).isEqualTo(live.stream().collect(Collectors.toMap(a -> a.id, a -> a.start)));
        assertThat(Set.copyOf(bookedIds)).hasSize(bookedIds.size());
    }

    /**
     * The service stopped between reserving a change in the schedule and writing its appointment (or between
     * writing the appointment and confirming the reservation). The next change of the schedule settles each such
     * change once it is stale: an appointment never written is fenced and its reservation dropped, one written
     * is confirmed; a late writer can no longer write.
     */
    @Test
    void changesWhoseWriterStoppedAreSettledByTheNextChange() {
        AccessFixture access = new AccessFixture(events, mongo);
        String provider = provider(access);
        UUID patient = UUID.randomUUID();
        events.publish(new PatientRegistered(UUID.randomUUID(), patient, Instant.now(), UUID.randomUUID(), "US-CA"));
        events.publish(new EligibilityApproved(UUID.randomUUID(), patient, Instant.now(), UUID.randomUUID(),
                UUID.randomUUID(), UUID.randomUUID(), 6, "1.0", List.of()));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> mongo.exists(
                Query.query(Criteria.where("patientId").is(patient.toString())), TreatmentPlan.class));
        HttpResponse<String> first = book(patient, provider, day(3, 10), 1);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        String session1 = Api.json(first).path("appointmentId").asString();
        Appointment beforeMove = mongo.findById(session1, Appointment.class);
        String planId = beforeMove.planId;

        // A move of session 1 and a booking of session 2 reserved a minute ago, neither appointment written.
        String neverWritten = UUID.randomUUID().toString();
        Instant aMinuteAgo = clock.instant().minusSeconds(60);
        DosingSchedule guard = mongo.findById(patient.toString(), DosingSchedule.class);
        guard.sessions = new ArrayList<>(List.of(
                new Reservation(session1, planId, 1, day(3, 10), new DosingSchedule.Pending("stopped-move",
                        DosingSchedule.ChangeKind.MOVE, day(4, 10), beforeMove.version, aMinuteAgo)),
                new Reservation(neverWritten, planId, 2, day(6, 10), new DosingSchedule.Pending("stopped-booking",
                        DosingSchedule.ChangeKind.BOOK, day(6, 10), null, aMinuteAgo))));
        mongo.save(guard);

        // Session 2 at the time the stopped booking reserved: allowed once that booking is settled.
        HttpResponse<String> second = book(patient, provider, day(6, 10), 2);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        String session2 = Api.json(second).path("appointmentId").asString();

        guard = mongo.findById(patient.toString(), DosingSchedule.class);
        assertThat(guard.sessions()).containsExactlyInAnyOrder(
                new Reservation(session1, planId, 1, day(3, 10), null),
                new Reservation(session2, planId, 2, day(6, 10), null));
        assertThat(mongo.findById(neverWritten, Appointment.class).isVoid()).isTrue();
        assertThat(api().post("/api/scheduling/appointments/" + neverWritten + "/cancel", coordinator,
                "{\"reason\":\"PATIENT_REQUEST\"}").statusCode()).as("a void appointment is not found").isEqualTo(404);
        Appointment fenced = mongo.findById(session1, Appointment.class);
        assertThat(fenced.start).isEqualTo(day(3, 10));
        assertThat(fenced.version).isEqualTo(beforeMove.version + 1);

        // Late writers are refused by the store.
        Appointment lateBooking = Appointment.voided(neverWritten);
        lateBooking.voided = null;
        lateBooking.claims = new ArrayList<>(List.of("late:" + neverWritten));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> mongo.insert(lateBooking))
                .isInstanceOf(org.springframework.dao.DuplicateKeyException.class);
        beforeMove.start = day(4, 10);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> mongo.save(beforeMove))
                .isInstanceOf(org.springframework.dao.OptimisticLockingFailureException.class);

        // A booking whose appointment was written before its writer stopped is confirmed.
        guard.sessions = new ArrayList<>(List.of(new Reservation(session1, planId, 1, day(3, 10), null),
                new Reservation(session2, planId, 2, day(6, 10), new DosingSchedule.Pending("written-booking",
                        DosingSchedule.ChangeKind.BOOK, day(6, 10), null, aMinuteAgo))));
        mongo.save(guard);
        HttpResponse<String> moved = api().post("/api/scheduling/appointments/" + session1 + "/reschedule",
                token(patient), "{\"start\":\"" + day(2, 10) + "\"}");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        assertThat(mongo.findById(patient.toString(), DosingSchedule.class).sessions()).containsExactlyInAnyOrder(
                new Reservation(session1, planId, 1, day(2, 10), null),
                new Reservation(session2, planId, 2, day(6, 10), null));
    }

    /**
     * Two changes read the same version of the schedule; the other one writes first. The loser's write is refused
     * by the store, and the loser is read again and checked against the winner: here it breaks the minimum gap.
     * Both when the schedule is created by the race and when it is updated.
     */
    @Test
    void aChangeThatLosesTheRaceIsCheckedAgainstTheWinner() {
        for (boolean existing : new boolean[] {false, true}) {
            String patient = UUID.randomUUID().toString();
            if (existing) {
                schedules.change(patient, schedule -> {
                    schedule.reserveBooking(policy, "earlier", "earlier-plan", 1, day(3, 10), "c0", clock.instant());
                    return true;
                });
            }
            java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> schedules.change(patient, schedule -> {
                int attempt = attempts.incrementAndGet();
                schedule.reserveBooking(policy, "loser", "plan", 1, day(3, 10), "c1", clock.instant());
                if (attempt == 1) {
                    schedules.change(patient, other -> {
                        other.reserveBooking(policy, "winner", "plan", 2, day(4, 10), "c2", clock.instant());
                        return true;
                    });
                }
                return true;
            })).isInstanceOfSatisfying(care.kit.domain.Refusal.class, refusal -> {
                assertThat(refusal.kind()).isEqualTo(care.kit.domain.Refusal.Kind.RULE);
                assertThat(refusal.type()).isEqualTo("minimum-gap-between-dosing");
            });

            assertThat(attempts).hasValue(2);
            assertThat(mongo.findById(patient, DosingSchedule.class).sessions()).extracting(Reservation::appointmentId)
                    .containsExactlyInAnyOrderElementsOf(existing ? List.of("earlier", "winner") : List.of("winner"));
        }
    }

    private static Change answer(String action, String appointmentId, Instant start, Integer session,
            HttpResponse<String> response) {
        JsonNode body = response.body() == null || response.body().isBlank() ? JSON.createObjectNode()
                : JSON.readTree(response.body());
        return new Change(action, appointmentId, start, session, response.statusCode(), body);
    }
}
