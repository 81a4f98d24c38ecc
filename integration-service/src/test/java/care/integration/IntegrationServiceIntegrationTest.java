package care.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import com.mongodb.client.model.Filters;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import care.contracts.Topics;
import care.contracts.intake.CareTeamChanged;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.scheduling.TreatmentPlanCreated;
import care.contracts.session.SessionCompleted;
import care.integration.program.CarePath;
import care.kit.audit.AuditTrail;
import care.kit.security.Role;
import care.kit.test.AccessFixture;
import care.kit.test.PlatformServiceContract;
import care.kit.test.TestEvents;
import care.kit.test.TestIssuer;
import care.kit.test.TopicRecorder;
import care.kit.test.TopicRecorder.Received;

/**
 * Boots the integration service against the real test broker and store and checks the platform contract; and
 * the patient's coach as the care team intake publishes it names them: announced to scheduling once per change,
 * and the only coach with access to the patient's journal.
 */
@org.junit.jupiter.api.Tag("integration")
class IntegrationServiceIntegrationTest extends PlatformServiceContract {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String JOURNAL_TEXT = "Slept through the night for the first time in weeks";

    static TestEvents events;
    static TopicRecorder integration;

    final TestIssuer issuer = TestIssuer.get();

    IntegrationServiceIntegrationTest() {
        super("/api/integration");
    }

    @BeforeAll
    static void connect() {
        events = new TestEvents();
        integration = new TopicRecorder(List.of(Topics.INTEGRATION_EVENTS));
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        events.close();
        integration.close();
        integration.assertEveryEventMatchesItsSchema(Topics.INTEGRATION_EVENTS);
    }

    @Test
    void theCareTeamsCoachIsAnnouncedOncePerChangeAndClearedWhenRemoved() {
        AccessFixture access = new AccessFixture(events, mongo);
        UUID patient = UUID.randomUUID();
        UUID clinician = UUID.fromString(access.clinician());
        UUID first = UUID.fromString(access.coach());
        UUID second = UUID.fromString(access.coach());

        // The first coach: the care path is created for them. Delivered twice, announced once.
        CareTeamChanged withFirst = team(patient, 1, CareTeamChanged.Change.MEMBER_ADDED, first, clinician, first);
        events.publish(withFirst);
        events.publish(withFirst);
        // Another coach takes over; the first team, delivered late, is older and changes nothing.
        events.publish(team(patient, 2, CareTeamChanged.Change.MEMBER_ADDED, second, clinician, second));
        events.publish(withFirst);
        List<Received> announced = coachAssigned(patient, 2);
        assertThat(announced.get(0).value()).contains("\"coachId\":\"" + first + "\"", "\"previousCoachId\":null");
        assertThat(announced.get(1).value()).contains("\"coachId\":\"" + second + "\"",
                "\"previousCoachId\":\"" + first + "\"");

        // The coach leaves the team: the patient has no coach (nothing to announce), whatever is delivered again.
        CareTeamChanged removed = team(patient, 3, CareTeamChanged.Change.MEMBER_REMOVED, second, clinician, null);
        events.publish(removed);
        events.publish(removed);
        Awaitility.await().atMost(WAIT).until(() -> coachOf(patient) == null);

        // The first coach returns; by then every delivery before has been handled: one announcement per change.
        events.publish(team(patient, 4, CareTeamChanged.Change.MEMBER_ADDED, first, clinician, first));
        announced = coachAssigned(patient, 3);
        assertThat(announced.get(2).value()).contains("\"coachId\":\"" + first + "\"", "\"previousCoachId\":null");
        assertThat(coachOf(patient)).isEqualTo(first.toString());
        assertThat(mongo.getCollection("care_paths").find(Filters.eq("_id", patient.toString())).first()
                .getList("handledEvents", String.class)).contains(withFirst.eventId().toString(),
                        removed.eventId().toString());
        assertThat(integration.matching(r -> patient.toString().equals(r.key()))).extracting(Received::type)
                .containsOnly("care.integration.CoachAssigned.v1").hasSize(3);
    }

    @Test
    void aCoachRemovedFromTheCareTeamLosesAccessWithinSeconds() {
        AccessFixture access = new AccessFixture(events, mongo);
        String patient = UUID.randomUUID().toString();
        String clinician = access.clinician();
        String coach = access.coach();
        String coachToken = issuer.token(coach, Role.COACH);
        started(patient, clinician);
        access.team(patient).responsible(clinician).coach(coach).publish();
        assertThat(api().post(journal(patient), issuer.patientToken("user-" + patient, patient),
                "{\"text\":\"" + JOURNAL_TEXT + "\",\"mood\":7}").statusCode()).isEqualTo(201);
        assertThat(api().get(journal(patient), coachToken).body()).contains(JOURNAL_TEXT);
        assertThat(api().get(progress(patient), coachToken).statusCode()).isEqualTo(200);

        Instant removal = Instant.now();
        access.team(patient).responsible(clinician).publish();
        HttpResponse<String> refused = api().get(journal(patient), coachToken);
        assertThat(Duration.between(removal, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain(JOURNAL_TEXT);
        assertThat(api().get(coaching(patient), coachToken).statusCode()).isEqualTo(403);
        assertThat(api().get(progress(patient), coachToken).statusCode()).isEqualTo(403);
        assertThat(api().get(journal(patient), issuer.token(clinician, Role.CLINICIAN)).body()).contains(JOURNAL_TEXT);
        Awaitility.await().atMost(WAIT).until(() -> coachOf(UUID.fromString(patient)) == null);
        assertThat(decisions(patient, coach)).containsExactly("JOURNAL_READ GRANTED COACH",
                "PROGRESS_READ GRANTED COACH", "JOURNAL_READ DENIED NOT_ON_CARE_TEAM",
                "JOURNAL_READ DENIED NOT_ON_CARE_TEAM", "PROGRESS_READ DENIED NOT_ON_CARE_TEAM");
    }

    @Test
    void neitherABookedCoachNorASupervisingClinicianNorACoordinatorReadsTheJournal() {
        AccessFixture access = new AccessFixture(events, mongo);
        String patient = UUID.randomUUID().toString();
        String clinician = access.clinician();
        String coach = access.coach();
        String booked = access.coach();
        String supervisor = access.clinician();
        UUID plan = started(patient, clinician);
        access.team(patient).responsible(clinician).coach(coach).publish();
        // A session supervised by a clinician outside the care team, and coaching booked with another coach.
        events.publish(new SessionCompleted(UUID.randomUUID(), UUID.fromString(patient), Instant.now(),
                UUID.randomUUID(), UUID.randomUUID(), plan, 1, UUID.fromString(supervisor), 120));
        UUID appointment = UUID.randomUUID();
        Instant start = Instant.now().minus(Duration.ofHours(1));
        events.publish(new AppointmentBooked(UUID.randomUUID(), UUID.fromString(patient), Instant.now(), appointment,
                plan, null, UUID.fromString(booked), AppointmentKind.INTEGRATION_COACHING, 1, start,
                start.plus(Duration.ofMinutes(45)), false));
        Awaitility.await().atMost(WAIT).until(() -> carePath(patient).program().map(program ->
                program.coachingAppointments().size() == 1 && program.completedSessions() == 1).orElse(false));

        String bookedToken = issuer.token(booked, Role.COACH);
        assertThat(api().get(journal(patient), bookedToken).statusCode()).isEqualTo(403);
        assertThat(api().get(coaching(patient), bookedToken).statusCode()).isEqualTo(403);
        assertThat(api().get(progress(patient), bookedToken).statusCode()).isEqualTo(403);
        assertThat(api().post(coaching(patient), bookedToken, "{\"appointmentId\":\"" + appointment
                + "\",\"notes\":\"n\"}").statusCode()).isEqualTo(403);
        // Being booked made nobody the patient's coach.
        assertThat(coachOf(UUID.fromString(patient))).isEqualTo(coach);
        assertThat(carePath(patient).program().orElseThrow().coaching()).isEmpty();

        for (String token : List.of(issuer.token(supervisor, Role.CLINICIAN),
                issuer.token("coord-2", Role.COORDINATOR))) {
            assertThat(api().get(journal(patient), token).statusCode()).isEqualTo(403);
            assertThat(api().get(coaching(patient), token).statusCode()).isEqualTo(403);
        }
        assertThat(api().get(journal(patient), issuer.token(coach, Role.COACH)).statusCode()).isEqualTo(200);
        assertThat(decisions(patient, booked)).containsOnly("JOURNAL_READ DENIED NOT_ON_CARE_TEAM",
                "PROGRESS_READ DENIED NOT_ON_CARE_TEAM", "COACHING_RECORD DENIED NOT_ON_CARE_TEAM").hasSize(4);
        assertThat(decisions(patient, "coord-2")).containsOnly("JOURNAL_READ DENIED NOT_PERMITTED").hasSize(2);
    }

    /** The patient's plan has started, with this clinician; returns the plan. */
    UUID started(String patient, String clinician) {
        UUID plan = UUID.randomUUID();
        events.publish(new TreatmentPlanCreated(UUID.randomUUID(), UUID.fromString(patient), Instant.now(), plan,
                UUID.randomUUID(), UUID.randomUUID(), UUID.fromString(clinician), 4));
        Awaitility.await().atMost(WAIT).until(() -> mongo.findById(patient, CarePath.class) != null
                && carePath(patient).program().isPresent());
        return plan;
    }

    static CareTeamChanged team(UUID patient, int version, CareTeamChanged.Change change, UUID about,
            UUID clinician, UUID coach) {
        List<CareTeamChanged.Member> members = new ArrayList<>();
        Instant since = Instant.now();
        members.add(new CareTeamChanged.Member(clinician, CareTeamChanged.Role.RESPONSIBLE_CLINICIAN, since, null,
                null));
        if (coach != null) {
            members.add(new CareTeamChanged.Member(coach, CareTeamChanged.Role.COACH, since, null, null));
        }
        return new CareTeamChanged(UUID.randomUUID(), patient, since, version, change, about,
                CareTeamChanged.Role.COACH, members);
    }

    /** The journal's index, declared on the stored class: a patient's entries, newest first. */
    @Test
    void theJournalIsIndexedByPatientNewestFirst() {
        assertThat(mongo.getCollection("journal_entries").listIndexes().into(new ArrayList<>()))
                .extracting(index -> index.get("key", Document.class).toJson().replace(" ", ""))
                .contains("{\"patientId\":1,\"writtenAt\":-1}");
    }

    List<Received> coachAssigned(UUID patient, int count) {
        return integration.await(r -> patient.toString().equals(r.key())
                && "care.integration.CoachAssigned.v1".equals(r.type()), count, WAIT);
    }

    CarePath carePath(String patient) {
        return mongo.findById(patient, CarePath.class);
    }

    String coachOf(UUID patient) {
        CarePath path = carePath(patient.toString());
        return path == null ? "no care path" : path.coachId().orElse(null);
    }

    /** The audit trail's decisions on the patient for this subject, oldest first: "PERMISSION OUTCOME BASIS|REASON". */
    List<String> decisions(String patient, String subject) {
        return mongo.getCollection(AuditTrail.COLLECTION).find(Filters.elemMatch("entries",
                Filters.and(Filters.eq("patientId", patient), Filters.eq("subject", subject))))
                .sort(new Document("at", 1)).into(new ArrayList<>()).stream()
                .flatMap(record -> record.getList("entries", Document.class).stream())
                .filter(entry -> subject.equals(entry.getString("subject"))
                        && patient.equals(entry.getString("patientId")))
                .map(entry -> entry.getString("permission") + " " + entry.getString("outcome") + " "
                        + Objects.requireNonNullElse(entry.getString("basis"), entry.getString("reason")))
                .toList();
    }

    static String journal(String patient) {
        return "/api/integration/patients/" + patient + "/journal-entries";
    }

    static String coaching(String patient) {
        return "/api/integration/patients/" + patient + "/coaching-sessions";
    }

    static String progress(String patient) {
        return "/api/integration/patients/" + patient + "/progress";
    }
}
