package care.notification.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import care.contracts.Topics;
import care.contracts.intake.ConsentRecorded;
import care.contracts.intake.EmergencyAccessGranted;
import care.contracts.intake.PatientContactChanged;
import care.contracts.intake.SafetyEscalationRaised;
import care.contracts.integration.OutcomeMeasured;
import care.contracts.integration.OutcomeMeasuresDue;
import care.contracts.notification.Channel;
import care.contracts.notification.Purpose;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentCancelled;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.scheduling.AppointmentRescheduled;
import care.contracts.scheduling.ChangeInitiator;
import care.contracts.scheduling.TreatmentPlanCompleted;
import care.contracts.session.MonitorCheckMissed;
import care.contracts.session.SessionCompleted;
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
import care.notification.delivery.ResilientProvider;

/**
 * Notifications on the real embedded broker and store, with a real SMTP server (GreenMail) and the text
 * provider's HTTP API stood in by a local server: other services' events go in through Kafka (care teams and
 * staff as intake publishes them), messages come out at the providers, and the notification and audit events
 * come out on Kafka.
 */
@org.junit.jupiter.api.Tag("integration")
@ServiceIntegrationTest
@Import(MovableClockConfiguration.class)
class NotificationIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String SECRET = "integration-test-webhook-secret";
    static final String CLINIC = "Harbor Clinic";
    static final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    static final SmsProviderStandIn sms;
    static TopicRecorder recorder;
    static TestEvents events;

    static {
        try {
            sms = new SmsProviderStandIn();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        smtp.start();
    }

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "localhost");
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
        registry.add("care.notification.clinic-name", () -> CLINIC);
        registry.add("care.notification.on-call-email", () -> "on-call@clinic.test");
        registry.add("care.notification.on-call-phone", () -> "+15550009999");
        registry.add("care.notification.webhook-secret", () -> SECRET);
        registry.add("care.notification.webhook-purge-interval", () -> "PT0.2S");
        registry.add("care.notification.providers.sms.base-url", sms::baseUrl);
        registry.add("care.notification.providers.sms.api-key", () -> "test-key");
        registry.add("care.notification.providers.sms.resilience.minimum-calls", () -> "4");
        registry.add("care.notification.providers.sms.resilience.sliding-window", () -> "4");
        registry.add("care.notification.providers.sms.resilience.open-for", () -> "PT2S");
        registry.add("care.notification.providers.sms.resilience.retry-attempts", () -> "2");
        registry.add("care.notification.providers.sms.resilience.retry-backoff", () -> "PT0.05S");
        registry.add("care.notification.providers.sms.resilience.calls-per-second", () -> "100");
        registry.add("care.notification.dispatch.poll-interval", () -> "PT0.2S");
        registry.add("care.notification.dispatch.retry-backoff", () -> "PT0.3S");
        registry.add("care.notification.dispatch.max-retry-backoff", () -> "PT1S");
        registry.add("care.notification.dispatch.max-attempts", () -> "50");
        registry.add("care.notification.dispatch.unavailable-wait", () -> "PT0.3S");
    }

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MovableClock clock;
    @Autowired
    Map<Channel, ResilientProvider> providers;
    @Autowired
    Dispatcher dispatcher;
    @Autowired
    NotificationQueries queries;
    @Autowired
    Sender sender;
    @Autowired
    PatientDelivery patientDelivery;
    @Autowired
    care.kit.outbox.Outbox outbox;
    @Autowired
    NotificationSettings settings;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    final TestIssuer issuer = TestIssuer.get();

    @BeforeAll
    static void start() {
        recorder = new TopicRecorder(List.of(Topics.NOTIFICATION_EVENTS, Topics.AUDIT_EVENTS));
        events = new TestEvents();
    }

    @AfterEach
    void providerWorksAgain() {
        sms.failing(false);
    }

    @AfterAll
    static void everyEventMatchesItsSchemaAndCarriesNoContactDetails() throws InterruptedException {
        recorder.close();
        events.close();
        sms.close();
        smtp.stop();
        assertThat(recorder.all()).isNotEmpty();
        assertThat(recorder.matching(r -> r.topic().equals(Topics.AUDIT_EVENTS))).isNotEmpty();
        recorder.assertEveryEventMatchesItsSchema(Topics.NOTIFICATION_EVENTS, Topics.AUDIT_EVENTS);
        for (Received received : recorder.all()) {
            assertThat(received.value()).doesNotContain("@example.test", "+1555", "Robin", CLINIC);
        }
    }

    /** A patient with contact details and consents, in a time zone where it is now {@code localHour} o'clock. */
    record Patient(UUID id, String email, String phone, ZoneId zone) {

        String token(TestIssuer issuer) {
            return issuer.patientToken("user-" + id, id.toString());
        }
    }

    Patient patient(int localHour, boolean sms, boolean email) {
        UUID id = UUID.randomUUID();
        int number = Math.abs(id.hashCode() % 9_000_000) + 1_000_000;
        Patient patient = new Patient(id, "p" + number + "@example.test", "+1555" + number, zoneAt(localHour));
        events.publish(new PatientContactChanged(UUID.randomUUID(), id, clock.instant(), false, patient.email(),
                patient.phone(), patient.zone().getId(), "Robin"));
        events.publish(consent(id, ConsentRecorded.Scope.SMS_MESSAGING, sms));
        events.publish(consent(id, ConsentRecorded.Scope.EMAIL_MESSAGING, email));
        await().atMost(WAIT).until(() -> {
            PatientProfile profile = mongo.findById(id.toString(), PatientProfile.class);
            return profile != null && profile.email != null && profile.smsConsent != null
                    && profile.emailConsent != null;
        });
        return patient;
    }

    ConsentRecorded consent(UUID patient, ConsentRecorded.Scope scope, boolean active) {
        return new ConsentRecorded(UUID.randomUUID(), patient, clock.instant(), UUID.randomUUID(), scope,
                active ? ConsentRecorded.Status.ACTIVE : ConsentRecorded.Status.REJECTED, "1.0");
    }

    /** A fixed-offset zone (an IANA id such as Etc/GMT+5) in which the clock now shows {@code hour}. */
    ZoneId zoneAt(int hour) {
        int utcHour = clock.instant().atZone(ZoneOffset.UTC).getHour();
        int offset = Math.floorMod(hour - utcHour + 12, 24) - 12;
        // Etc/GMT ids have the sign inverted; they cover -12..+14.
        return ZoneId.of(offset == 0 ? "Etc/UTC" : "Etc/GMT" + (offset > 0 ? "-" : "+") + Math.abs(offset));
    }

    List<Notification> notificationsOf(Patient patient) {
        return List.copyOf(mongo.find(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("patientId").is(patient.id())),
                Notification.class));
    }

    List<Received> notificationEvents(UUID patient, String type) {
        return recorder.matching(r -> patient.toString().equals(r.key())
                && ("care.notification." + type + ".v1").equals(r.type()));
    }

    List<MimeMessage> emailsTo(String address) {
        return java.util.Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(address);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    Api api() {
        return new Api(port);
    }

    AccessFixture access() {
        return new AccessFixture(events, mongo);
    }

    /** Where a staff member's messages go, as an administrator sets it (null: not that channel). */
    void contact(String staffId, String email, String phone) {
        String body = "{" + (email == null ? "" : "\"email\":\"" + email + "\"") + (email != null && phone != null
                ? "," : "") + (phone == null ? "" : "\"phone\":\"" + phone + "\"") + "}";
        assertThat(api().put("/api/notifications/providers/" + staffId + "/contact",
                issuer.token("admin-1", Role.ADMIN), body).statusCode()).isEqualTo(200);
    }

    /** A phone number of a staff member, not to be confused with a patient's. */
    static String staffPhone() {
        return "+1444" + (1_000_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(9_000_000));
    }

    static String ref(UUID patient) {
        return patient.toString().substring(0, 8);
    }

    /** What the patient's NotificationScheduled events announced, as "purpose/recipient". */
    List<String> scheduled(UUID patient, Purpose purpose) {
        return notificationEvents(patient, "NotificationScheduled").stream()
                .map(r -> tools.jackson.databind.json.JsonMapper.builder().build().readTree(r.value()))
                .filter(event -> event.path("purpose").asString().equals(purpose.name()))
                .map(event -> event.path("purpose").asString() + "/" + event.path("recipient").asString()).toList();
    }

    @Test
    void theStoreHasTheDeclaredIndexesUnderTheNamesTheyAlwaysHad() {
        assertThat(mongo.indexOps("notifications").getIndexInfo()).extracting(
                org.springframework.data.mongodb.core.index.IndexInfo::getName)
                .contains("status_1_nextAttemptAt_1", "patientId_1", "referenceId_1");
        assertThat(mongo.indexOps("patients").getIndexInfo())
                .filteredOn(index -> index.getName().equals("phone_1")).singleElement()
                .satisfies(index -> assertThat(index.isSparse()).isTrue());
        assertThat(mongo.indexOps(AcceptedSignatures.COLLECTION).getIndexInfo())
                .filteredOn(index -> index.getName().equals("expiresAt_1")).singleElement()
                .satisfies(index -> assertThat(index.getExpireAfter()).contains(Duration.ZERO));
    }

    @Test
    void aBookedAppointmentIsRemindedAtTheConfiguredOffsetsAndACancelledOneNever() {
        Patient patient = patient(11, true, true);
        Instant start = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofDays(3));
        UUID appointment = UUID.randomUUID();
        UUID plan = UUID.randomUUID();
        events.publish(new AppointmentBooked(UUID.randomUUID(), patient.id(), clock.instant(), appointment, plan, null,
                UUID.randomUUID(), AppointmentKind.DOSING_SESSION, 1, start, start.plus(Duration.ofHours(3)), false));
        UUID cancelledAppointment = UUID.randomUUID();
        Instant otherStart = start.plus(Duration.ofHours(2));
        events.publish(new AppointmentBooked(UUID.randomUUID(), patient.id(), clock.instant(), cancelledAppointment,
                plan, null, UUID.randomUUID(), AppointmentKind.DOSING_SESSION, 2, otherStart,
                otherStart.plus(Duration.ofHours(3)), false));
        await().atMost(WAIT).until(() -> notificationsOf(patient).size() == 6);
        events.publish(new AppointmentCancelled(UUID.randomUUID(), patient.id(), clock.instant(), cancelledAppointment,
                AppointmentKind.DOSING_SESSION, otherStart, ChangeInitiator.PATIENT, AppointmentCancelled.Reason.PATIENT_REQUEST,
                false));
        await().atMost(WAIT).until(() -> notificationEvents(patient.id(), "NotificationSuppressed").size() == 3);

        // Reminders at start - 48 h (preparation), - 24 h and - 1 h, each due at exactly that time.
        List<Notification> kept = notificationsOf(patient).stream().filter(n -> n.referenceId.equals(appointment))
                .toList();
        assertThat(kept).extracting(n -> n.dueAt).containsExactlyInAnyOrder(start.minus(Duration.ofHours(48)),
                start.minus(Duration.ofHours(24)), start.minus(Duration.ofHours(1)));
        assertThat(notificationsOf(patient).stream().filter(n -> n.referenceId.equals(cancelledAppointment)))
                .allSatisfy(n -> assertThat(n.status).isEqualTo(Notification.Status.CANCELLED));

        // Nothing goes before its time.
        clock.advance(Duration.ofHours(24).minusMinutes(1));
        assertThat(sms.to(patient.phone())).isEmpty();
        // 48 h before: the preparation reminder (by text: consented and first in the default order).
        clock.advance(Duration.ofMinutes(2));
        await().atMost(WAIT).until(() -> sms.to(patient.phone()).size() == 1);
        assertThat(sms.to(patient.phone()).getFirst().body()).startsWith(CLINIC + ":").contains("checklist");
        // 24 h before (the next local day): the first appointment reminder.
        clock.advance(Duration.ofHours(24));
        await().atMost(WAIT).until(() -> sms.to(patient.phone()).size() == 2);
        assertThat(sms.to(patient.phone()).get(1).body()).contains("reminder of your appointment");
        // 1 h before (the day after): the third text of the week, still within the limits.
        clock.advance(Duration.ofHours(23));
        await().atMost(WAIT).until(() -> sms.to(patient.phone()).size() == 3);
        assertThat(sms.to(patient.phone()).get(2).body()).contains("reminder of your appointment");
        // Past both appointments: nothing for the cancelled one, ever.
        clock.advance(Duration.ofHours(6));
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        assertThat(sms.to(patient.phone())).hasSize(3);
        assertThat(emailsTo(patient.email())).isEmpty();
        assertThat(notificationEvents(patient.id(), "NotificationSent")).hasSize(3);
        assertThat(notificationsOf(patient).stream().filter(n -> n.referenceId.equals(cancelledAppointment)))
                .allSatisfy(n -> assertThat(n.sentAt).isNull());
        // A fourth non-urgent message within the week goes by email.
        events.publish(new OutcomeMeasuresDue(UUID.randomUUID(), patient.id(), clock.instant(), plan,
                OutcomeMeasured.Timepoint.AFTER_SESSION_2, List.of(OutcomeMeasured.Instrument.GAD7)));
        await().atMost(WAIT).until(() -> emailsTo(patient.email()).size() == 1);
        assertThat(GreenMailUtil.getBody(emailsTo(patient.email()).getFirst())).contains("Hello Robin")
                .contains("short check-in");
        assertThat(sms.to(patient.phone())).hasSize(3);
    }

    @Test
    void theSameEventDeliveredTenTimesSendsOneMessage() {
        Patient patient = patient(12, true, true);
        UUID plan = UUID.randomUUID();
        OutcomeMeasuresDue due = new OutcomeMeasuresDue(UUID.randomUUID(), patient.id(), clock.instant(), plan,
                OutcomeMeasured.Timepoint.AFTER_SESSION_2, List.of(OutcomeMeasured.Instrument.GAD7));
        IntStream.range(0, 10).forEach(i -> events.publish(due));
        await().atMost(WAIT).until(() -> sms.to(patient.phone()).size() == 1);
        // The same request announced again under another event id is still the same notification.
        events.publish(new OutcomeMeasuresDue(UUID.randomUUID(), patient.id(), clock.instant(), plan,
                OutcomeMeasured.Timepoint.AFTER_SESSION_2, List.of(OutcomeMeasured.Instrument.GAD7)));
        await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
        assertThat(sms.to(patient.phone())).hasSize(1);
        assertThat(sms.to(patient.phone()).getFirst().body()).isEqualTo(CLINIC
                + ": a short check-in is waiting for you in the app. Reply STOP to opt out.");
        assertThat(notificationEvents(patient.id(), "NotificationScheduled")).hasSize(1);
        assertThat(notificationEvents(patient.id(), "NotificationSent")).hasSize(1);

        // A second non-urgent message the same day: the day's text is used up, so it goes by email.
        events.publish(new SessionCompleted(UUID.randomUUID(), patient.id(), clock.instant().minus(Duration.ofDays(1)),
                UUID.randomUUID(), UUID.randomUUID(), plan, 2, UUID.randomUUID(), 125));
        await().atMost(WAIT).until(() -> emailsTo(patient.email()).size() == 1);
        assertThat(GreenMailUtil.getBody(emailsTo(patient.email()).getFirst())).contains("reflection prompt");
        assertThat(sms.to(patient.phone())).hasSize(1);

        // Read long after it happened (a first start, a long outage): too late to be of use, not sent.
        events.publish(new OutcomeMeasuresDue(UUID.randomUUID(), patient.id(), clock.instant().minus(Duration.ofDays(3)),
                UUID.randomUUID(), OutcomeMeasured.Timepoint.AFTER_SESSION_4, List.of(OutcomeMeasured.Instrument.GAD7)));
        events.publish(new MonitorCheckMissed(UUID.randomUUID(), patient.id(), clock.instant().minus(Duration.ofDays(3)),
                UUID.randomUUID(), UUID.randomUUID(), 1, clock.instant().minus(Duration.ofDays(3)), 6));
        await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
        assertThat(notificationsOf(patient)).hasSize(2);
    }

    @Test
    void whileTheTextProviderIsDownMessagesWaitAndAreSentExactlyOnceAfterRecovery() {
        List<Patient> patients = IntStream.range(0, 6).mapToObj(i -> patient(13, true, false)).toList();
        sms.failing(true);
        int callsBefore = sms.calls();
        for (Patient patient : patients) {
            events.publish(new OutcomeMeasuresDue(UUID.randomUUID(), patient.id(), clock.instant(), UUID.randomUUID(),
                    OutcomeMeasured.Timepoint.AFTER_SESSION_4, List.of(OutcomeMeasured.Instrument.GAD7,
                            OutcomeMeasured.Instrument.PHQ9)));
        }
        // Failed attempts are reported and retried until the breaker opens; then the provider is left alone.
        await().atMost(WAIT).until(() -> providers.get(Channel.SMS).state() == CircuitBreaker.State.OPEN);
        await().atMost(WAIT).until(() -> patients.stream()
                .mapToInt(p -> notificationEvents(p.id(), "NotificationFailed").size()).sum() > 0);
        assertThat(recorder.matching(r -> r.type().endsWith("NotificationFailed.v1") && r.value().contains(
                "\"willRetry\":false"))).isEmpty();
        int callsWhileOpen = sms.calls();
        await().pollDelay(Duration.ofMillis(1500)).atMost(WAIT).until(() -> true);
        assertThat(sms.calls()).as("no calls while the breaker is open").isEqualTo(callsWhileOpen);
        assertThat(callsWhileOpen).isGreaterThan(callsBefore);
        for (Patient patient : patients) {
            assertThat(notificationsOf(patient)).allSatisfy(n -> assertThat(n.status.pending()).isTrue());
            assertThat(sms.to(patient.phone())).isEmpty();
        }

        sms.failing(false);
        await().atMost(WAIT).until(() -> patients.stream().allMatch(p -> sms.to(p.phone()).size() == 1));
        await().atMost(WAIT).until(() -> patients.stream()
                .allMatch(p -> notificationEvents(p.id(), "NotificationSent").size() == 1));
        await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
        for (Patient patient : patients) {
            assertThat(sms.to(patient.phone())).as("exactly once").hasSize(1);
            assertThat(notificationsOf(patient)).singleElement()
                    .satisfies(n -> assertThat(n.status).isEqualTo(Notification.Status.SENT));
        }
        assertThat(providers.get(Channel.SMS).state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aSafetyEscalationAt23HoursPatientTimeReachesTheResponsibleClinicianAtOnce() {
        Patient patient = patient(23, true, true);
        AccessFixture access = access();
        String clinician = access.clinician();
        String previous = access.clinician();
        String admin = issuer.token("admin-1", Role.ADMIN);
        contact(clinician, "dr.lee@clinic.test", "+15550000001");
        String previousEmail = "previous." + ref(patient.id()) + "@clinic.test";
        contact(previous, previousEmail, null);
        // The responsible clinician changed: alerts follow the care team as it is now.
        access.team(patient.id().toString()).responsible(previous).publish();
        access.team(patient.id().toString()).responsible(clinician).supervising(previous).publish();
        // A non-urgent request at the same moment waits for the morning.
        events.publish(new OutcomeMeasuresDue(UUID.randomUUID(), patient.id(), clock.instant(), UUID.randomUUID(),
                OutcomeMeasured.Timepoint.AFTER_SESSION_2, List.of(OutcomeMeasured.Instrument.GAD7)));
        Instant raised = Instant.now();
        events.publish(new SafetyEscalationRaised(UUID.randomUUID(), patient.id(), clock.instant(), UUID.randomUUID(),
                SafetyEscalationRaised.Trigger.CLINICIAN_CONCERN, null));

        await().atMost(Duration.ofSeconds(15)).until(() -> sms.to("+15550000001").size() == 1
                && emailsTo("dr.lee@clinic.test").size() == 1);
        assertThat(Duration.between(raised, Instant.now())).isLessThan(Duration.ofSeconds(15));
        assertThat(sms.to("+15550000001").getFirst().body()).startsWith(CLINIC + ": URGENT")
                .contains(patient.id().toString().substring(0, 8));
        assertThat(sms.to(patient.phone())).isEmpty();
        assertThat(emailsTo(previousEmail)).isEmpty();
        Notification request = notificationsOf(patient).stream()
                .filter(n -> n.purpose == care.contracts.notification.Purpose.OUTCOME_MEASURE_REQUEST).findFirst()
                .orElseThrow();
        await().atMost(WAIT).until(() -> mongo.findById(request.id, Notification.class).status
                == Notification.Status.SCHEDULED && mongo.findById(request.id, Notification.class).nextAttemptAt
                .atZone(patient.zone()).getHour() == 8);

        // A missed monitor check of a clinician without a contact goes to the on-call address (counted by this
        // patient's reference: alerts of other tests go there too).
        java.util.function.IntSupplier onCallTexts = () -> (int) sms.to("+15550009999").stream()
                .filter(text -> text.body().contains(ref(patient.id()))).count();
        assertThat(onCallTexts.getAsInt()).isZero();
        events.publish(new MonitorCheckMissed(UUID.randomUUID(), patient.id(), clock.instant(), UUID.randomUUID(),
                UUID.randomUUID(), 2, clock.instant().minus(Duration.ofMinutes(6)), 6));
        await().atMost(Duration.ofSeconds(15)).until(() -> emailsTo("on-call@clinic.test").size() >= 1
                && onCallTexts.getAsInt() == 1);

        // An alert the provider refuses for the clinician's number is not given up: it goes to the on-call phone.
        UUID unreachable = UUID.randomUUID();
        sms.invalid("+15550000400");
        assertThat(api().put("/api/notifications/providers/" + unreachable + "/contact", admin,
                "{\"phone\":\"+15550000400\"}").statusCode()).isEqualTo(200);
        events.publish(new MonitorCheckMissed(UUID.randomUUID(), patient.id(), clock.instant(), UUID.randomUUID(),
                unreachable, 3, clock.instant().minus(Duration.ofMinutes(6)), 6));
        await().atMost(Duration.ofSeconds(15)).until(() -> onCallTexts.getAsInt() == 2);
        assertThat(sms.to("+15550000400")).isEmpty();
        await().atMost(WAIT).until(() -> notificationEvents(patient.id(), "NotificationFailed").stream()
                .anyMatch(r -> r.value().contains("\"INVALID_DESTINATION\"") && r.value().contains("\"willRetry\":true")));

        // A patient without a responsible clinician: the escalation goes to the on-call service.
        UUID withoutTeam = UUID.randomUUID();
        events.publish(new SafetyEscalationRaised(UUID.randomUUID(), withoutTeam, clock.instant(), UUID.randomUUID(),
                SafetyEscalationRaised.Trigger.CLINICIAN_CONCERN, null));
        await().atMost(Duration.ofSeconds(15)).until(() -> sms.to("+15550009999").stream()
                .anyMatch(text -> text.body().contains("review now") && text.body().contains(ref(withoutTeam))));
        assertThat(sms.to("+15550000001")).hasSize(1);
    }

    @Test
    void anEmergencyAccessIsToldToTheResponsibleClinicianOnceWhateverTheHour() throws Exception {
        Patient patient = patient(2, true, true);
        AccessFixture access = access();
        String responsible = access.clinician();
        String colleague = access.clinician();
        String email = "responsible." + ref(patient.id()) + "@clinic.test";
        String phone = staffPhone();
        contact(responsible, email, phone);
        access.team(patient.id().toString()).responsible(responsible).publish();

        // Read long after it happened: too late to be of use, not sent.
        Instant longAgo = clock.instant().minus(Duration.ofDays(3));
        events.publish(new EmergencyAccessGranted(UUID.randomUUID(), patient.id(), longAgo, UUID.randomUUID(),
                UUID.fromString(colleague), longAgo.plus(Duration.ofMinutes(60))));
        UUID grant = UUID.randomUUID();
        EmergencyAccessGranted granted = new EmergencyAccessGranted(UUID.randomUUID(), patient.id(), clock.instant(),
                grant, UUID.fromString(colleague), clock.instant().plus(Duration.ofMinutes(60)));
        events.publish(granted);
        events.publish(granted);
        // The same grant announced again under another event id is still the same message.
        events.publish(new EmergencyAccessGranted(UUID.randomUUID(), patient.id(), clock.instant(), grant,
                UUID.fromString(colleague), clock.instant().plus(Duration.ofMinutes(60))));

        await().atMost(Duration.ofSeconds(15)).until(() -> sms.to(phone).size() == 1 && emailsTo(email).size() == 1);
        await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
        assertThat(sms.to(phone)).hasSize(1);
        assertThat(emailsTo(email)).hasSize(1);
        assertThat(sms.to(phone).getFirst().body()).isEqualTo(CLINIC + ": a colleague opened emergency access to a"
                + " patient in your care (ref " + ref(patient.id()) + "); see who and why in the care platform.");
        MimeMessage message = emailsTo(email).getFirst();
        assertThat(message.getSubject()).contains("Emergency access", ref(patient.id()));
        assertThat(GreenMailUtil.getBody(message)).contains("opened emergency access", patient.id().toString());
        // Nothing to the patient, nothing about this patient to the on-call service.
        assertThat(sms.to(patient.phone())).isEmpty();
        assertThat(emailsTo(patient.email())).isEmpty();
        assertThat(sms.to("+15550009999")).noneMatch(text -> text.body().contains(ref(patient.id())));
        assertThat(scheduled(patient.id(), Purpose.EMERGENCY_ACCESS_OPENED))
                .containsExactly("EMERGENCY_ACCESS_OPENED/CLINICIAN", "EMERGENCY_ACCESS_OPENED/CLINICIAN");
        assertThat(notificationsOf(patient)).allSatisfy(n -> {
            assertThat(n.referenceId).isEqualTo(grant);
            assertThat(n.clinicianId).hasToString(responsible);
            assertThat(n.urgent).isTrue();
        });

        // A patient without a responsible clinician: the on-call service is told.
        UUID withoutTeam = UUID.randomUUID();
        events.publish(new EmergencyAccessGranted(UUID.randomUUID(), withoutTeam, clock.instant(), UUID.randomUUID(),
                UUID.fromString(colleague), clock.instant().plus(Duration.ofMinutes(60))));
        await().atMost(Duration.ofSeconds(15)).until(() -> sms.to("+15550009999").stream()
                .anyMatch(text -> text.body().contains("emergency access") && text.body().contains(ref(withoutTeam))));
    }

    @Test
    void aPlanEndedEarlyIsToldToThePatientTheResponsibleClinicianAndTheCoachOnce() throws Exception {
        Patient patient = patient(12, true, true);
        AccessFixture access = access();
        String responsible = access.clinician();
        String coach = access.coach();
        String clinicianEmail = "clinician." + ref(patient.id()) + "@clinic.test";
        String coachEmail = "coach." + ref(patient.id()) + "@clinic.test";
        String coachPhone = staffPhone();
        contact(responsible, clinicianEmail, null);
        contact(coach, coachEmail, coachPhone);
        access.team(patient.id().toString()).responsible(responsible).coach(coach).publish();

        // Ended long ago (a first start reading old events): no message. Completed as planned: no message either.
        UUID old = UUID.randomUUID();
        events.publish(new TreatmentPlanCompleted(UUID.randomUUID(), patient.id(), clock.instant().minus(
                Duration.ofDays(3)), old, TreatmentPlanCompleted.Closure.WITHDRAWN_BY_PATIENT, 2, 6, null));
        UUID finished = UUID.randomUUID();
        events.publish(new TreatmentPlanCompleted(UUID.randomUUID(), patient.id(), clock.instant(), finished,
                TreatmentPlanCompleted.Closure.ALL_SESSIONS_COMPLETED, 6, 6, null));
        UUID plan = UUID.randomUUID();
        TreatmentPlanCompleted closed = new TreatmentPlanCompleted(UUID.randomUUID(), patient.id(), clock.instant(),
                plan, TreatmentPlanCompleted.Closure.CLOSED_BY_CLINICIAN, 1, 6, UUID.fromString(responsible));
        events.publish(closed);
        events.publish(closed);
        events.publish(new TreatmentPlanCompleted(UUID.randomUUID(), patient.id(), clock.instant(), plan,
                TreatmentPlanCompleted.Closure.CLOSED_BY_CLINICIAN, 1, 6, UUID.fromString(responsible)));

        await().atMost(WAIT).until(() -> sms.to(patient.phone()).size() == 1 && emailsTo(clinicianEmail).size() == 1
                && sms.to(coachPhone).size() == 1 && emailsTo(coachEmail).size() == 1);
        await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
        assertThat(sms.to(patient.phone())).hasSize(1);
        assertThat(emailsTo(patient.email())).isEmpty();
        assertThat(emailsTo(clinicianEmail)).hasSize(1);
        assertThat(sms.to(coachPhone)).hasSize(1);
        assertThat(emailsTo(coachEmail)).hasSize(1);

        // The patient learns only that there is an update; the care team which patient to look up.
        assertThat(sms.to(patient.phone()).getFirst().body()).isEqualTo(CLINIC + ": there is an update about your"
                + " care. Please check the app or call the clinic. Reply STOP to opt out.");
        assertThat(emailsTo(clinicianEmail).getFirst().getSubject()).contains(ref(patient.id()));
        assertThat(GreenMailUtil.getBody(emailsTo(clinicianEmail).getFirst())).contains(patient.id().toString());
        assertThat(sms.to(coachPhone).getFirst().body()).contains("has ended early", ref(patient.id()));
        assertThat(scheduled(patient.id(), Purpose.PLAN_ENDED)).containsExactlyInAnyOrder("PLAN_ENDED/PATIENT",
                "PLAN_ENDED/CLINICIAN", "PLAN_ENDED/COACH", "PLAN_ENDED/COACH");
        assertThat(notificationsOf(patient)).filteredOn(n -> n.purpose == Purpose.PLAN_ENDED)
                .allSatisfy(n -> assertThat(n.referenceId).isEqualTo(plan))
                .filteredOn(n -> n.recipient != care.contracts.notification.Recipient.PATIENT)
                .allSatisfy(n -> assertThat(n.urgent).isTrue());
        assertThat(notificationsOf(patient)).noneMatch(n -> old.equals(n.referenceId)
                || finished.equals(n.referenceId));
    }

    @Test
    void stopOptsOutAtOnceAndDeliveryReportsAreSignedAndRecorded() {
        Patient patient = patient(14, true, true);
        UUID plan = UUID.randomUUID();
        events.publish(new OutcomeMeasuresDue(UUID.randomUUID(), patient.id(), clock.instant(), plan,
                OutcomeMeasured.Timepoint.AFTER_SESSION_2, List.of(OutcomeMeasured.Instrument.GAD7)));
        await().atMost(WAIT).until(() -> sms.to(patient.phone()).size() == 1);
        SmsProviderStandIn.Accepted text = sms.to(patient.phone()).getFirst();
        UUID notification = UUID.fromString(text.key());
        await().atMost(WAIT).until(() -> mongo.findById(notification, Notification.class).status
                == Notification.Status.SENT);

        String report = "{\"id\":\"" + text.id() + "\",\"reference\":\"" + notification + "\",\"status\":\"delivered\"}";
        assertThat(webhook("/api/notifications/webhooks/sms/status", report, null).statusCode()).isEqualTo(401);
        assertThat(webhook("/api/notifications/webhooks/sms/status", report, "wrong-secret-wrong-secret").statusCode())
                .isEqualTo(401);
        assertThat(mongo.findById(notification, Notification.class).status).isEqualTo(Notification.Status.SENT);
        Instant reported = clock.instant();
        assertThat(signed("/api/notifications/webhooks/sms/status", report, sign(report, reported)).statusCode())
                .isEqualTo(200);
        // The provider sending the same report again, signed anew, is told it is known already.
        HttpResponse<String> again = signed("/api/notifications/webhooks/sms/status", report,
                sign(report, reported.minusSeconds(1)));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(Api.json(again).path("outcome").asString()).isEqualTo("ALREADY_KNOWN");
        assertThat(mongo.findById(notification, Notification.class).status).isEqualTo(Notification.Status.DELIVERED);
        await().atMost(WAIT).until(() -> notificationEvents(patient.id(), "NotificationSent").stream()
                .filter(r -> r.value().contains("\"DELIVERED\"")).count() == 1);

        assertThat(webhook("/api/notifications/webhooks/sms/inbound",
                "{\"from\":\"" + patient.phone() + "\",\"body\":\" stop \"}", SECRET).statusCode()).isEqualTo(200);
        assertThat(mongo.findById(patient.id().toString(), PatientProfile.class).smsOptedOut).isTrue();
        // The next message, on another day, goes by email: texts are off for this number.
        clock.advance(Duration.ofDays(1));
        events.publish(new SessionCompleted(UUID.randomUUID(), patient.id(), clock.instant().minus(Duration.ofDays(1)),
                UUID.randomUUID(), UUID.randomUUID(), plan, 1, UUID.randomUUID(), 125));
        await().atMost(WAIT).until(() -> emailsTo(patient.email()).size() == 1);
        assertThat(sms.to(patient.phone())).hasSize(1);
    }

    @Test
    void aSignatureIsAcceptedOnceSoAReplayedStartCannotUndoAStop() {
        Patient patient = patient(14, true, true);
        String inbound = "/api/notifications/webhooks/sms/inbound";
        String stop = "{\"from\":\"" + patient.phone() + "\",\"body\":\"STOP\"}";
        String start = "{\"from\":\"" + patient.phone() + "\",\"body\":\"START\"}";
        Instant now = clock.instant();

        // Two signatures of the same body, made at different times, are two calls: both are accepted.
        assertThat(signed(inbound, stop, sign(stop, now.minusSeconds(3))).statusCode()).isEqualTo(200);
        assertThat(signed(inbound, stop, sign(stop, now.minusSeconds(2))).statusCode()).isEqualTo(200);
        assertThat(profileOf(patient).smsOptedOut).isTrue();
        String startSignature = sign(start, now.minusSeconds(1));
        HttpResponse<String> started = signed(inbound, start, startSignature);
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(Api.json(started).path("outcome").asString()).isEqualTo("APPLIED");
        assertThat(profileOf(patient).smsOptedOut).isFalse();

        // The patient texts STOP; the START captured earlier, replayed within its 5 minutes, is refused.
        assertThat(signed(inbound, stop, sign(stop, now)).statusCode()).isEqualTo(200);
        PatientProfile stopped = profileOf(patient);
        assertThat(stopped.smsOptedOut).isTrue();
        HttpResponse<String> replayed = signed(inbound, start, startSignature);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(replayed.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(Api.json(replayed).path("type").asString()).isEqualTo("urn:care:problem:webhook-replayed");
        String v1 = startSignature.substring(startSignature.indexOf("v1=") + 3);
        assertThat(replayed.body()).doesNotContain(v1, v1.substring(0, 12), patient.phone());
        // Written differently, it is still the same signature.
        String t = startSignature.substring(0, startSignature.indexOf(','));
        assertThat(signed(inbound, start, "v1=" + v1.toUpperCase(java.util.Locale.ROOT) + ", " + t).statusCode())
                .isEqualTo(401);
        // Another instance, sharing the store, refuses it as well.
        WebhookSignature verifier = new WebhookSignature(SECRET, Duration.ofMinutes(5));
        AcceptedSignatures otherInstance = new AcceptedSignatures(mongo, clock, verifier, Duration.ofMinutes(1));
        WebhookSignature.Verified again = verifier.verified(startSignature, start.getBytes(StandardCharsets.UTF_8),
                clock.instant()).orElseThrow();
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(care.kit.problem.ProblemException.class,
                () -> otherInstance.acceptOnce(again, clock.instant())).getStatusCode().value()).isEqualTo(401);

        PatientProfile after = profileOf(patient);
        assertThat(after.smsOptedOut).as("still opted out").isTrue();
        assertThat(after.smsOptedOutAt).isEqualTo(stopped.smsOptedOutAt);
        assertThat(after.version).as("not written at all").isEqualTo(stopped.version);
    }

    @Test
    void aReplayedDeliveryReportIsRefusedAndChangesNothing() {
        Patient patient = patient(13, true, true);
        events.publish(new OutcomeMeasuresDue(UUID.randomUUID(), patient.id(), clock.instant(), UUID.randomUUID(),
                OutcomeMeasured.Timepoint.AFTER_SESSION_2, List.of(OutcomeMeasured.Instrument.GAD7)));
        await().atMost(WAIT).until(() -> sms.to(patient.phone()).size() == 1);
        SmsProviderStandIn.Accepted text = sms.to(patient.phone()).getFirst();
        UUID notification = UUID.fromString(text.key());
        await().atMost(WAIT).until(() -> mongo.findById(notification, Notification.class).status
                == Notification.Status.SENT);

        String status = "/api/notifications/webhooks/sms/status";
        String report = "{\"id\":\"" + text.id() + "\",\"reference\":\"" + notification + "\",\"status\":\"delivered\"}";
        String signature = sign(report, clock.instant());
        HttpResponse<String> delivered = signed(status, report, signature);
        assertThat(delivered.statusCode()).isEqualTo(200);
        assertThat(Api.json(delivered).path("outcome").asString()).isEqualTo("APPLIED");
        Notification recorded = mongo.findById(notification, Notification.class);
        assertThat(recorded.status).isEqualTo(Notification.Status.DELIVERED);
        await().atMost(WAIT).until(() -> notificationEvents(patient.id(), "NotificationSent").stream()
                .filter(r -> r.value().contains("\"DELIVERED\"")).count() == 1);

        HttpResponse<String> replayed = signed(status, report, signature);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(Api.json(replayed).path("type").asString()).isEqualTo("urn:care:problem:webhook-replayed");
        assertThat(replayed.body()).doesNotContain(signature.substring(signature.indexOf("v1=") + 3), text.id());
        Notification after = mongo.findById(notification, Notification.class);
        assertThat(after.version).as("not written at all").isEqualTo(recorded.version);
        assertThat(after.deliveredAt).isEqualTo(recorded.deliveredAt);
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        assertThat(notificationEvents(patient.id(), "NotificationSent").stream()
                .filter(r -> r.value().contains("\"DELIVERED\""))).hasSize(1);
    }

    @Test
    void acceptedSignaturesAreForgottenByTheCleanupOnceTheyCanNoLongerVerify() {
        String inbound = "/api/notifications/webhooks/sms/inbound";
        String body = "{\"from\":\"+15550000001\",\"body\":\"hello\"}";
        WebhookSignature verifier = new WebhookSignature(SECRET, Duration.ofMinutes(5));
        String old = sign(body, clock.instant());
        assertThat(signed(inbound, body, old).statusCode()).isEqualTo(200);
        String oldKey = verifier.verified(old, body.getBytes(StandardCharsets.UTF_8), clock.instant()).orElseThrow()
                .replayKey();
        // The cleanup runs every 0.2 s here: a record still needed is kept.
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        assertThat(acceptedSignature(oldKey)).isNotNull();
        assertThat(acceptedSignature(oldKey).get("expiresAt", java.util.Date.class).toInstant()).isAfter(clock.instant());

        clock.advance(Duration.ofMinutes(5).plus(AcceptedSignatures.CLOCK_MARGIN).plusSeconds(1));
        String fresh = sign(body, clock.instant());
        assertThat(signed(inbound, body, fresh).statusCode()).isEqualTo(200);
        String freshKey = verifier.verified(fresh, body.getBytes(StandardCharsets.UTF_8), clock.instant())
                .orElseThrow().replayKey();
        await().atMost(WAIT).until(() -> acceptedSignature(oldKey) == null);
        assertThat(acceptedSignature(freshKey)).isNotNull();
        // Forgotten, the old signature is still refused: its time is past.
        HttpResponse<String> stale = signed(inbound, body, old);
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(Api.json(stale).path("type").asString()).isEqualTo("urn:care:problem:unsigned-webhook");
    }

    @Test
    void theApiShowsNotificationsToThePatientAndCareTeamOnlyAndRefusesBadInput() {
        Patient patient = patient(15, false, true);
        AccessFixture access = access();
        String clinicianId = access.clinician();
        String coachId = access.coach();
        access.team(patient.id().toString()).responsible(clinicianId).coach(coachId).publish();
        UUID clinician = UUID.fromString(clinicianId);
        String clinicianToken = issuer.token(clinicianId, Role.CLINICIAN);
        events.publish(new OutcomeMeasuresDue(UUID.randomUUID(), patient.id(), clock.instant(), UUID.randomUUID(),
                OutcomeMeasured.Timepoint.AFTER_SESSION_2, List.of(OutcomeMeasured.Instrument.GAD7)));
        await().atMost(WAIT).until(() -> emailsTo(patient.email()).size() == 1);
        // An alert about the patient (to the on-call service: the supervising clinician has no contact).
        events.publish(new MonitorCheckMissed(UUID.randomUUID(), patient.id(), clock.instant(), UUID.randomUUID(),
                UUID.randomUUID(), 1, clock.instant().minus(Duration.ofMinutes(6)), 6));
        await().atMost(WAIT).until(() -> notificationsOf(patient).size() == 3
                && notificationsOf(patient).stream().noneMatch(n -> n.status.pending()));
        String url = "/api/notifications/patients/" + patient.id();

        HttpResponse<String> own = api().get(url, patient.token(issuer));
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(Api.json(own)).hasSize(1);
        assertThat(Api.json(own).get(0).path("kind").asString()).isEqualTo("OUTCOME_MEASURE_REQUEST");
        assertThat(Api.json(own).get(0).path("channel").asString()).isEqualTo("EMAIL");
        assertThat(Api.json(own).get(0).path("status").asString()).isEqualTo("SENT");
        assertThat(own.body()).doesNotContain(patient.email());
        // The responsible clinician also sees the alerts about the patient; the coach sees the patient's messages only.
        HttpResponse<String> byClinician = api().get(url, clinicianToken);
        assertThat(byClinician.statusCode()).isEqualTo(200);
        assertThat(Api.json(byClinician).valueStream().map(n -> n.path("kind").asString() + "/"
                + n.path("recipient").asString())).containsExactlyInAnyOrder("OUTCOME_MEASURE_REQUEST/PATIENT",
                        "MONITOR_CHECK_ESCALATION/CLINICIAN", "MONITOR_CHECK_ESCALATION/CLINICIAN");
        HttpResponse<String> byCoach = api().get(url, issuer.token(coachId, Role.COACH));
        assertThat(byCoach.statusCode()).isEqualTo(200);
        assertThat(Api.json(byCoach).valueStream().map(n -> n.path("kind").asString()))
                .containsExactly("OUTCOME_MEASURE_REQUEST");
        assertThat(api().get(url, issuer.token(access.clinician(), Role.CLINICIAN)).statusCode()).isEqualTo(403);
        assertThat(api().get(url, issuer.token(UUID.randomUUID().toString(), Role.CLINICIAN)).statusCode())
                .isEqualTo(403);
        assertThat(api().get(url, issuer.patientToken("someone-else", UUID.randomUUID().toString())).statusCode())
                .isEqualTo(404);

        String preferences = url + "/preferences";
        HttpResponse<String> bad = api().put(preferences, patient.token(issuer),
                "{\"channels\":[\"PUSH\"],\"quietHours\":{\"start\":\"25:00\",\"end\":\"08:00\"}}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(bad.body()).contains("quietHours").doesNotContain("25:00");
        HttpResponse<String> set = api().put(preferences, patient.token(issuer),
                "{\"channels\":[\"EMAIL\",\"SMS\"],\"quietHours\":{\"start\":\"22:00\",\"end\":\"07:00\"}}");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(Api.json(set).path("quietHours").path("start").asString()).isEqualTo("22:00");
        assertThat(Api.json(set).path("consented").path("SMS").asBoolean()).isFalse();
        assertThat(api().get(preferences, clinicianToken).statusCode()).isEqualTo(200);
        assertThat(api().put(preferences, clinicianToken, "{\"channels\":[\"EMAIL\"]}").statusCode()).isEqualTo(403);
        HttpResponse<String> byCoordinator = api().put(preferences, issuer.token("coord-1", Role.COORDINATOR),
                "{\"channels\":[\"EMAIL\"]}");
        assertThat(byCoordinator.statusCode()).isEqualTo(200);
        assertThat(Api.json(byCoordinator).path("channels").toString()).isEqualTo("[\"EMAIL\"]");
        assertThat(api().put("/api/notifications/providers/" + clinician + "/contact",
                issuer.token(clinician.toString(), Role.CLINICIAN), "{\"email\":\"x@clinic.test\"}").statusCode())
                .isEqualTo(403);
        assertThat(api().put("/api/notifications/providers/" + clinician + "/contact",
                issuer.token("admin-1", Role.ADMIN), "{\"phone\":\"555\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void dueNotificationsGoOnceWithSeveralInstancesAndAfterADowntime() {
        // Four instances share the store: this one and three more, each with its own timer and senders.
        List<Dispatcher> others = IntStream.range(0, 3).mapToObj(i -> new Dispatcher(queries, outbox, clock, settings,
                sender, patientDelivery, new DispatchSignal(), meters)).toList();
        // Downtime: no instance runs while the notifications fall due.
        dispatcher.stop();
        List<Patient> patients;
        UUID stalled;
        try {
            patients = IntStream.range(0, 12).mapToObj(i -> patient(16, false, true)).toList();
            for (Patient patient : patients) {
                events.publish(new OutcomeMeasuresDue(UUID.randomUUID(), patient.id(), clock.instant(),
                        UUID.randomUUID(), OutcomeMeasured.Timepoint.PROGRAM_END,
                        List.of(OutcomeMeasured.Instrument.GAD7)));
            }
            await().atMost(WAIT).until(() -> patients.stream().allMatch(p -> notificationsOf(p).size() == 1));
            // One of them was claimed by an instance that then died: its lease has run out.
            stalled = notificationsOf(patients.getFirst()).getFirst().id;
            mongo.updateFirst(org.springframework.data.mongodb.core.query.Query.query(
                    org.springframework.data.mongodb.core.query.Criteria.where("_id").is(stalled)),
                    new org.springframework.data.mongodb.core.query.Update()
                            .set("status", Notification.Status.SENDING)
                            .set("leaseUntil", clock.instant().minusSeconds(1)), Notification.class);
            await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
            assertThat(patients).allSatisfy(p -> assertThat(emailsTo(p.email())).isEmpty());
        } finally {
            dispatcher.start();
            others.forEach(Dispatcher::start);
        }
        try {
            await().atMost(WAIT).until(() -> patients.stream().allMatch(p -> emailsTo(p.email()).size() >= 1));
            await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
            for (Patient patient : patients) {
                assertThat(emailsTo(patient.email())).as("exactly once").hasSize(1);
                assertThat(notificationEvents(patient.id(), "NotificationSent")).hasSize(1);
            }
            assertThat(mongo.findById(stalled, Notification.class).status).isEqualTo(Notification.Status.SENT);
        } finally {
            others.forEach(Dispatcher::stop);
        }
    }

    @Test
    void anAppointmentTheClinicCancelsIsCancelledWithItsRemindersAndThePatientIsTold() throws Exception {
        Patient patient = patient(10, false, true);
        Instant start = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofDays(2));
        UUID appointment = UUID.randomUUID();
        events.publish(new AppointmentBooked(UUID.randomUUID(), patient.id(), clock.instant(), appointment,
                UUID.randomUUID(), null, UUID.randomUUID(), AppointmentKind.INTEGRATION_COACHING, 1, start,
                start.plus(Duration.ofMinutes(45)), false));
        await().atMost(WAIT).until(() -> notificationsOf(patient).size() == 2);
        AppointmentCancelled cancelled = new AppointmentCancelled(UUID.randomUUID(), patient.id(), clock.instant(),
                appointment, AppointmentKind.INTEGRATION_COACHING, start, ChangeInitiator.CLINIC_STAFF,
                AppointmentCancelled.Reason.PROVIDER_UNAVAILABLE, false);
        events.publish(cancelled);
        events.publish(cancelled);
        await().atMost(WAIT).until(() -> emailsTo(patient.email()).size() == 1);
        assertThat(emailsTo(patient.email()).getFirst().getSubject()).isEqualTo(CLINIC + ": appointment cancelled");
        assertThat(notificationsOf(patient)).filteredOn(n -> n.purpose
                == care.contracts.notification.Purpose.APPOINTMENT_REMINDER)
                .hasSize(2).allSatisfy(n -> assertThat(n.status).isEqualTo(Notification.Status.CANCELLED));
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        assertThat(emailsTo(patient.email())).hasSize(1);
    }

    @Test
    void anErasedPatientGetsNothingMore() {
        Patient patient = patient(11, true, true);
        events.publish(PatientContactChanged.erasure(UUID.randomUUID(), patient.id(), clock.instant()));
        await().atMost(WAIT).until(() -> mongo.findById(patient.id().toString(), PatientProfile.class).erased);
        events.publish(new OutcomeMeasuresDue(UUID.randomUUID(), patient.id(), clock.instant(), UUID.randomUUID(),
                OutcomeMeasured.Timepoint.AFTER_SESSION_2, List.of(OutcomeMeasured.Instrument.GAD7)));
        await().atMost(WAIT).until(() -> notificationEvents(patient.id(), "NotificationSuppressed").size() == 1);
        assertThat(notificationEvents(patient.id(), "NotificationSuppressed").getFirst().value())
                .contains("NO_CONTACT_DETAILS");
        assertThat(mongo.findById(patient.id().toString(), PatientProfile.class).email).isNull();
        assertThat(sms.to(patient.phone())).isEmpty();
        assertThat(emailsTo(patient.email())).isEmpty();
    }

    @Test
    void aMessageForAPatientIntakeHasNotReportedYetWaitsForTheirDetailsInsteadOfBeingSuppressed() {
        // After a broker outage the measure request may arrive before the patient's details and consents.
        UUID id = UUID.randomUUID();
        int number = Math.abs(id.hashCode() % 9_000_000) + 1_000_000;
        Patient patient = new Patient(id, "p" + number + "@example.test", "+1555" + number, zoneAt(12));
        events.publish(new OutcomeMeasuresDue(UUID.randomUUID(), id, clock.instant(), UUID.randomUUID(),
                OutcomeMeasured.Timepoint.AFTER_SESSION_2, List.of(OutcomeMeasured.Instrument.GAD7)));
        await().atMost(WAIT).until(() -> notificationsOf(patient).stream()
                .anyMatch(n -> "PATIENT_PROFILE_NOT_YET_KNOWN".equals(n.lastFailure)));
        assertThat(notificationsOf(patient)).allSatisfy(n -> assertThat(n.status).isEqualTo(Notification.Status.SCHEDULED));

        events.publish(new PatientContactChanged(UUID.randomUUID(), id, clock.instant(), false, patient.email(),
                patient.phone(), patient.zone().getId(), "Robin"));
        events.publish(consent(id, ConsentRecorded.Scope.EMAIL_MESSAGING, true));
        await().atMost(WAIT).until(() -> {
            PatientProfile profile = mongo.findById(id.toString(), PatientProfile.class);
            return profile != null && profile.emailConsent != null;
        });
        clock.advance(PatientDelivery.PROFILE_RETRY);
        await().atMost(WAIT).until(() -> emailsTo(patient.email()).size() == 1);
        // The event is published by the outbox relay once the send is recorded, a moment after the email went.
        await().atMost(WAIT).until(() -> !notificationEvents(id, "NotificationSent").isEmpty());
        assertThat(notificationEvents(id, "NotificationSuppressed")).isEmpty();
        assertThat(notificationEvents(id, "NotificationSent")).hasSize(1);
    }

    @Test
    void aMessageWhosePatientStaysUnknownIsSuppressedOnceTheWaitIsOver() {
        UUID id = UUID.randomUUID();
        Patient patient = new Patient(id, "unknown@example.test", "+15550000000", zoneAt(12));
        events.publish(new OutcomeMeasuresDue(UUID.randomUUID(), id, clock.instant(), UUID.randomUUID(),
                OutcomeMeasured.Timepoint.AFTER_SESSION_2, List.of(OutcomeMeasured.Instrument.GAD7)));
        await().atMost(WAIT).until(() -> notificationsOf(patient).stream()
                .anyMatch(n -> "PATIENT_PROFILE_NOT_YET_KNOWN".equals(n.lastFailure)));
        assertThat(notificationEvents(id, "NotificationSuppressed")).isEmpty();
        clock.advance(PatientDelivery.PROFILE_WAIT.plus(PatientDelivery.PROFILE_RETRY));
        await().atMost(WAIT).until(() -> notificationEvents(id, "NotificationSuppressed").size() == 1);
        assertThat(notificationEvents(id, "NotificationSuppressed").getFirst().value()).contains("NO_CONTACT_DETAILS");
    }

    @Test
    void aMovedAppointmentMovesItsRemindersAndAFinishedPreparationDropsItsReminder() throws Exception {
        Patient patient = patient(9, false, true);
        Instant start = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofDays(4));
        UUID appointment = UUID.randomUUID();
        UUID plan = UUID.randomUUID();
        UUID provider = UUID.randomUUID();
        events.publish(new AppointmentBooked(UUID.randomUUID(), patient.id(), clock.instant(), appointment, plan, null,
                provider, AppointmentKind.DOSING_SESSION, 1, start, start.plus(Duration.ofHours(3)), false));
        await().atMost(WAIT).until(() -> notificationsOf(patient).size() == 3);

        // The patient moves it a day later: every reminder moves with it, and nobody is told (they did it).
        Instant later = start.plus(Duration.ofDays(1));
        events.publish(new AppointmentRescheduled(UUID.randomUUID(), patient.id(), clock.instant(), appointment,
                AppointmentKind.DOSING_SESSION, provider, start, later, later.plus(Duration.ofHours(3)),
                ChangeInitiator.PATIENT, false));
        await().atMost(WAIT).until(() -> notificationsOf(patient).stream().allMatch(n -> later.equals(n.appointmentStart)));
        assertThat(notificationsOf(patient)).extracting(n -> n.dueAt).containsExactlyInAnyOrder(
                later.minus(Duration.ofHours(48)), later.minus(Duration.ofHours(24)), later.minus(Duration.ofHours(1)));
        assertThat(notificationsOf(patient)).allSatisfy(n -> assertThat(n.status).isEqualTo(Notification.Status.SCHEDULED));

        // The preparation is done: its reminder is dropped; the appointment reminders stay.
        events.publish(new care.contracts.session.SessionPrepared(UUID.randomUUID(), patient.id(), clock.instant(),
                UUID.randomUUID(), appointment, plan, 1));
        await().atMost(WAIT).until(() -> notificationsOf(patient).stream().anyMatch(n ->
                n.purpose == care.contracts.notification.Purpose.PREPARATION_REMINDER
                        && n.status == Notification.Status.CANCELLED));

        // The clinic moves it again: the patient is told, by email (the only consented channel).
        Instant clinicTime = later.plus(Duration.ofHours(2));
        events.publish(new AppointmentRescheduled(UUID.randomUUID(), patient.id(), clock.instant(), appointment,
                AppointmentKind.DOSING_SESSION, provider, later, clinicTime, clinicTime.plus(Duration.ofHours(3)),
                ChangeInitiator.CLINIC_STAFF, false));
        await().atMost(WAIT).until(() -> emailsTo(patient.email()).size() == 1);
        assertThat(emailsTo(patient.email()).getFirst().getSubject()).isEqualTo(CLINIC + ": appointment moved");
        assertThat(notificationsOf(patient)).filteredOn(n -> n.purpose
                == care.contracts.notification.Purpose.APPOINTMENT_REMINDER).extracting(n -> n.dueAt)
                .containsExactlyInAnyOrder(clinicTime.minus(Duration.ofHours(24)), clinicTime.minus(Duration.ofHours(1)));

        // A preparation finished before its booking arrives means no preparation reminder at all.
        UUID early = UUID.randomUUID();
        events.publish(new care.contracts.session.SessionPrepared(UUID.randomUUID(), patient.id(), clock.instant(),
                UUID.randomUUID(), early, plan, 2));
        await().atMost(WAIT).until(() -> mongo.findById(Reminders.preparationId(early), Notification.class) != null);
        Instant second = start.plus(Duration.ofDays(6));
        events.publish(new AppointmentBooked(UUID.randomUUID(), patient.id(), clock.instant(), early, plan, null,
                provider, AppointmentKind.DOSING_SESSION, 2, second, second.plus(Duration.ofHours(3)), false));
        await().atMost(WAIT).until(() -> notificationsOf(patient).stream().filter(n -> early.equals(n.referenceId))
                .count() == 3);
        assertThat(mongo.findById(Reminders.preparationId(early), Notification.class).status)
                .isEqualTo(Notification.Status.CANCELLED);
    }

    PatientProfile profileOf(Patient patient) {
        return mongo.findById(patient.id().toString(), PatientProfile.class);
    }

    org.bson.Document acceptedSignature(String replayKey) {
        return mongo.findById(replayKey, org.bson.Document.class, AcceptedSignatures.COLLECTION);
    }

    /** The {@value WebhookSignature#HEADER} a provider sends with this body at this time. */
    static String sign(String body, Instant at) {
        return new WebhookSignature(SECRET, Duration.ofMinutes(5)).sign(body.getBytes(StandardCharsets.UTF_8), at);
    }

    HttpResponse<String> signed(String path, String body, String signature) {
        return api().postWithHeaders(path, null, Map.of(WebhookSignature.HEADER, signature), body);
    }

    HttpResponse<String> webhook(String path, String body, String secret) {
        Map<String, String> headers = secret == null ? Map.of()
                : Map.of(WebhookSignature.HEADER, new WebhookSignature(secret, Duration.ofMinutes(5))
                        .sign(body.getBytes(StandardCharsets.UTF_8), clock.instant()));
        return api().postWithHeaders(path, null, headers, body);
    }
}
